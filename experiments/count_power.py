"""Does the count forest learn that a power chord is one part? Two forests on the same score material, one with
lead-over-power-chord examples added (issue 29, item 5; `17b_count`, `bench/count_trained.py`).

    python experiments/count_power.py [--jobs 2]     # after scripts/make_real.sh, bench/count.py, bench/guitar_proxy.py

`bench/guitar_proxy.py` found the shipped forest counting distorted power chords as several parts: 4 on most
two-part pieces of its stand-in. The shipped forest never saw a distorted guitar. Here two forests are fitted the
shipped way (`count_features`, 100 trees, leaves of 3, counts weighted equally, 2 parts or more), both on
`bench/count_trained.py`'s score examples of the training works through the training libraries:

- **scores**: those examples alone;
- **+ power chords**: plus, for each training work, its top part over `power_chords` of its other parts (GM 30,
  the engine's effects with 10-30 dB of drive), the lead on a lead instrument and, in a second example, on GM 29
  (overdriven guitar); true count 2.

The LMMS windows of the shipped forest are left out of both (their renders are not cached on every machine), so
neither is the shipped forest: the pair measures what the power-chord examples change. Scored on the real sets
(basic-pitch's notes cached by `bench/count.py`) and on the stand-in's 24 pieces (test pieces, MuseScore_General:
they report, they do not choose). Cache: data/cache/count_power (resumable; its manifest lists every source).
Writes results/real/count_power.json and .md.
"""
import argparse, json, os, sys, zlib
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
import numpy as np, pandas as pd
os.environ.setdefault('OMP_NUM_THREADS', '1')
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / 'bench'))
import count_trained as ct
from mss_nb.core import save_json, atomic_write_text, data_dir, results_dir
from mss_nb.evaluation import markdown_table

ct.CACHE = data_dir() / 'cache' / 'count_power'                 # the score examples and the power-chord ones
OUT = results_dir() / 'real'
STAND_IN = ('guitar_proxy', 'guitar_proxy_two')


def power_jobs():
    "Two lead-over-power-chord examples a training work: `(tag, path, lead program or None, [lead, other parts])`."
    from mss_nb.corpusnotes import TRAIN_SCORES, check_train_scores, work_notes
    from mss_nb.realmusic import read_score, part_notes
    jobs = []
    for w, e in enumerate(check_train_scores(list(TRAIN_SCORES))):
        if 'lead' in e: lead, acc = work_notes(e)
        else:
            notes = [p for p in (part_notes(p) for _, p in read_score(e['path'])) if p]
            lead, acc = notes[0], sum(notes[1:], [])
        jobs += [(f'p{w:02d}_{v}', e['path'], prog, [lead, acc]) for v, prog in (('lead', None), ('gtr', 29))]
    return jobs


def render_power_job(job, seconds=15., sr=22050):
    "Render one power-chord example (training libraries, centred, the engine's levels and effects); its 'other' mono."
    from mss_nb.realmusic import render_piece, excerpt_parts, power_chords, LEAD_PROGRAMS
    from mss_nb.engine import training_libraries
    tag, path, prog, (lead, acc) = job
    rng = np.random.default_rng([ct.SEED, zlib.crc32(tag.encode())])
    qpm = float(rng.uniform(80, 180)); span = seconds * qpm / 60
    notes = [lead, power_chords(acc)]
    a = ct.window(notes, span, rng)
    progs = [int(rng.choice(LEAD_PROGRAMS)) if prog is None else prog, 30]
    try: parts = excerpt_parts(['lead', 'guitar'], notes, progs, [64, 64], a, span, qpm, rng, path)
    except ValueError: return None
    return render_piece(dict(source=f'score:{path}', start_q=a, qpm=qpm, parts=parts), training_libraries(), seconds, sr, ct.SEED)[0]['other'].mean(0)


def power_worker(jobs):
    "Render and transcribe a share of the power-chord jobs (one process)."
    for j in jobs:
        if (ct.CACHE / 'notes' / f'{j[0]}.csv').exists(): continue
        x = render_power_job(j)
        if x is not None: ct.transcribed(j[0], x)


