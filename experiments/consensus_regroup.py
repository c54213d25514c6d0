"""Regrouping by the consensus: the notes re-assigned to the ensemble's own sources, then the note members run again
(issue 29; `18_harmonic`, `20c_ensemble`).

    python experiments/consensus_regroup.py [--jobs 2]   # after bench/ensemble_rules.py (its cache)

`rendered-ensemble` averages three members that group the notes each their own way. Here the consensus is read back
as a grouping: each note goes to the consensus source holding most of the fitted energy on its harmonics
(`true_streams`, the oracle rule, given the consensus in place of the true parts), and the note members run again
with those streams:
  ph from consensus        `pitch-harmonic` refitted on the consensus streams, in place of the voice-order member
  ph + pn from consensus   both note members (pitch-net's mask network too) on the consensus streams
  ph from consensus, 4th   the refitted `pitch-harmonic` added as a fourth member
Also, beside them, pitch-net's mask network on voice order's streams (the grouping the third member uses):
  pn in voice order        in place of pitch-net's own timbre grouping
  pn in voice order, 4th   as a fourth member
K = the true count, mono down-mix at 22.05 kHz, members cached by `bench/ensemble_rules.py`, SI-SDRi. Dev sets
choose; the MuseScore test sets report. Writes results/real/consensus_regroup.json and .md.
"""
import argparse, sys
from pathlib import Path
import numpy as np
sys.path.insert(0, str(Path(__file__).resolve().parent))
from cached import cached_song, score, run_table                     # the members cached by bench/ensemble_rules.py

RULES = ('ph from consensus', 'ph + pn from consensus', 'ph from consensus, 4th', 'pn in voice order', 'pn in voice order, 4th')


def song_rows(f):
    "One cached song: every variant's SI-SDRi (mean over parts)."
    from mss_nb.methods import load_method
    from mss_nb.dsp import stft
    from mss_nb.harmonic import separate_harmonic, note_spectra, first_fit, true_streams, note_stft
    from mss_nb.pitchnet import separate_pitchnet
    from mss_nb.notegroups import voice_order
    from mss_nb.ensemble import consensus_mean
    s, name, x, parts, m, k, notes = cached_song(f)
    rp, pn, vo = m['rp'], m['pn'], m['vo']
    pitch = load_method('rendered-ensemble').model.pitch
    cons = consensus_mean([rp, pn, vo])[0]
    out = {'voice order (shipped)': cons}
    if len(notes) <= k: return score(s, name, x, parts, out | {r: cons for r in RULES})   # nothing to regroup
    n_fft, hop = note_stft(22050)
    shared = {}                                        # one STFT and one set of combs for the three runs
    A, combs = note_spectra(x, 22050, notes, n_fft, hop, shared)[1:]
    mags = np.stack([np.abs(stft(np.asarray(c, np.float64), n_fft, hop))[:, :A.shape[1]] for c in cons])
    st = true_streams(first_fit(A, notes, combs), mags)                   # each note to the consensus source it feeds most
    ph2 = separate_harmonic(x, 22050, k, notes, streams=st, cache=shared)[0]
    pn2 = separate_pitchnet(pitch, x, 22050, k, notes, streams=st, cache=shared)[0]
    pnv = separate_pitchnet(pitch, x, 22050, k, notes, streams=voice_order(notes, k), cache=shared)[0]
    out |= dict(zip(RULES, (consensus_mean(v)[0] for v in ([rp, pn, ph2], [rp, pn2, ph2], [rp, pn, vo, ph2],
                                                            [rp, pnv, vo], [rp, pn, vo, pnv]))))
    return score(s, name, x, parts, out)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--jobs', type=int, default=2, help='songs scored at once (one process and thread each)')
    a = ap.parse_args(argv)
    run_table(song_rows, a.jobs, 'consensus_regroup',
              "Regrouping by the consensus: notes re-assigned to the ensemble's sources, note members run again",
              'python experiments/consensus_regroup.py')


if __name__ == '__main__': main()
