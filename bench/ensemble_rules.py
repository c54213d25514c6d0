"""How `rendered-ensemble` joins its three members (`20c_ensemble`): the shipped rule against others, on the real sets.

    python bench/ensemble_rules.py [--jobs 2]        # after scripts/make_real.sh

For every song of the five real sets (K = the true count, mono down-mix at 22.05 kHz, as `bench/real.py` scores
`rendered-ensemble`), the three members' sources (`rendered-parts`, `pitch-net`, `pitch-harmonic` with its notes in
voice order, one shared transcription), `pitch-harmonic` grouped by its own rule (a Gaussian mixture) and the notes' timbre coherence (the length of the mean of pitch-net's unit note embeddings: 1 when
every note has one timbre) are cached in data/cache/ensemble_rules (resumable). Then every rule joins them and is
scored (SI-SDRi, mean over parts, then over songs):
  consensus        the shipped `consensus_mean`: per source, each member weighted by 1 / its squared distance to the mean
  pitch-harmonic's own grouping   the consensus with `pitch-harmonic` grouped by its mixture model (the rule before)
  equal mean       `mean_of_separations`
  distance^1, ^4   weights 1 / distance, 1 / distance^4
  iterated         the weighted mean recomputed around itself (3 times, squared distances; 5 times, distances)
  trimmed          per source, the member farthest from the mean left out
  blocks 1/3/8 s   consensus weights per block of that length (half-overlapping, interpolated)
  notes one vote   the two note methods averaged first, then averaged with rendered-parts
  rendered-parts   the mask network alone
  without X        the other two members' mean (what dropping X, and its cost, would give)
  one timbre -> rendered-parts at c   the consensus, except rendered-parts alone where coherence >= c
The dev sets choose; the test sets (MuseScore_General) report. Writes results/real/ensemble_rules.json and .md.
"""
import argparse, glob, os, sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
import numpy as np, pandas as pd
os.environ.setdefault('OMP_NUM_THREADS', '1')
from mss_nb.core import save_json, atomic_write_text, data_dir, results_dir
from mss_nb.evaluation import markdown_table

SETS = ['real_scores_dev', 'real_scores_dev_placed', 'real_prod_dev', 'real_scores_test', 'real_scores_test_placed']
DEV = SETS[:3]
CACHE = data_dir() / 'cache' / 'ensemble_rules'
OUT = results_dir() / 'real'


def members(job):
    "Cache one song's three members, its mixture, parts and the notes' coherence (one process, one thread)."
    s, name = job
    f = CACHE / f'{s}__{name}.npz'
    if f.exists() and 'vo' in np.load(f).files: return str(f)
    from mss_nb.core import set_threads
    set_threads(1)
    from mss_nb.evaluation import load_parts
    from mss_nb.methods import load_method
    from mss_nb.transcribe import transcribe
    from mss_nb.mixit import separate_mixit
    from mss_nb.pitchnet import separate_pitchnet
    from mss_nb.harmonic import separate_harmonic, note_spectra
    from mss_nb.notegroups import note_embeddings, voice_order
    from mss_nb.rendered import CHUNK_SECONDS
    m, sr = load_method('rendered-ensemble').model, 22050
    parts = load_parts(data_dir() / s / 'test' / name, sr, 1)
    x = np.asarray(sum(parts.values()), np.float64)
    k, notes = len(parts), transcribe(x, sr)[0]
    shared = {}                                              # as separate_ensemble: one STFT and one set of combs
    rp = separate_mixit(m.sep, x, k, seconds=CHUNK_SECONDS)[0]
    pn = separate_pitchnet(m.pitch, x, sr, k, notes, cache=shared)[0]
    ph = separate_harmonic(x, sr, k, notes, seed=0, cache=shared)[0]
    vo = separate_harmonic(x, sr, k, notes, streams=voice_order(notes, k), cache=shared)[0]
    A = note_spectra(x, sr, notes, m.pitch.cfg.n_fft, m.pitch.cfg.hop, shared)[1]   # pitch-net's, kept in `shared`
    coh = float(np.linalg.norm(note_embeddings(m.pitch, A, notes).mean(0))) if len(notes) > 2 else 0.
    f.parent.mkdir(parents=True, exist_ok=True)
    tmp = f.with_suffix('.tmp.npz')
    np.savez(tmp, x=x, rp=np.array(rp), pn=np.array(pn), ph=np.array(ph), vo=np.array(vo), names=np.array(list(parts)),
             parts=np.stack(list(parts.values())), coherence=coh)
    os.replace(tmp, f)
    return str(f)


def weighted(seps, power=2., iters=1, trim=False):
    "Per source, the members weighted by 1 / distance^power to the centre (recomputed `iters` times), or the farthest left out."
    from mss_nb.ensemble import mean_of_separations, padded
    mean, orders = mean_of_separations(seps)
    pad, out = padded(seps), []
    for i, m in enumerate(mean):
        member, c = [np.asarray(p[o[i]], np.float64) for p, o in zip(pad, orders)], m
        for _ in range(iters):
            d = np.array([np.sum(np.square(v - c)) for v in member])
            w = (d < d.max()).astype(float) if trim else 1 / (d ** (power / 2) + 1e-12)
            c = sum(wi * v for wi, v in zip(w / w.sum(), member))
        out.append(c)
    fix = (sum(mean) - sum(out)) / len(out)                  # the sources still sum to the members' sum
    return [o + fix for o in out]


