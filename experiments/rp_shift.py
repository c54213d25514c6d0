"""`rendered-parts` twice, on chunk grids half a chunk apart, in `rendered-ensemble` (issue 29; `14_mixit`, `20c_ensemble`).

    python experiments/rp_shift.py [--jobs 2]   # after bench/ensemble_rules.py (its cache)

`rendered-parts` runs its mask network on 6-s chunks that overlap by half (`aligned_slots`), then merges the slots
into K sources (`merge_slots`). The member is the strongest on the productions and the only one that keeps a
dominant synth track whole. A second run whose chunks start 3 s later sees every seam at another place and merges
its slots anew: a test-time shift whose errors need not agree with the first run's. Tried:
  rp shifted, 4th        the shifted run as a fourth member of the consensus
  rp, both runs' mean    the two runs matched and averaged (`mean_of_separations`), that one member in the consensus
The shifted run costs what `rendered-parts` costs (1.5 s a minute of music, `bench/ensemble_cost.py`). K = the true
count, mono down-mix at 22.05 kHz, members cached by `bench/ensemble_rules.py`, SI-SDRi. Dev sets choose; the
MuseScore test sets report. Writes results/real/rp_shift.json and .md.
"""
import argparse, sys
from pathlib import Path
import numpy as np
sys.path.insert(0, str(Path(__file__).resolve().parent))
from cached import cached_song, score, run_table                     # the members cached by bench/ensemble_rules.py


def song_rows(f):
    "One cached song: every variant's SI-SDRi (mean over parts)."
    from mss_nb.methods import load_method
    from mss_nb.mixit import separate_mixit
    from mss_nb.rendered import CHUNK_SECONDS
    from mss_nb.ensemble import consensus_mean, mean_of_separations
    s, name, x, parts, m, k, notes = cached_song(f)
    rp, pn, vo = m['rp'], m['pn'], m['vo']
    sep, pad = load_method('rendered-ensemble').model.sep, int(CHUNK_SECONDS / 2 * 22050)
    rs = [y[pad:] for y in separate_mixit(sep, np.r_[np.zeros(pad), x], k, seconds=CHUNK_SECONDS)[0]]
    both = mean_of_separations([rp, rs])[0]
    out = {'consensus (shipped)': consensus_mean([rp, pn, vo])[0], 'rp shifted, 4th': consensus_mean([rp, pn, vo, rs])[0],
           "rp, both runs' mean": consensus_mean([both, pn, vo])[0], 'rp shifted in place': consensus_mean([rs, pn, vo])[0]}
    return score(s, name, x, parts, out)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--jobs', type=int, default=2, help='songs scored at once (one process and thread each)')
    a = ap.parse_args(argv)
    run_table(song_rows, a.jobs, 'rp_shift', 'rendered-parts twice, on chunk grids half a chunk apart, in rendered-ensemble',
              'python experiments/rp_shift.py')


if __name__ == '__main__': main()
