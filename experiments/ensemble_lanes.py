"""Can `rendered-ensemble` run `rendered-parts` beside the note methods, on a thread of its own? (issue 29, item 7)

    python experiments/ensemble_lanes.py [--seconds 30] [--repeats 3]      # on an idle machine

`rendered-parts` needs no notes, so it could run on a second thread while the main one transcribes and runs
`pitch-net` and `pitch-harmonic`. This times `separate_ensemble` as shipped against that two-lane form on the first
`--seconds` of the real-score dev pieces (mono, 22.05 kHz, K = 3, 2 threads; best and median of `--repeats`), and
checks that both give the same sources. Result (this round, 2 cores, best of 3): 2.67 s against 2.66 s in one run, 2.69 s against 2.74 s in
another (measured before voice order, with `pitch-harmonic`'s own grouping in both), the same sources: the cores
are already busy, so it is not built. Prints a table; writes nothing.
"""
import argparse, time
from concurrent.futures import ThreadPoolExecutor
import numpy as np


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--seconds', type=float, default=30.)
    ap.add_argument('--repeats', type=int, default=3)
    a = ap.parse_args(argv)
    from mss_nb.core import set_threads, data_dir
    set_threads(2)
    from mss_nb.evaluation import eval_songs
    from mss_nb.methods import load_method
    from mss_nb.ensemble import separate_ensemble, consensus_mean
    from mss_nb.mixit import separate_mixit
    from mss_nb.pitchnet import separate_pitchnet
    from mss_nb.harmonic import separate_harmonic
    from mss_nb.notegroups import voice_order
    from mss_nb.transcribe import transcribe
    from mss_nb.rendered import CHUNK_SECONDS
    m, sr, k = load_method('rendered-ensemble').model, 22050, 3
    x = np.concatenate([x for _, x, _ in eval_songs(data_dir() / 'real_scores_dev')])[:int(a.seconds * sr)].astype(np.float64)

    def lanes():
        "`separate_ensemble`'s sources with `rendered-parts` on a second thread."
        with ThreadPoolExecutor(1) as ex:
            rp = ex.submit(lambda: separate_mixit(m.sep, x, k, seconds=CHUNK_SECONDS)[0])
            notes, shared = transcribe(x, sr)[0], {}
            pn = separate_pitchnet(m.pitch, x, sr, k, notes, cache=shared)[0]
            ph = separate_harmonic(x, sr, k, notes, streams=voice_order(notes, k), cache=shared)[0]
            return consensus_mean([rp.result(), pn, ph])[0]

    runs = {'shipped (one lane)': lambda: separate_ensemble(m, x, sr, k)[0], 'rendered-parts on a second thread': lanes}
    out = {}
    for name, fn in runs.items():
        fn()                                                         # warm: models loaded, caches filled
        ts = []
        for _ in range(a.repeats):
            t = time.perf_counter(); out[name] = fn(); ts.append(time.perf_counter() - t)
        print(f'| {name} | {min(ts):.2f} | {np.median(ts):.2f} |')
    same = max(float(np.abs(np.asarray(u) - np.asarray(v)).max()) for u, v in zip(*out.values()))
    print(f'largest difference between the two forms\' sources: {same:.2e}')


if __name__ == '__main__': main()
