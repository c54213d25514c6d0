"""basic-pitch's note decoder on the real-score dev sets: onset threshold x frame threshold x minimum
length, onset note F1 against the saved notes (`17_transcribe`, `03b_realmusic`).

    bash scripts/make_real.sh        # the sets
    python bench/thresholds.py       # results/real/thresholds.json and thresholds.md

The salience is computed once per song (`note_salience`); every setting decodes it again
(`transcribe(..., salience=)`). Only the dev sets (training libraries) are swept: the MuseScore
test sets never choose. Scores are on each piece's 'other' stem, mono, at 22.05 kHz.
"""
import itertools, json, os, sys
from pathlib import Path
import numpy as np, pandas as pd

os.environ.setdefault('OMP_NUM_THREADS', '1')
from mss_nb.core import save_json, atomic_write_text, data_dir, results_dir
from mss_nb.evaluation import eval_songs, markdown_table

SETS = ['real_scores_dev', 'real_scores_dev_placed']
GRID = dict(onset_threshold=[0.3, 0.4, 0.5, 0.6], frame_threshold=[0.2, 0.3, 0.4], min_note_ms=[58., 127.7])
DEFAULT = dict(onset_threshold=0.5, frame_threshold=0.3, min_note_ms=127.7)

def sweep(sets, # real-score sets under data/ (those not made yet are skipped)
          grid:dict, # `transcribe`'s decoder options, each with the values tried
          progress:bool=True):
    """Every song of `sets` decoded at every setting of `grid`, the salience computed once per song:
    a table with one row per song and setting, and its `transcription_scores`."""
    from mss_nb.synth import load_notes
    from mss_nb.transcribe import transcribe, transcription_scores, note_salience
    from tqdm.auto import tqdm
    rows = []
    for s in sets:
        if not (data_dir() / s / 'manifest.json').exists(): continue
        for name, x, parts in tqdm(list(eval_songs(data_dir() / s, 'test', 22050, 'other')), desc=s, disable=not progress):
            ref, sal = load_notes(data_dir() / s / 'test' / name), note_salience(x, 22050)
            for combo in itertools.product(*grid.values()):
                kw = dict(zip(grid, combo))
                sc = transcription_scores(ref, transcribe(None, 22050, salience=sal, **kw)[0])
                rows.append(dict(set=s, song=name, **kw, **sc))
    return pd.DataFrame(rows)

def main():
    df = sweep(SETS, GRID)
    t = df.groupby(list(GRID)).note_f1_onset.mean().sort_values(ascending=False).to_frame('note F1 (onset)')
    t['frame F1'] = df.groupby(list(GRID)).frame_f1.mean()
    best, dflt = float(t.iloc[0, 0]), float(t.loc[tuple(DEFAULT.values()), 'note F1 (onset)'])
    out = results_dir() / 'real'
    out.mkdir(parents=True, exist_ok=True)
    save_json(out / 'thresholds.json', dict(sets=SETS, songs=int(df.song.nunique() if len(df) else 0), grid=GRID,
                                             default=DEFAULT, default_f1=dflt, best_f1=best,
                                             best=dict(zip(GRID, map(float, t.index[0]))),
                                             table=json.loads(t.reset_index().to_json(orient='records'))))
    md = ['# basic-pitch decoder thresholds on the real-score dev sets', '',
          f'`python bench/thresholds.py`; {len(df) // max(len(t), 1)} pieces (dev sets only); mean note F1 (onset) '
          f'and frame F1. Default {DEFAULT}: {dflt:.3f}; best: {best:.3f}.', '',
          markdown_table(t.reset_index().set_index('onset_threshold'), 3)]
    atomic_write_text(out / 'thresholds.md', '\n'.join(md) + '\n')
    print('\n'.join(md))

if __name__ == '__main__': main()