def stand_in_notes(song):
    "basic-pitch's notes of one stand-in piece's mono mixture at 22.05 kHz, and its true count."
    from mss_nb.core import set_threads
    from mss_nb.evaluation import load_parts
    from mss_nb.transcribe import transcribe
    set_threads(1)
    parts = load_parts(song, 22050, 1)
    return transcribe(sum(parts.values()), 22050)[0], len(parts)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--jobs', type=int, default=2)
    a = ap.parse_args(argv)
    from sklearn.ensemble import RandomForestClassifier
    from mss_nb.count import count_features
    from mss_nb.realmusic import check_sources
    (ct.CACHE / 'notes').mkdir(parents=True, exist_ok=True)
    sj, pj = ct.score_jobs(), power_jobs()
    ex = [(t, f'score:{p}', len(n), 'scores') for t, p, n, _, _ in sj] + [(t, f'score:{p}', 2, 'power') for t, p, _, _ in pj]
    man = dict(sources=check_sources(sorted({s for _, s, _, _ in ex})), examples={})
    save_json(ct.CACHE / 'manifest.json', man)             # the sources first: check_data guards the cache from the start
    with ProcessPoolExecutor(a.jobs) as pool:
        list(pool.map(ct.score_worker, [sj[i::a.jobs] for i in range(a.jobs)]))
        list(pool.map(power_worker, [pj[i::a.jobs] for i in range(a.jobs)]))
        songs = [p for s in STAND_IN for p in sorted((data_dir() / s / 'test').iterdir())]
        stand = list(pool.map(stand_in_notes, songs))
    ex = [e for e in ex if (ct.CACHE / 'notes' / f'{e[0]}.csv').exists() and e[2] >= 2]
    man['examples'] = {t: dict(source=s, k=k, kind=kind) for t, s, k, kind in ex}
    save_json(ct.CACHE / 'manifest.json', man)
    F = {t: count_features(pd.read_csv(ct.CACHE / 'notes' / f'{t}.csv')) for t, _, _, _ in ex}
    forest = lambda: RandomForestClassifier(100, min_samples_leaf=3, class_weight='balanced', random_state=0)
    fits = {name: forest().fit(np.array([F[t] for t, _, _, kd in ex if kd in kinds]), np.array([k for t, _, k, kd in ex if kd in kinds]))
            for name, kinds in (('scores', {'scores'}), ('+ power chords', {'scores', 'power'}))}
    real = pd.DataFrame(json.loads((OUT / 'count.json').read_text())['songs'])
    Xr = np.array([count_features(pd.read_csv(OUT / 'notes' / r.set / f'{r.song}.csv')) for _, r in real.iterrows()])
    Xs = np.array([count_features(n) for n, _ in stand])
    rows = pd.concat([real[['set', 'song', 'n']],
                      pd.DataFrame(dict(set=[f'stand-in: {p.parent.parent.name}' for p in songs], song=[p.name for p in songs],
                                        n=[k for _, k in stand]))], ignore_index=True)
    for name, f in fits.items(): rows[name] = np.concatenate([f.predict(Xr), f.predict(Xs)])
    right = pd.DataFrame({name: (rows[name] == rows.n).groupby(rows.set, sort=False).mean() for name in fits})
    dev = rows[rows.set.str.contains('dev')]
    hits = {name: int((dev[name] == dev.n).sum()) for name in fits}
    counts = {k: int(sum(1 for e in ex if e[3] == k)) for k in ('scores', 'power')}
    save_json(OUT / 'count_power.json', dict(right=right.round(3).to_dict(), dev_hits=hits, examples=counts,
                                             songs=rows.to_dict(orient='records')))
    md = ['# Does the count forest learn that a power chord is one part?', '',
          f'`python experiments/count_power.py`: two forests fitted as the shipped one, on {counts["scores"]} score examples '
          f'of the training works (`bench/count_trained.py`, no LMMS windows), one with {counts["power"]} lead-over-power-chord '
          'examples added (true count 2). Share counted right; the stand-in (`bench/guitar_proxy.py`) only reports. '
          f'Dev songs right, of {len(dev)}: ' + ', '.join(f'{n} {h}' for n, h in hits.items()) + '.', '',
          markdown_table(right, 2)]
    atomic_write_text(OUT / 'count_power.md', '\n'.join(md) + '\n')
    print('\n'.join(md))

if __name__ == '__main__': main()
