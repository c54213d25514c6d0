"""A count learned from real notes (issue 29, items 3 and 5), tried against the rule it would replace.

    python bench/count_learned.py [runs/pn_corpus]     # after bench/count.py (its cached notes and true counts)

The training examples of a pitch-net run (`mss_train_pitch ... --corpus-share 0.5`: half of them play real
scores' notes, 03c) carry basic-pitch's notes of their mix and their true number of parts. A multinomial
logistic regression learns the count from features of those notes: the share of the sounding time with at
least c notes (c = 2..6, partials of a lower note left out, as `count_parts` does), how often notes start
together (chords), the pitch span, the note rate, the median length and the mean polyphony. It is fitted
on the run's training seeds, checked on its held-back seeds, then scored on the real sets against
`count_parts` (share 0.2, the rule `--k auto` uses). Writes results/corpus/count_learned.json and .md.
"""
import glob, json, os, sys
from pathlib import Path
import numpy as np, pandas as pd
os.environ.setdefault('OMP_NUM_THREADS', '1')
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from mss_nb.core import save_json, atomic_write_text, results_dir, _package_root
from mss_nb.evaluation import markdown_table
from mss_nb.transcribe import NOTE_TABLE, count_parts
from mss_nb.count import count_features as _count_features


def count_features(notes):
    "The polyphony profile, chord onsets, span, note rate, median length and mean polyphony: the first 11 of `17b_count.count_features`."
    return _count_features(notes)[:11]


def main():
    run = Path(sys.argv[1] if len(sys.argv) > 1 else _package_root() / 'runs' / 'pn_corpus')
    folder = next(iter(glob.glob(str(run / 'cache' / 'features-*'))))
    X, y, seeds, rule = [], [], [], []
    for f in sorted(glob.glob(f'{folder}/*.npz')):
        with np.load(f) as z: notes, k = pd.DataFrame(z['notes'], columns=NOTE_TABLE), z['M'].shape[0]
        X.append(count_features(notes)), y.append(k), seeds.append(int(Path(f).stem)), rule.append(count_parts(notes))
    X, y, seeds, rule = np.array(X), np.array(y), np.array(seeds), np.array(rule)
    tr, he = seeds < 10**9, seeds >= 10**9
    model = make_pipeline(StandardScaler(), LogisticRegression(C=1., max_iter=2000)).fit(X[tr], y[tr])
    held = dict(learned=float((model.predict(X[he]) == y[he]).mean()), rule=float((rule[he] == y[he]).mean()))
    rows = []
    for r in json.load(open(results_dir() / 'real' / 'count.json'))['songs']:
        notes = pd.read_csv(results_dir() / 'real' / 'notes' / r['set'] / f"{r['song']}.csv")
        rows.append(dict(set=r['set'], n=r['n'], rule=count_parts(notes), learned=int(model.predict(count_features(notes)[None])[0])))
    df = pd.DataFrame(rows)
    right = pd.DataFrame({c: (df[c] == df.n).groupby(df.set).mean() for c in ('rule', 'learned')})
    md = ['# A count learned from real notes, against the rule', '',
          f'`python bench/count_learned.py {run}`: {int(tr.sum())} training examples ({run.name}), '
          f'{int(he.sum())} held back: the learned count is right on {held["learned"]:.0%} of the held-back examples, the rule on {held["rule"]:.0%}.', '',
          'Share of songs counted right on the real sets (`rule`: `count_parts`, share 0.2):', '', markdown_table(right, 2), '']
    for s, d in df.groupby('set'): md += [f'## {s}: true count (rows) against the learned count', '', markdown_table(pd.crosstab(d.n, d.learned), 0), '']
    out = results_dir() / 'corpus'
    save_json(out / 'count_learned.json', dict(run=str(run), held_back=held, right=right.to_dict()))
    atomic_write_text(out / 'count_learned.md', '\n'.join(md) + '\n')
    print('\n'.join(md))


if __name__ == '__main__': main()
