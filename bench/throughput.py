"""Training throughput of the autoencoder presets: excerpt-seconds of audio per second of wall time,
one optimiser step = forward + loss + backward + Adam, batch 8 x 1 s excerpts (synthetic noise input).

    python bench/throughput.py [--steps 5] [--device cpu]

Writes results/throughput.json and results/throughput.md. Run it on an otherwise idle machine.
"""
import argparse, json, os, platform, time
from pathlib import Path
import torch
from mss_nb.autoencoder import VariationalSEANet, ae_config, n_params
from mss_nb.losses import total_loss
from mss_nb.core import save_json, atomic_write_text, get_device

def measure(preset, steps, device, batch=8, seconds=1.):
    cfg = ae_config(preset); m = VariationalSEANet(cfg).to(device); opt = torch.optim.Adam(m.parameters())
    x = 0.1 * torch.randn(batch, 1, int(seconds * cfg.sample_rate), device=device)
    for i in range(steps + 1):
        if i == 1:
            if device.type == 'cuda': torch.cuda.synchronize()
            t = time.time()
        with torch.autocast('cuda', dtype=torch.bfloat16, enabled=device.type == 'cuda'):
            loss, _ = total_loss(x, m(x), cfg, 100)
        opt.zero_grad(); loss.backward(); opt.step()
    if device.type == 'cuda': torch.cuda.synchronize()
    dt = (time.time() - t) / steps
    return dict(preset=preset, params_M=round(n_params(m) / 1e6, 2), s_per_step=round(dt, 3), excerpt_s_per_s=round(batch * seconds / dt, 2))

def main(steps=5, device='cpu', out='results'):
    dev = get_device(device)
    rows = [measure(p, steps, dev) for p in ('cpu', 'paper')]
    machine = dict(device=str(dev), threads=torch.get_num_threads(), cpu=platform.processor() or platform.machine(), cores=os.cpu_count(),
                   gpu=torch.cuda.get_device_name() if dev.type == 'cuda' else None, torch=torch.__version__)
    save_json(Path(out)/f'throughput_{dev.type}.json', dict(machine=machine, rows=rows))
    md = [f"Machine: {machine}", '', '| preset | params (M) | s/step (batch 8 x 1 s) | excerpt-s per s |', '|---|---|---|---|']
    md += [f"| {r['preset']} | {r['params_M']} | {r['s_per_step']} | {r['excerpt_s_per_s']} |" for r in rows]
    atomic_write_text(Path(out)/f'throughput_{dev.type}.md', '\n'.join(md) + '\n'); print('\n'.join(md))

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--steps', type=int, default=5); p.add_argument('--device', default='cpu'); p.add_argument('--out', default='results')
    main(**vars(p.parse_args()))
