"""Collect the `mss_eval` results of the label-free separators on every test set into one table.

Reads `results/spatial/<set>_{oracle,auto}/results.json` (written by the `mss_eval` commands in
`nbs/15_spatial.ipynb`) and writes `results/spatial/summary.json` and `results/spatial/summary.md`.
"""
import json, sys
import pandas as pd
from pathlib import Path
from mss_nb.core import save_json, atomic_write_text

METHODS = ['oracle_irm', 'spatial', 'spatial-mask', 'spatial-mwf', 'mixit-tf-kmeans', 'mixit', 'nmf_kmeans', 'latent-kmeans+mc', 'latent-kmeans']
SETS = [('synth', 'other', 'synth `other`'), ('synth', 'bassdb', 'synth `bassdb`'), ('fluidr3', 'other', 'FluidR3 (unseen SoundFont)'),
        ('waltz', 'other', 'waltz (unseen style)'), ('randpan', 'other', 'random pans'), ('centre', 'other', 'all parts centred')]

def load(root, name, k):
    p = Path(root)/f'{name}_{k}'/'results.json'
    return json.loads(p.read_text()) if p.exists() else None

def summarise(root='results/spatial'):
    out = {}
    for name, v, label in SETS:
        o, a = load(root, name, 'oracle'), load(root, name, 'auto')
        if o is None or v not in o: continue
        gt, byi = o[v]['ground_truth'], o[v]['by_instruments']
        gtc = pd.read_csv(Path(root)/f'{name}_oracle'/f'ground_truth_{v}.csv').groupby('song').n_inst.first()
        out[label] = {'songs_by_n': {str(n): int(c) for n, c in gtc.value_counts().sort_index().items()}}
        out[label].update({m: dict(si_sdri=gt[m]['si_sdri'], by_n={n: byi[m][n] for n in sorted(byi[m])},
                              k_correct_auto=a[v]['ground_truth'][m]['k_correct'] if a and v in a and m in a[v]['ground_truth'] else None,
                              k_auto=a[v]['ground_truth'][m]['k'] if a and v in a and m in a[v]['ground_truth'] else None)
                      for m in METHODS if m in gt})
    return out

POOLED = ['synth', 'fluidr3', 'waltz']   # held-out sets with the training set's placement (parts spread across the stereo image)

def pooled(root='results/spatial'):
    "Mean SI-SDRi per method and number of instruments over all references of the POOLED sets (`other` variant, K = true count)."
    files = [Path(root)/f'{n}_oracle'/'ground_truth_other.csv' for n in POOLED]
    df = pd.concat([pd.read_csv(f).assign(set=f.parent.name) for f in files if f.exists()])
    t = df.pivot_table(index='method', columns='n_inst', values='si_sdri', aggfunc='mean')
    songs = df.groupby(['set', 'song']).n_inst.first().value_counts().sort_index()
    return {m: {str(n): float(t.loc[m, n]) for n in t.columns} for m in METHODS if m in t.index}, {str(n): int(c) for n, c in songs.items()}

def fmt(x, plus=True): return '–' if x is None else (f'{x:+.2f}' if plus else f'{x:.0%}')

def to_md(s):
    sets = [t for t in s if t != 'pooled']
    md = ['# Label-free separators on every test set (10 songs each, K = true count; counting with `--k auto`)', '',
          '## Mean SI-SDRi (dB)', '', '| method | ' + ' | '.join(sets) + ' |', '|---' * (len(sets) + 1) + '|']
    md += [f'| {m} | ' + ' | '.join(fmt(s[t].get(m, {}).get('si_sdri')) for t in sets) + ' |' for m in METHODS]
    md += ['', '## By number of instruments, 2 / 3 / 4 (dB)', '', '| method | ' + ' | '.join(sets) + ' |', '|---' * (len(sets) + 1) + '|']
    md += ['| songs | ' + ' | '.join(' / '.join(str(s[t]['songs_by_n'].get(n, 0)) for n in '234') for t in sets) + ' |']
    md += [f'| {m} | ' + ' | '.join(' / '.join(fmt(v) for v in s[t][m]['by_n'].values()) if m in s[t] else '–' for t in sets) + ' |' for m in METHODS]
    md += ['', '## Number of instruments right (`--k auto`), share of songs (mean K)', '', '| method | ' + ' | '.join(sets) + ' |', '|---' * (len(sets) + 1) + '|']
    md += [f'| {m} | ' + ' | '.join(f"{fmt(s[t][m]['k_correct_auto'], False)} ({s[t][m]['k_auto']:.1f})" if m in s[t] and s[t][m]['k_auto'] is not None else '–' for t in sets) + ' |'
           for m in ('spatial', 'mixit', 'mixit-tf-kmeans', 'latent-kmeans')]
    if 'pooled' in s:
        p, songs = s['pooled']
        md += ['', f"## Pooled over {', '.join(POOLED)} (`other`), by number of instruments 2 / 3 / 4 ({' / '.join(map(str, songs.values()))} songs)", '', '| method | SI-SDRi (dB) |', '|---|---|']
        md += [f"| {m} | " + ' / '.join(fmt(v) for v in p[m].values()) + ' |' for m in METHODS if m in p]
    return '\n'.join(md) + '\n'

if __name__ == '__main__':
    root = sys.argv[1] if len(sys.argv) > 1 else 'results/spatial'
    s = summarise(root); s['pooled'] = pooled(root); save_json(Path(root)/'summary.json', s)
    atomic_write_text(Path(root)/'summary.md', to_md(s)); print(to_md(s))
