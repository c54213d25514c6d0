"""Stage-1 benchmark: museval SDR/SIR/SAR per stem of the project's Open-Unmix on the synthetic test
split, and the SNR of its 'other' estimate against the true 'other' (the seed paper's 5.32 dB figure).

    python bench/stage1.py [--root data/synth] [--model models/umx_synth]

Writes results/stage1.json and results/stage1.md.
"""
import argparse, json, time
from pathlib import Path
import numpy as np
from mss_nb.core import load_audio, save_json, atomic_write_text
from mss_nb.stage1 import eval_stage1
from mss_nb.others import build_others_cache
from mss_nb.metrics import reconstruction_metrics

# published umxhq numbers on MUSDB18-HQ test (median SDR, dB), Stöter et al. 2019 / open-unmix README
UMXHQ = dict(vocals=6.32, drums=5.73, bass=5.23, other=4.02)

def main(root='data/synth', model='models/umx_synth', out='results'):
    t = time.time()
    museval_res = eval_stage1(root, model)
    est = build_others_cache(root, Path(root)/'cache', 'test', 'umx', 22050, model=model)
    gt = build_others_cache(root, Path(root)/'cache', 'test', 'gt', 22050)
    rows = [reconstruction_metrics(load_audio(gt/f.name)[0][0], load_audio(f)[0][0]) for f in sorted(est.glob('*.wav'))]
    other = {k: float(np.mean([r[k] for r in rows])) for k in rows[0]}
    res = dict(root=root, model=model, museval_median=museval_res, umx_other_vs_true_other_mean=other,
               umxhq_published_sdr=UMXHQ, seconds=round(time.time() - t, 1))
    save_json(Path(out)/'stage1.json', res)
    md = ['| stem | SDR (dB) | SIR | SAR | umxhq on MUSDB18-HQ (SDR, for orientation) |', '|---|---|---|---|---|']
    md += [f"| {s} | {v['SDR']:.2f} | {v['SIR']:.2f} | {v['SAR']:.2f} | {UMXHQ[s]:.2f} |" for s, v in museval_res.items()]
    md += ['', f"Open-Unmix 'other' vs true 'other' (22.05 kHz mono, SPEC §1, mean over test songs): "
           f"SNR {other['snr']:.2f} dB, SI-SDR {other['si_sdr']:.2f} dB, cosine {other['cosine']:.3f} (seed paper: 5.32 dB SNR)"]
    atomic_write_text(Path(out)/'stage1.md', '\n'.join(md) + '\n')
    print('\n'.join(md))

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--root', default='data/synth'); p.add_argument('--model', default='models/umx_synth'); p.add_argument('--out', default='results')
    main(**vars(p.parse_args()))
