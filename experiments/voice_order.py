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
import argparse, sys
from functools import partial
from pathlib import Path
import numpy as np
sys.path.insert(0, str(Path(__file__).resolve().parent))
from cached import cached_song, score, run_table                     # the members cached by bench/ensemble_rules.py


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
    from mss_nb.harmonic import separate_harmonic
    from mss_nb.ensemble import consensus_mean
    s, name, x, parts, m, k, notes = cached_song(f)
    rp, pn, ph, vo = (m[n] for n in ('rp', 'pn', 'ph', 'vo'))
    ro = separate_harmonic(x, 22050, k, notes, streams=voice_streams(notes, k, window))[0]
    out = {"pitch-harmonic's own grouping (before)": consensus_mean([rp, pn, ph])[0], 'rank only for pitch-harmonic': consensus_mean([rp, pn, ro])[0],
           'rank only, a fourth member': consensus_mean([rp, pn, ph, ro])[0], 'voice order for pitch-harmonic (shipped)': consensus_mean([rp, pn, vo])[0],
           'voice order, a fourth member': consensus_mean([rp, pn, ph, vo])[0],
           'pitch-harmonic alone': ph, 'rank only alone': ro, 'voice order alone': vo}
    return score(s, name, x, parts, out)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--jobs', type=int, default=2, help='songs scored at once (one process and thread each)')
    ap.add_argument('--window', type=float, default=3., help='seconds around a note whose sure notes set the voices')
    a = ap.parse_args(argv)
    run_table(partial(song_rows, window=a.window), a.jobs, 'voice_order',
              "Voice order: pitch-harmonic's notes grouped by pitch rank, in rendered-ensemble",
              f'python experiments/voice_order.py --window {a.window:g}', extra=lambda d: dict(window=a.window))


if __name__ == '__main__': main()
