"""The rendered-parts separator's training on a GPU: both presets' networks, a few hundred steps each.

    python bench/gpu_train.py --cache CACHE --sf2 TimGM6mb.sf2 [--steps 300] [--batch-size 32]

It checks what CPU runs cannot: that `train_rendered` (16_rendered) runs on CUDA with the bf16 autocast
of `fit` (10_training) for the `cpu` and the `gpu` network (14_mixit's MIXIT_PRESETS), that the loss falls
and that the best checkpoint loads back; and it times a step. CACHE holds rendered examples
(03_engine's `RenderCache`, `<seed>.npy`): seeds 0..pool-1 for training and 10**9.. for validation, so
that nothing is rendered on the GPU machine (it has no FluidSynth); --sf2 is the training library those
examples name (its digest is checked against the held-out one, as in every training run). The examples
are a small pool, so the losses say that training works, not how good a model gets: quality is
measured by bench/rendered.py. Writes results/gpu_train.json and .md (or -o).
"""
import argparse, json, time
from pathlib import Path
import torch
from mss_nb.core import save_json, atomic_write_text
from mss_nb.mixit import MaskNetConfig, MIXIT_PRESETS, load_masknet
from mss_nb.rendered import train_rendered
from mss_nb.training import TrainOptions

def run_preset(name, a, out):
    "Train preset `name`'s network for `a.steps` steps on CUDA; its timings and losses."
    cfg = MaskNetConfig(**MIXIT_PRESETS[name])
    gpu = a.device == 'cuda'
    if gpu: torch.cuda.reset_peak_memory_stats()
    t0 = time.time()
    opts = TrainOptions(steps=a.steps, batch_size=a.batch_size, valid_every=a.steps // 3, n_valid=a.n_valid,
                        libraries={'timgm6mb': Path(a.sf2)}, pool=a.pool, device=a.device, progress=False)
    h = train_rendered(out / name, cfg, opts, a.cache, seconds=a.seconds, remix=0.5, cache_bytes=1 << 40)
    wall = [r['wall'] for r in h['train']]
    tl = [r['loss'] for r in h['train']]
    m = load_masknet(out / name / 'best', a.device)
    return dict(preset=name, slots=cfg.n_slots, hidden=cfg.hidden, layers=cfg.layers, n_fft=cfg.n_fft,
                batch_size=a.batch_size, seconds=a.seconds, steps=a.steps,
                s_per_step=round((wall[-1] - wall[9]) / (len(wall) - 10), 4),
                total_s=round(time.time() - t0, 1), loss_first10=round(sum(tl[:10]) / 10, 2),
                loss_last10=round(sum(tl[-10:]) / 10, 2),
                valid=[round(v['loss'], 2) for v in h['valid']],
                peak_gb=round(torch.cuda.max_memory_allocated() / 2**30, 2) if gpu else None,
                reloaded_params=sum(p.numel() for p in m.parameters()))

def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--cache', required=True, help='rendered examples: 0..pool-1 and 10**9..')
    p.add_argument('--sf2', required=True, help='the training library the examples were rendered with')
    p.add_argument('--pool', type=int, default=10)
    p.add_argument('--n-valid', type=int, default=4)
    p.add_argument('--steps', type=int, default=300)
    p.add_argument('--batch-size', type=int, default=32)
    p.add_argument('--seconds', type=float, default=3.)
    p.add_argument('--presets', default='cpu,gpu')
    p.add_argument('--runs', default='/tmp/gpu_train', help='where the runs go')
    p.add_argument('-o', '--out', default='results/gpu_train')
    p.add_argument('--device', default='cuda', help="'cpu' only to try the script itself")
    a = p.parse_args()
    if a.device == 'cuda' and not torch.cuda.is_available():
        raise SystemExit('no CUDA device: this benchmark needs a GPU')
    rows = [run_preset(n, a, Path(a.runs)) for n in a.presets.split(',')]
    res = dict(device=torch.cuda.get_device_name(0) if a.device == 'cuda' else 'cpu', torch=torch.__version__, rows=rows)
    save_json(f"{a.out}.json", res)
    md = [f"Training step of the rendered-parts separator on {res['device']} (torch {res['torch']}, "
          f"bf16 autocast), {a.steps} steps of {a.batch_size} × {a.seconds:g} s, pool of {a.pool} examples.", '',
          '| preset | slots | hidden × layers | n_fft | s / step | train loss first → last 10 (dB) | valid (dB) | peak GB |',
          '|---|---|---|---|---|---|---|---|']
    md += [f"| {r['preset']} | {r['slots']} | {r['hidden']} × {r['layers']} | {r['n_fft']} | {r['s_per_step']} | "
           f"{r['loss_first10']} → {r['loss_last10']} | {' / '.join(map(str, r['valid']))} | {r['peak_gb']} |"
           for r in rows]
    atomic_write_text(f'{a.out}.md', '\n'.join(md) + '\n')
    print(json.dumps(res, indent=1))

if __name__ == '__main__': main()
