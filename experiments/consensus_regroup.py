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
import argparse, glob, os, sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
import numpy as np, pandas as pd
os.environ.setdefault('OMP_NUM_THREADS', '1')
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / 'bench'))
from ensemble_rules import CACHE, SETS, DEV, OUT                      # the members' cache and the sets
from mss_nb.core import save_json, atomic_write_text
from mss_nb.evaluation import markdown_table


def song_rows(f):
    "One cached song: every variant's SI-SDRi (mean over parts)."
    from mss_nb.core import set_threads
    set_threads(1)
    from mss_nb.methods import load_method
    from mss_nb.transcribe import transcribe
    from mss_nb.dsp import stft
    from mss_nb.harmonic import separate_harmonic, note_spectra, first_fit, true_streams, note_stft
    from mss_nb.pitchnet import separate_pitchnet
    from mss_nb.ensemble import consensus_mean
    from mss_nb.evaluation import score_song
    s, name = Path(f).stem.split('__')
    d = np.load(f)
    x, parts = d['x'], dict(zip(d['names'], d['parts']))
    rp, pn, vo, k = list(d['rp']), list(d['pn']), list(d['vo']), len(d['names'])
    pitch = load_method('rendered-ensemble').model.pitch
    notes = transcribe(x, 22050)[0]                                   # as the cache's members were made
    cons = consensus_mean([rp, pn, vo])[0]
    out = {'voice order (shipped)': cons}
    if len(notes) > k:
        n_fft, hop = note_stft(22050)
        X, A, combs = note_spectra(x, 22050, notes, n_fft, hop)
        mags = np.stack([np.abs(stft(np.asarray(c, np.float64), n_fft, hop))[:, :A.shape[1]] for c in cons])
        st = true_streams(first_fit(A, notes, combs), mags)
        ph2 = separate_harmonic(x, 22050, k, notes, streams=st)[0]
        pn2 = separate_pitchnet(pitch, x, 22050, k, notes, streams=st)[0]
        from mss_nb.notegroups import voice_order
        pnv = separate_pitchnet(pitch, x, 22050, k, notes, streams=voice_order(notes, k))[0]
        out |= {'ph from consensus': consensus_mean([rp, pn, ph2])[0], 'ph + pn from consensus': consensus_mean([rp, pn2, ph2])[0],
                'ph from consensus, 4th': consensus_mean([rp, pn, vo, ph2])[0],
                'pn in voice order': consensus_mean([rp, pnv, vo])[0], 'pn in voice order, 4th': consensus_mean([rp, pn, vo, pnv])[0]}
    else: out |= {r: cons for r in ('ph from consensus', 'ph + pn from consensus', 'ph from consensus, 4th', 'pn in voice order', 'pn in voice order, 4th')}
    return [dict(set=s, song=name, rule=r, si_sdri=float(np.mean([q['si_sdri'] for q in score_song(x, parts, y)])))
            for r, y in out.items()]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--jobs', type=int, default=2, help='songs scored at once (one process and thread each)')
    a = ap.parse_args(argv)
    files = sorted(glob.glob(str(CACHE / '*.npz')))
    if not files: sys.exit(f'{CACHE}: empty; run bench/ensemble_rules.py first')
    with ProcessPoolExecutor(a.jobs) as ex: d = pd.DataFrame(sum(ex.map(song_rows, files), []))
    t = d.groupby(['set', 'rule']).si_sdri.mean().unstack(0)[SETS]
    t.insert(3, 'dev mean', t[DEV].mean(axis=1))
    t = t.sort_values('dev mean', ascending=False)
    save_json(OUT / 'consensus_regroup.json', dict(table=t.round(3).to_dict(), songs=d.round(3).to_dict('records')))
    md = ['# Regrouping by the consensus: notes re-assigned to the ensemble\'s sources, note members run again', '',
          '`python experiments/consensus_regroup.py`: K = the true count, mono down-mix at 22.05 kHz, SI-SDRi (dB), mean over '
          'parts then songs; members from `bench/ensemble_rules.py`. Dev sets (first three) choose; the MuseScore test sets '
          'report.', '', markdown_table(t.round(2))]
    atomic_write_text(OUT / 'consensus_regroup.md', '\n'.join(md) + '\n')
    print('\n'.join(md))


if __name__ == '__main__': main()
