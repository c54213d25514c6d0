"""Counting the parts from the transcribed notes, on the real-score sets (`--k auto` of the pitch methods).

    python bench/count.py                   # transcribes each song once (cached), writes the tables

For every song: basic-pitch's notes of the 'other' stem (mono, 22.05 kHz), then each counting rule
against the true number of parts. Rules, all reading only the notes:
  polyphony            the largest number of notes sounding together for 0.25 s (today's rule, `17_transcribe`)
  share=s              the largest count c whose time (at least c notes sounding) is at least a share s,
                       partials of a lower note starting with them left out
                       of the time at least one note sounds (`count_parts`)
The share is chosen on the dev sets (training libraries); the test sets (MuseScore_General) report.
Writes results/real/count.json and count.md.
"""
import os, sys
from pathlib import Path
import numpy as np, pandas as pd
sys.path.insert(0, str(Path(__file__).parent))
from common import notes_of
os.environ.setdefault('OMP_NUM_THREADS', '1')
from mss_nb.core import save_json, atomic_write_text, data_dir, results_dir
from mss_nb.evaluation import markdown_table
from mss_nb.transcribe import polyphony, count_parts

SETS = ['real_scores_dev', 'real_scores_dev_placed', 'real_scores_test', 'real_scores_test_placed', 'real_prod_dev']
SHARES = [0.1, 0.15, 0.2, 0.25, 0.3]
OUT = results_dir() / 'real'


rows = []
for s in SETS:
    if not (data_dir() / s / 'manifest.json').exists(): continue
    for name, n, notes in notes_of(s, OUT):
        r = dict(set=s, song=name, n=n, polyphony=polyphony(notes))
        r.update({f'share={sh}': count_parts(notes, share=sh) for sh in SHARES})
        rows.append(r)
df = pd.DataFrame(rows)
rules = ['polyphony'] + [f'share={sh}' for sh in SHARES]
right = pd.DataFrame({r: (df[r] == df.n).groupby(df.set).mean() for r in rules})
dev = df[df.set.str.contains('dev')]
best = max(rules[1:], key=lambda r: ((dev[r] == dev.n).mean(), -abs(float(r.split('=')[1]) - 0.2)))
md = ['# Counting parts from transcribed notes (share of songs counted right)', '',
      '`python bench/count.py`; the share is chosen on the dev sets only.', '',
      markdown_table(right, 2), '', f'Chosen on the dev sets: **{best}**.', '']
for s in df.set.unique():
    d = df[df.set == s]
    md += [f'## {s}: true count (rows) against counted, {best}', '', markdown_table(pd.crosstab(d.n, d[best]), 0), '',
           f'and today\'s polyphony rule', '', markdown_table(pd.crosstab(d.n, d.polyphony), 0), '']
save_json(OUT / 'count.json', dict(right=right.to_dict(), chosen=best,
                                   songs=df.to_dict(orient='records')))
atomic_write_text(OUT / 'count.md', '\n'.join(md) + '\n')
print('\n'.join(md))
