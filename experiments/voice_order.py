"""Voice order: `pitch-harmonic`'s notes grouped by their pitch rank among the notes sounding with them, two forms
against its own grouping, in `rendered-ensemble` (issue 29; `19_notegroups`, `20c_ensemble`).

    python experiments/voice_order.py [--jobs 2]      # after bench/ensemble_rules.py (it reads that bench's cache)

Real scores are written in voices that mostly keep their register. Two forms were tried, in this order:
  rank only     (`voice_streams` below, the first try) a note that overlaps exactly K notes takes its pitch rank; every
                other note goes to the voice whose ranked notes within `--window` seconds sit nearest in pitch
  voice order   (`mss_nb.notegroups.voice_order`, shipped) the notes sounding at a note's midpoint: its rank where
                exactly K sound; where more, the highest to the top voice, the lowest to the bottom one, and with
                K = 2 every note under the top one to the lower voice (the "skyline"); the rest by nearest pitch
The streams go through `pitch-harmonic`'s fit and masks (`separate_harmonic(streams=...)`) in place of its
Gaussian-mixture grouping, as `pitch-harmonic`'s replacement in the ensemble and as a fourth member, with the members
cached by `bench/ensemble_rules.py` (K = the true count, mono down-mix at 22.05 kHz, SI-SDRi). Dev sets choose; the
MuseScore test sets report. Writes results/real/voice_order.json and .md.
"""
import argparse, glob, os, sys
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path
import numpy as np, pandas as pd
os.environ.setdefault('OMP_NUM_THREADS', '1')
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / 'bench'))
from ensemble_rules import CACHE, SETS, DEV, OUT                      # the members' cache and the sets
from mss_nb.core import save_json, atomic_write_text
from mss_nb.evaluation import markdown_table


def voice_streams(notes, k, window=3.):
    "Rank only: each note's stream `(notes,)`, its pitch rank where it overlaps exactly `k` notes, else the nearest voice."
    from mss_nb.notegroups import overlaps, fill_voices
    p, ov = notes.midi_pitch.values.astype(float), overlaps(notes) | np.eye(len(notes), dtype=bool)
    v = np.full(len(notes), -1)
    for i in range(len(notes)):
        g = np.flatnonzero(ov[i])
        if len(g) == k: v[i] = int(np.sum(p[g] < p[i]) + np.sum((p[g] == p[i]) & (g < i)))   # rank, ties by order
    return fill_voices(notes, v, k, window)


def song_rows(f, window):
    "One cached song: every variant's SI-SDRi (mean over parts)."
    from mss_nb.core import set_threads
    set_threads(1)
    from mss_nb.transcribe import transcribe
    from mss_nb.harmonic import separate_harmonic
    from mss_nb.ensemble import consensus_mean
    from mss_nb.evaluation import score_song
    s, name = Path(f).stem.split('__')
    d = np.load(f)
    x, parts = d['x'], dict(zip(d['names'], d['parts']))
    rp, pn, ph, vo, k = list(d['rp']), list(d['pn']), list(d['ph']), list(d['vo']), len(d['names'])
    notes = transcribe(x, 22050)[0]                                   # as the cache's members were made
    ro = separate_harmonic(x, 22050, k, notes, streams=voice_streams(notes, k, window))[0]
    out = {"pitch-harmonic's own grouping (before)": consensus_mean([rp, pn, ph])[0], 'rank only for pitch-harmonic': consensus_mean([rp, pn, ro])[0],
           'rank only, a fourth member': consensus_mean([rp, pn, ph, ro])[0], 'voice order for pitch-harmonic (shipped)': consensus_mean([rp, pn, vo])[0],
           'voice order, a fourth member': consensus_mean([rp, pn, ph, vo])[0],
           'pitch-harmonic alone': ph, 'rank only alone': ro, 'voice order alone': vo}
    return [dict(set=s, song=name, rule=r, si_sdri=float(np.mean([q['si_sdri'] for q in score_song(x, parts, v)])))
            for r, v in out.items()]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--jobs', type=int, default=2, help='songs scored at once (one process and thread each)')
    ap.add_argument('--window', type=float, default=3., help='seconds around a note whose sure notes set the voices')
    a = ap.parse_args(argv)
    files = sorted(glob.glob(str(CACHE / '*.npz')))
    if not files: sys.exit(f'{CACHE}: empty; run bench/ensemble_rules.py first')
    with ProcessPoolExecutor(a.jobs) as ex: d = pd.DataFrame(sum(ex.map(partial(song_rows, window=a.window), files), []))
    t = d.groupby(['set', 'rule']).si_sdri.mean().unstack(0)[SETS]
    t.insert(3, 'dev mean', t[DEV].mean(1))
    t = t.sort_values('dev mean', ascending=False)
    save_json(OUT / 'voice_order.json', dict(table=t.round(3).to_dict(), songs=d.round(3).to_dict('records'), window=a.window))
    md = ['# Voice order: pitch-harmonic\'s notes grouped by pitch rank, in rendered-ensemble', '',
          f'`python experiments/voice_order.py --window {a.window:g}`: K = the true count, mono down-mix at 22.05 kHz, SI-SDRi (dB), '
          'mean over parts then songs; members from `bench/ensemble_rules.py`. Dev sets (first three) choose; the MuseScore '
          'test sets report.', '', markdown_table(t.round(2))]
    atomic_write_text(OUT / 'voice_order.md', '\n'.join(md) + '\n')
    print('\n'.join(md))


if __name__ == '__main__': main()
