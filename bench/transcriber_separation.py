"""Does a different transcriber help the separation? The default method on the real dev sets with
another note model or other decoder thresholds, against its scores in results/real (issue 29, item 6).

    python bench/transcriber_separation.py --name tuned --model results/transcriber/nmp_step600.onnx
    python bench/transcriber_separation.py --name onset0.7 --thresholds 0.7,0.3

Each run is `mss_eval SET OUT --methods <default> --k oracle|auto --variants other --no-bss` in a
process of its own, with `17_transcribe.note_model` (and with --thresholds, `transcribe`'s
defaults) replaced there; nothing on disk changes. The dev sets decide; the test sets are left alone.
Writes results/transcriber/<name>/<set>_<k>/ (skipped where results.json exists) and
results/transcriber/<name>.{json,md}.
"""
import argparse, subprocess, sys
from pathlib import Path
import pandas as pd
from mss_nb.core import data_dir, results_dir, save_json, atomic_write_text

DEV = ['real_scores_dev', 'real_scores_dev_placed', 'real_prod_dev']

RUN = """
import sys, mss_nb.transcribe as T
model, thresholds, args = sys.argv[1], sys.argv[2], sys.argv[3:]
if model:
    import functools
    T.note_model = functools.partial(T.note_model, path=model)      # the graph at `model` instead of the wheel's
if thresholds:
    o, f = map(float, thresholds.split(','))
    T.transcribe.__defaults__ = (o, f) + T.transcribe.__defaults__[2:]
from mss_nb.cli import mss_eval
sys.argv = ['mss_eval'] + args
mss_eval()
"""

def scores(folder, method):
    "Mean SI-SDRi over songs and the share of K right of `method`, from one mss_eval folder (`bench/real.table`)."
    from real import table
    t = table(None, None, Path(folder))[0]
    return float(t.loc[method, 'all']), float(t.loc[method, 'K right'])

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--name', required=True, help='the experiment, e.g. tuned')
    ap.add_argument('--model', default='', help='an ONNX note model (default: the wheel\'s)')
    ap.add_argument('--thresholds', default='', help='onset,frame decoder thresholds (default: transcribe\'s)')
    a = ap.parse_args(argv)
    from mss_nb.methods import DEFAULT_METHOD
    out = results_dir() / 'transcriber' / a.name
    rows = []
    for s in DEV:
        for k in ('oracle', 'auto'):
            f = out / f'{s}_{k}'
            if not (f / 'results.json').exists():
                subprocess.run([sys.executable, '-c', RUN, str(Path(a.model).resolve()) if a.model else '', a.thresholds,
                                str(data_dir() / s), str(f), '--methods', DEFAULT_METHOD, '--k', k, '--variants', 'other',
                                '--no-bss', '--threads', '1', '-q', '--force'], check=True)
            base = results_dir() / 'real' / f'{s}_{k}_spatial-mean'
            (b, bk), (n, nk) = scores(base, DEFAULT_METHOD), scores(f, DEFAULT_METHOD)
            rows.append(dict(set=s, k=k, base=b, new=n, gain=n - b, base_k_right=bk, new_k_right=nk))
    t = pd.DataFrame(rows)
    mean = t.groupby('k')[['base', 'new', 'gain']].mean()
    save_json(out.parent / f'{a.name}.json', dict(args=vars(a), method=DEFAULT_METHOD, rows=rows,
                                                   dev_mean={k: r.to_dict() for k, r in mean.iterrows()}))
    md = [f'# The default with transcriber `{a.name}` on the real dev sets', '',
          f'`python bench/transcriber_separation.py --name {a.name}' + (f' --model {a.model}' if a.model else '')
          + (f' --thresholds {a.thresholds}' if a.thresholds else '') + f'`; method {DEFAULT_METHOD}, SI-SDRi (dB); '
          'base = its scores in results/real (the shipped model, thresholds 0.5 / 0.3).', '',
          '| set | K | base | new | gain | K right: base / new |', '|---|---|---|---|---|---|'] + \
         [f"| {r['set']} | {r['k']} | {r['base']:+.2f} | {r['new']:+.2f} | {r['gain']:+.2f} | "
          f"{r['base_k_right']:.2f} / {r['new_k_right']:.2f} |" for r in rows] + \
         [f'| dev mean | {k} | {r.base:+.2f} | {r.new:+.2f} | {r.gain:+.2f} | |' for k, r in mean.iterrows()]
    atomic_write_text(out.parent / f'{a.name}.md', '\n'.join(md) + '\n')
    print('\n'.join(md))

if __name__ == '__main__': main()
