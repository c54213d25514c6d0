"""Autoencoder experiments table: reconstruction metrics on the synthetic test split (whole songs,
SPEC §1), latent health and training throughput for every run folder written by `mss_train`.

    python bench/autoencoder.py runs/exp/e1_paper_nokl runs/exp/e2_paper runs/exp/e3_full runs/ae_cpu

Each run folder needs `best/` and `test_metrics.json` (what `mss_train` writes). Also adds the
stage-1 row (Open-Unmix 'other' vs true 'other') from results/stage1.json when present.
Writes results/autoencoder.json and results/autoencoder.md.
"""
import argparse, json
from pathlib import Path
import numpy as np
from mss_nb.core import load_json, save_json, atomic_write_text

COLS = ['mse', 'snr', 'psnr', 'cosine', 'spectral_mse', 'si_sdr']

def run_row(run:Path)->dict:
    hist, args, cfg = (load_json(run/'best'/f) for f in ('history.json', 'train.json', 'config.json'))
    tm = load_json(run/'test_metrics.json')['mean']
    tr, va = hist['train'], hist['valid']
    wall = tr[-1]['wall']; steps = len(tr)
    best = min(va, key=lambda v: v['loss'])
    kl = np.array(hist['kl_channels'])
    loss = '+'.join(k for k in ('w_time_l1', 'w_time_mse', 'w_spec_mse', 'w_mrstft', 'w_mel', 'w_snr', 'w_kl') if cfg[k])
    return dict(run=run.name, loss=loss.replace('w_', ''), steps=steps, best_step=best['step'], minutes=round(wall / 60, 1),
                excerpt_s_per_s=round(steps * args['batch_size'] * args['seconds'] / wall, 1),
                **{k: tm[k] for k in COLS}, active_latents=f"{best['active']}/{cfg['latent_dim']}",
                kl_per_channel_mean=float(kl.mean()), kl_per_channel_max=float(kl.max()),
                valid_snr_curve={v['step']: round(v['snr'], 2) for v in va})

def main(runs, out='results'):
    rows = [run_row(Path(r)) for r in runs]
    s1 = Path(out)/'stage1.json'
    if s1.exists():
        o = load_json(s1)['umx_other_vs_true_other_mean']
        rows.append(dict(run='open-unmix other (stage 1)', loss='-', **{k: o[k] for k in COLS}))
    save_json(Path(out)/'autoencoder.json', rows)
    head = ['run', 'loss', 'steps', 'minutes', 'excerpt_s_per_s'] + COLS + ['active_latents', 'kl_per_channel_mean']
    fmt = lambda v: f'{v:.4g}' if isinstance(v, float) else str(v)
    md = ['| ' + ' | '.join(head) + ' |', '|' + '---|' * len(head)]
    md += ['| ' + ' | '.join(fmt(r.get(h, '')) for h in head) + ' |' for r in rows]
    md += ['', 'Validation SNR (dB) by step (held-back training songs):', '']
    md += [f"- {r['run']}: {r['valid_snr_curve']}" for r in rows if 'valid_snr_curve' in r]
    atomic_write_text(Path(out)/'autoencoder.md', '\n'.join(md) + '\n'); print('\n'.join(md))

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('runs', nargs='+'); p.add_argument('--out', default='results')
    main(**vars(p.parse_args()))
