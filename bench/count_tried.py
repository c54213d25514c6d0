"""Counting rules tried against `count_parts` on the real sets (issue 29, item 5), none of them kept.

    python bench/count_tried.py        # after bench/count.py (its cached notes and true counts)

Every rule reads only the song: basic-pitch's notes (cached by bench/count.py) and, for the timbre
rules, the 'other' stem (mono, 22.05 kHz). Rules:
  count_parts          the shipped rule (share 0.2 of the sounding time, partials left out; 17_transcribe)
  chords merged        notes that start within 60 ms and end within 100 ms of each other count as one
                       (a block chord of a comping part is one part), then count_parts
  chord notes apart    where at least 30 % of the notes start with two others (a chordal texture), the
                       chord notes count as one part and count_parts counts the rest
  timbre t             pitch-net's note embeddings (19_notegroups) clustered by cosine distance t
                       (`count_streams`): the number of distinct timbres
  timbre-GMM BIC       a Gaussian mixture over pitch-harmonic's note features (register, length, envelope;
                       18_harmonic) with the K of lowest BIC, 2 to 4
The dev sets would choose; the test sets (MuseScore_General) only report. Songs whose audio is not
on disk are scored by the note rules alone. Writes results/real/count_tried.json and .md.
"""
import json, os, sys
from pathlib import Path
import numpy as np, pandas as pd
os.environ.setdefault('OMP_NUM_THREADS', '1')
from sklearn.mixture import GaussianMixture
from mss_nb.core import save_json, atomic_write_text, data_dir, results_dir, find_model, set_threads
from mss_nb.evaluation import markdown_table, eval_songs
from mss_nb.transcribe import count_parts, without_partials
from mss_nb.harmonic import note_spectra, first_fit, note_features
from mss_nb.notegroups import note_embeddings, count_streams
from mss_nb.methods import get_method
from mss_nb.pitchnet import load_pitchnet

OUT = results_dir() / 'real'


def merge_chords(notes, on_s=0.06, off_s=0.1):
    "The notes with each block chord (onsets within `on_s`, offsets within `off_s`) kept as its first note."
    n = notes.sort_values('onset_s').reset_index(drop=True)
    o, f, keep = n.onset_s.to_numpy(), n.offset_s.to_numpy(), np.ones(len(n), bool)
    for i in range(len(n)):
        if keep[i]: keep[(np.abs(o - o[i]) < on_s) & (np.abs(f - f[i]) < off_s) & (np.arange(len(n)) > i)] = False
    return n[keep]


def chords_apart(notes, texture=0.3, together_s=0.05):
    "One part for the chord notes (onset shared by two others) where they are `texture` of the notes, plus `count_parts` of the rest."
    n = without_partials(notes)
    o = n.onset_s.to_numpy()
    chord = (np.abs(o[:, None] - o[None]) < together_s).sum(1) >= 3
    if chord.mean() < texture: return count_parts(notes)
    return int(np.clip(1 + (count_parts(n[~chord]) if (~chord).any() else 0), 1, 4))


def bic_count(notes, A, combs):
    "The K (2 to 4) of lowest BIC of a Gaussian mixture over pitch-harmonic's note features."
    Z = note_features(notes, first_fit(A, notes, combs))
    return 2 + int(np.argmin([GaussianMixture(k, covariance_type='diag', random_state=0, n_init=3).fit(Z).bic(Z) for k in (2, 3, 4)]))


def main():
    set_threads(2)
    songs = pd.DataFrame(json.load(open(OUT / 'count.json'))['songs'])
    model = load_pitchnet(find_model(get_method('pitch-net').model))
    audio = {}
    for s in songs.set.unique():
        if not (data_dir() / s / 'manifest.json').exists(): continue
        for name, x, parts in eval_songs(data_dir() / s, 'test', 22050, 'other'): audio[s, name] = np.asarray(x, np.float64)
    rows = []
    for _, r in songs.iterrows():
        notes = pd.read_csv(OUT / 'notes' / r.set / f'{r.song}.csv').reset_index(drop=True)
        row = dict(set=r.set, song=r.song, n=r.n, count_parts=count_parts(notes),
                   **{'chords merged': count_parts(merge_chords(without_partials(notes))), 'chord notes apart': chords_apart(notes)})
        if (r.set, r.song) in audio and len(notes) > 4:
            X, A, combs = note_spectra(audio[r.set, r.song], 22050, notes, model.cfg.n_fft, model.cfg.hop)
            E = note_embeddings(model, A, notes)
            row.update({f'timbre {t}': count_streams(E, t) for t in (0.3, 0.4, 0.5)}, **{'timbre-GMM BIC': bic_count(notes, A, combs)})
        rows.append(row)
    df = pd.DataFrame(rows)
    rules = [c for c in df.columns if c not in ('set', 'song', 'n')]
    right = pd.DataFrame({c: (df[c] == df.n).where(df[c].notna()).groupby(df.set).mean() for c in rules})
    scored = pd.DataFrame({c: df[c].notna().groupby(df.set).sum() for c in rules})
    dev = df[df.set.str.contains('dev')]
    hits = {c: int((dev[c] == dev.n).sum()) for c in rules}
    best = max(rules, key=lambda c: (hits[c], c == 'count_parts'))
    verdict = ('none counts more of them right, so none is kept' if best == 'count_parts'
               else f'`{best}` counts more of them right ({hits[best]})')
    md = ['# Counting rules tried against `count_parts` (share of songs counted right)', '',
          f'`python bench/count_tried.py`. Dev songs counted right, of {len(dev)}: '
          + ', '.join(f'{c} {h}' for c, h in hits.items()) + f'; {verdict}.', '',
          markdown_table(right.T.rename_axis('rule'), 2), '', 'Songs scored per set (the timbre rules need the audio on disk):', '',
          markdown_table(scored.T.rename_axis('rule'), 0), '']
    save_json(OUT / 'count_tried.json', dict(right=right.to_dict(), songs=df.to_dict(orient='records')))
    atomic_write_text(OUT / 'count_tried.md', '\n'.join(md) + '\n')
    print('\n'.join(md))


if __name__ == '__main__': main()
