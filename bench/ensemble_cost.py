"""What each member of `rendered-ensemble` costs (`20c_ensemble`), on one minute of real music.

    python bench/ensemble_cost.py [--threads 2] [--seconds 60]

The first `--seconds` of the real-score dev set's pieces joined end to end (mono, 22.05 kHz), K = 3:
seconds for the transcription (shared by the two note methods), `rendered-parts`, `pitch-net`,
`pitch-harmonic` (its own grouping, and its notes in voice order as the ensemble groups them) and the matching and
mean, each the best of 3 runs; then the whole ensemble as shipped and with the grouping before voice order. Run it on an idle machine.
Writes results/ensemble_cost.json and .md.
"""
import argparse, time
import numpy as np
from mss_nb.core import save_json, atomic_write_text, results_dir, data_dir, set_threads
from mss_nb.evaluation import eval_songs

def best_of(fn, n=3):
    "The shortest wall time of `n` calls of `fn`, and its last result."
    ts = []
    for _ in range(n):
        t = time.perf_counter(); r = fn(); ts.append(time.perf_counter() - t)
    return min(ts), r

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--seconds', type=float, default=60.)
    a = ap.parse_args(argv)
    set_threads(a.threads)
    from mss_nb.methods import load_method
    from mss_nb.transcribe import transcribe
    from mss_nb.mixit import separate_mixit
    from mss_nb.pitchnet import separate_pitchnet
    from mss_nb.harmonic import separate_harmonic
    from mss_nb.rendered import CHUNK_SECONDS
    from mss_nb.ensemble import mean_of_separations, separate_ensemble
    m, sr, k = load_method('rendered-ensemble').model, 22050, 3
    x = np.concatenate([x for _, x, _ in eval_songs(data_dir() / 'real_scores_dev')])[:int(a.seconds * sr)]
    t, notes = best_of(lambda: transcribe(x, sr)[0])
    rows = {'transcription (basic-pitch)': t}
    rows['rendered-parts'], rp = best_of(lambda: separate_mixit(m.sep, x, k, seconds=CHUNK_SECONDS)[0])
    rows['pitch-net'], pn = best_of(lambda: separate_pitchnet(m.pitch, x, sr, k, notes)[0])
    rows['pitch-harmonic'], _ = best_of(lambda: separate_harmonic(x, sr, k, notes)[0])
    from mss_nb.notegroups import voice_order
    rows['pitch-harmonic, voice order'], ph = best_of(lambda: separate_harmonic(x, sr, k, notes, streams=voice_order(notes, k))[0])
    rows['matching and mean'], _ = best_of(lambda: mean_of_separations([rp, pn, ph]))
    rows['rendered-ensemble, whole'], _ = best_of(lambda: separate_ensemble(m, x, sr, k))
    import mss_nb.ensemble as E
    E.voice_order, vo_ = (lambda notes, k: None), E.voice_order   # pitch-harmonic's own grouping: the ensemble before voice order
    try: rows['rendered-ensemble, whole, grouping before'], _ = best_of(lambda: separate_ensemble(m, x, sr, k))
    finally: E.voice_order = vo_
    res = dict(seconds_of_audio=len(x) / sr, threads=a.threads, k=k, seconds=rows,
               rtf={n: v / (len(x) / sr) for n, v in rows.items()})
    out = results_dir()
    save_json(out / 'ensemble_cost.json', res)
    md = [f'# What each member of rendered-ensemble costs', '',
          f'`python bench/ensemble_cost.py --threads {a.threads}`: {len(x) / sr:.0f} s of the real-score dev pieces, '
          f'mono 22.05 kHz, K = {k}, {a.threads} threads, best of 3. Each member row runs alone; in the whole, '
          'the two note methods share one STFT and one set of harmonic combs (`note_spectra`).', '',
          '| step | seconds | RTF |', '|---|---|---|'] + [f'| {n} | {v:.2f} | {v / (len(x) / sr):.3f} |' for n, v in rows.items()]
    atomic_write_text(out / 'ensemble_cost.md', '\n'.join(md) + '\n')
    print('\n'.join(md))

if __name__ == '__main__': main()