def blockwise(seps, seconds, sr=22050):
    "Consensus weights per half-overlapping block of `seconds`, interpolated sample by sample."
    from mss_nb.ensemble import mean_of_separations, padded
    mean, orders = mean_of_separations(seps)
    pad, out, n, B = padded(seps), [], len(mean[0]), int(seconds * sr)
    starts = np.arange(0, max(n - B // 2, 1), B // 2)
    for i, m in enumerate(mean):
        member = np.stack([np.asarray(p[o[i]], np.float64) for p, o in zip(pad, orders)])
        w = np.stack([1 / (np.sum(np.square(member[:, s:s + B] - m[s:s + B]), 1) + 1e-12 * B) for s in starts], 1)
        w /= w.sum(0)
        wt = np.stack([np.interp(np.arange(n), starts + B / 2, wk) for wk in w])
        out.append((wt * member).sum(0))
    fix = (sum(mean) - sum(out)) / len(out)
    return [o + fix for o in out]


def rules(thresholds):
    "`{name: fn(rp, pn, ph, coherence, ph_own) -> sources}`: `ph` in voice order (shipped), `ph_own` by its own grouping."
    from mss_nb.ensemble import consensus_mean, mean_of_separations
    r = {'consensus (shipped)': lambda a, b, c, h, g: consensus_mean([a, b, c])[0],
         "pitch-harmonic's own grouping": lambda a, b, c, h, g: consensus_mean([a, b, g])[0],
         'equal mean': lambda a, b, c, h, g: mean_of_separations([a, b, c])[0],
         'distance^1': lambda a, b, c, h, g: weighted([a, b, c], 1.),
         'distance^4': lambda a, b, c, h, g: weighted([a, b, c], 4.),
         'iterated, squared, 3x': lambda a, b, c, h, g: weighted([a, b, c], 2., 3),
         'iterated, distance, 5x': lambda a, b, c, h, g: weighted([a, b, c], 1., 5),
         'trimmed': lambda a, b, c, h, g: weighted([a, b, c], trim=True),
         'blocks 1 s': lambda a, b, c, h, g: blockwise([a, b, c], 1.),
         'blocks 3 s': lambda a, b, c, h, g: blockwise([a, b, c], 3.),
         'blocks 8 s': lambda a, b, c, h, g: blockwise([a, b, c], 8.),
         'notes one vote': lambda a, b, c, h, g: mean_of_separations([a, mean_of_separations([b, c])[0]])[0],
         'rendered-parts alone': lambda a, b, c, h, g: list(a),
         'without pitch-harmonic': lambda a, b, c, h, g: consensus_mean([a, b])[0],     # two members: the equal mean
         'without pitch-net': lambda a, b, c, h, g: consensus_mean([a, c])[0],
         'without rendered-parts': lambda a, b, c, h, g: consensus_mean([b, c])[0]}
    for t in thresholds:
        r[f'one timbre -> rendered-parts at {t}'] = (lambda t: lambda a, b, c, h, g: list(a) if h >= t else consensus_mean([a, b, c])[0])(t)
    return r


def score(thresholds):
    "One row per (rule, song, part), and one per song with its coherence and each member's score."
    from mss_nb.evaluation import score_song
    rows, songs = [], []
    for f in sorted(glob.glob(str(CACHE / '*.npz'))):
        s, name = Path(f).stem.split('__')
        d = np.load(f)
        x, rp, pn, vo, ph, h = d['x'], list(d['rp']), list(d['pn']), list(d['vo']), list(d['ph']), float(d['coherence'])
        parts = dict(zip(d['names'], d['parts']))
        for n, fn in rules(thresholds).items():
            rows += [dict(set=s, song=name, rule=n, **r) for r in score_song(x, parts, fn(rp, pn, vo, h, ph))]
        songs.append(dict(set=s, song=name, coherence=round(h, 3), **{
            m: round(float(np.mean([r['si_sdri'] for r in score_song(x, parts, v)])), 2)
            for m, v in (('rendered-parts', rp), ('pitch-net', pn), ('pitch-harmonic, voice order', vo), ('pitch-harmonic', ph))}))
    return pd.DataFrame(rows), pd.DataFrame(songs)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--jobs', type=int, default=2, help='songs computed at once (one process and thread each)')
    ap.add_argument('--thresholds', default='0.9,0.935', help="coherence thresholds of the 'one timbre' rule")
    a = ap.parse_args(argv)
    jobs = [(s, p.name) for s in SETS for p in sorted((data_dir() / s / 'test').iterdir()) if (p / 'other').is_dir()]
    with ProcessPoolExecutor(a.jobs) as ex: list(ex.map(members, jobs))
    th = [float(t) for t in a.thresholds.split(',')]
    d, songs = score(th)
    t = d.groupby(['set', 'rule', 'song']).si_sdri.mean().groupby(['set', 'rule']).mean().unstack(0)[SETS]
    t.insert(3, 'dev mean', t[DEV].mean(1))
    t = t.sort_values('dev mean', ascending=False)
    save_json(OUT / 'ensemble_rules.json', dict(table=t.round(3).to_dict(), songs=songs.to_dict('records'), thresholds=th))
    coh = songs.groupby('set').coherence.max()
    md = ['# How rendered-ensemble joins its members: the shipped rule against others', '',
          '`python bench/ensemble_rules.py`: K = the true count, mono down-mix at 22.05 kHz, SI-SDRi (dB), mean over parts '
          'then songs. Dev sets (first three) choose; the MuseScore test sets report. The first row of a tie is the shipped rule.', '',
          markdown_table(t.round(2)), '',
          "## The notes' timbre coherence, and each member alone", '',
          'Coherence: the length of the mean of pitch-net\'s unit note embeddings (1: every note one timbre). Highest per set: '
          + ', '.join(f'{s} {v:.3f}' for s, v in coh.items()) + '.', '',
          markdown_table(songs.sort_values('coherence', ascending=False).head(12).set_index('set'))]
    atomic_write_text(OUT / 'ensemble_rules.md', '\n'.join(md) + '\n')
    print('\n'.join(md))


if __name__ == '__main__': main()
