"""What the experiments on `rendered-ensemble`'s members share: the members cached by `bench/ensemble_rules.py`, read
song by song, and the table of variants over the real sets.

    from cached import cached_song, score, run_table, weights_args   # experiments/ is on sys.path when an experiment runs
"""
import glob, os, sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
import numpy as np, pandas as pd
os.environ.setdefault('OMP_NUM_THREADS', '1')
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / 'bench'))
from ensemble_rules import CACHE, SETS, DEV, OUT                      # the members' cache and the sets


def cached_song(f):
    """One cached song, one thread: `(set, song, mono mixture, {part: audio}, members, K, notes)`; `members` holds the
    cache's `rp`, `pn`, `ph` and `vo` (each K sources) and the notes are transcribed as the members' were."""
    from mss_nb.core import set_threads
    set_threads(1)
    from mss_nb.transcribe import transcribe
    s, name = Path(f).stem.split('__')
    d = np.load(f)
    x = d['x']
    members = {m: list(d[m]) for m in ('rp', 'pn', 'ph', 'vo')}
    return s, name, x, dict(zip(d['names'], d['parts'])), members, len(d['names']), transcribe(x, 22050)[0]


def score(s, name, x, parts, out, **extra):
    "Rows `dict(set, song, rule, si_sdri, **extra)`: each variant's SI-SDRi (mean over parts) from `out` = `{rule: sources}`."
    from mss_nb.evaluation import score_song
    return [dict(set=s, song=name, rule=r, si_sdri=float(np.mean([q['si_sdri'] for q in score_song(x, parts, y)])), **extra)
            for r, y in out.items()]


def weights_args(argv, doc, what):
    "The options of the experiments that weigh a timbre term: `(args, weights)`; `--jobs` and `--weights` (`what` weighs)."
    import argparse
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--jobs', type=int, default=2, help='songs scored at once (one process and thread each)')
    ap.add_argument('--weights', default='0.5,1,2', help=f'{what} weights w tried')
    a = ap.parse_args(argv)
    return a, [float(w) for w in a.weights.split(',')]


def run_table(rows_of, jobs, stem, title, command, extra=None, lines=None):
    """`rows_of(file)` over every cached song (`jobs` processes), the mean per set and rule with the dev mean, sorted;
    written as results/real/<stem>.json and .md, with `extra(rows)` (a dict) in the JSON and `lines(rows)` under the
    table where given; returns `(table, rows)`."""
    from mss_nb.core import save_json, atomic_write_text
    from mss_nb.evaluation import markdown_table
    files = sorted(glob.glob(str(CACHE / '*.npz')))
    if not files: sys.exit(f'{CACHE}: empty; run bench/ensemble_rules.py first')
    with ProcessPoolExecutor(jobs) as ex: d = pd.DataFrame(sum(ex.map(rows_of, files), []))
    t = d.groupby(['set', 'rule']).si_sdri.mean().unstack(0)[SETS]
    t.insert(3, 'dev mean', t[DEV].mean(axis=1))
    t = t.sort_values('dev mean', ascending=False)
    save_json(OUT / f'{stem}.json', dict(table=t.round(3).to_dict(), songs=d.round(3).to_dict('records'), **(extra(d) if extra else {})))
    md = [f'# {title}', '', f'`{command}`: K = the true count, mono down-mix at 22.05 kHz, SI-SDRi (dB), mean over parts '
          'then songs; members from `bench/ensemble_rules.py`. Dev sets (first three) choose; the MuseScore test sets report.',
          '', markdown_table(t.round(2)), *(lines(d) if lines else [])]
    atomic_write_text(OUT / f'{stem}.md', '\n'.join(md) + '\n')
    print('\n'.join(md))
    return t, d
