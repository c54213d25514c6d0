"""A count learned from renders of real music (issue 29, items 3 and 5): the forest `--k auto` uses (`17b_count`).

    python bench/count_trained.py [--jobs 2]        # after scripts/make_real.sh and bench/count.py

Training material, none of it in a dev or test set:
  scores    15-s excerpts of the training works (`03c_corpusnotes.TRAIN_SCORES`, guarded: no Bach, no work of a
            dev or test piece) through the training libraries: 2, 3 and 4 of a work's parts (two windows
            each); its lead over its other parts merged (the lead/comp works, three windows); the top part over
            block chords made from the other parts' pitch classes, struck on every beat; one part alone.
  lmms      10-s windows of the allowed LMMS projects that no dev window comes from (their cached renders):
            1 to 4 of the pitched tracks that play there, each at a random level within +-6 dB.
Each example's 'other' (mono, 22.05 kHz) is transcribed by basic-pitch; its notes and its true count are
cached in data/cache/count (resumable; manifest.json lists every source, so check_data guards it).
A random forest on `count_features` is fitted on all of it and saved as models/count_forest. Leave-one-work-out
accuracy on the training material, then the share counted right on every real set against `count_parts`
(the notes bench/count.py cached). Writes results/real/count_trained.json and .md.
"""
import argparse, json, os, re, sys, zlib
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
import numpy as np, pandas as pd
os.environ.setdefault('OMP_NUM_THREADS', '1')
from mss_nb.core import save_json, atomic_write_text, data_dir, results_dir, models_dir, load_json
from mss_nb.evaluation import markdown_table

CACHE = data_dir() / 'cache' / 'count'
OUT = results_dir() / 'real'
DEV_PROJECTS = {'Oglsdl-PpTrip', 'Socceroos-Progress', 'DirtyLove', 'Skiessi-222', 'Surrender-Main'}   # make_real.sh's PROD_PROJECTS
SEED = 7


def block_comp(parts, end, beat=1., low=48):
    "Block chords struck on every beat from the pitch classes `parts` sound there, close voicing from `low` (as `comping_notes`)."
    out = []
    for t in np.arange(0., end, beat):
        pcs = sorted({m % 12 for p in parts for s, l, m in p if s <= t < s + l})
        out += [(float(t), 0.9 * beat, low + pc) for pc in pcs]
    return out


def score_jobs():
    "Every score example: `(tag, path, part names, notes, comping)`."
    from mss_nb.corpusnotes import TRAIN_SCORES, check_train_scores, work_notes
    from mss_nb.realmusic import read_score, part_notes, pick_parts
    jobs = []
    for w, e in enumerate(check_train_scores(list(TRAIN_SCORES))):
        if 'lead' in e:
            lead, comp = work_notes(e)
            jobs += [(f's{w:02d}_lead{r}', e['path'], ['lead', 'comping'], [lead, comp], True) for r in range(3)]
            jobs.append((f's{w:02d}_solo', e['path'], ['lead'], [lead], False))
            continue
        named = [(n, part_notes(p)) for n, p in read_score(e['path'])]
        named = [(n, p) for n, p in named if p]
        names, notes = [n for n, _ in named], [p for _, p in named]
        for k in (2, 3, 4):
            if k > len(notes): continue
            keep = pick_parts(len(notes), k)
            jobs += [(f's{w:02d}_k{k}_{r}', e['path'], [names[i] for i in keep], [notes[i] for i in keep], False) for r in range(2)]
        end = max(s + l for p in notes for s, l, _ in p)
        jobs.append((f's{w:02d}_chords', e['path'], ['lead', 'comping'], [notes[0], block_comp(notes[1:], end)], True))
        i = w % len(notes)
        jobs.append((f's{w:02d}_solo', e['path'], [names[i]], [notes[i]], False))
    return jobs


def window(notes, span, rng):
    "A random start (quarter notes, every 4) where every part sounds at least half the window, else the best-covered one."
    from mss_nb.realmusic import window_cover
    starts, cover = window_cover(notes, span)
    return float(rng.choice(starts[cover >= 0.5] if (cover >= 0.5).any() else starts[[int(np.argmax(cover))]]))


def render_score_job(job, seconds=15., sr=22050):
    "Render one score example (training libraries, parts centred, the engine's levels and effects); its 'other' mono."
    from mss_nb.realmusic import part_programs, render_piece, excerpt_parts
    from mss_nb.engine import training_libraries
    tag, path, names, notes, comping = job
    rng = np.random.default_rng([SEED, zlib.crc32(tag.encode())])
    qpm = float(rng.uniform(80, 180)); span = seconds * qpm / 60
    a = window(notes, span, rng)
    progs = part_programs(names, rng, comping) if len(names) > 1 else [int(rng.choice(range(0, 80)))]
    try: parts = excerpt_parts(names, notes, progs, [64] * len(names), a, span, qpm, rng, path)
    except ValueError: return None                                         # a part silent in this window
    stems = render_piece(dict(source=f'score:{path}', start_q=a, qpm=qpm, parts=parts), training_libraries(), seconds, sr, SEED)[0]
    return stems['other'].mean(0)


def project_parts(name, sr=22050, cache=None):
    "The pitched tracks (`track_role` 'part') of an LMMS render (`cache`: data/cache/lmms), mono `{track: audio}`, silent ones left out, cut to the shortest."
    from mss_nb.realmusic import project_tracks
    out = {k: m for k, v in project_tracks(name, cache or data_dir() / 'cache' / 'lmms', sr, role='part')[1].items() if np.abs(m := v.mean(0)).max() > 0}
    n = min((len(v) for v in out.values()), default=0)
    return {k: v[:n] for k, v in out.items()}


def lmms_examples(name, per=32, seconds=10., sr=22050):
    "`per` windows of one project: `(tag, k, 'other' mono)`, 1 to 4 of the tracks playing there at random levels."
    from mss_nb.realmusic import frame_activity
    parts = project_parts(name, sr)
    if len(parts) < 2: return []
    act = {k: frame_activity(v[None], sr) for k, v in parts.items()}
    frames, h = int(seconds / 0.5), int(0.5 * sr)
    cands = []
    for s in range(0, min(len(a) for a in act.values()) - frames + 1, frames // 2):
        on = sorted(k for k, a in act.items() if a[s:s + frames].mean() >= 0.6)
        if on: cands.append((s, on))
    rng, out = np.random.default_rng([SEED, zlib.crc32(name.encode())]), []
    for e in range(per if cands else 0):
        s, on = cands[rng.integers(len(cands))]
        keep = sorted(rng.choice(on, int(rng.integers(1, min(4, len(on)) + 1)), replace=False))
        x = sum(10 ** (rng.uniform(-6, 6) / 20) * parts[p][s * h:(s + frames) * h] for p in keep)
        out.append((f"{Path(name).name}_{e:02d}", len(keep), np.asarray(x, np.float32)))
    return out


def transcribed(tag, x):
    "Transcribe and cache one example's notes."
    from mss_nb.core import set_threads
    from mss_nb.transcribe import transcribe
    set_threads(1)
    f = CACHE / 'notes' / f'{tag}.csv'
    if not f.exists(): atomic_write_text(f, transcribe(x, 22050)[0].to_csv(index=False))


def score_worker(jobs):
    "Render and transcribe a share of the score jobs (one process)."
    for j in jobs:
        if (CACHE / 'notes' / f'{j[0]}.csv').exists(): continue
        x = render_score_job(j)
        if x is not None: transcribed(j[0], x)


def lmms_worker(name):
    "Windows of one project, transcribed (one process); `[(tag, k)]`."
    out = []
    for tag, k, x in lmms_examples(name):
        transcribed(tag, x); out.append((tag, k))
    return out


def build(jobs_n):
    "The training examples, cached; returns `[(tag, source, k)]`."
    from mss_nb.realmusic import LMMS_ALLOWED, check_sources
    (CACHE / 'notes').mkdir(parents=True, exist_ok=True)
    sj = score_jobs()
    projects = [p for p in LMMS_ALLOWED if Path(p).name not in DEV_PROJECTS and (data_dir() / 'cache' / 'lmms' / Path(p).name).is_dir()]
    check_sources([f'lmms:{p}' for p in projects])
    ex = [(t, f'score:{p}', len(n)) for t, p, n, _, _ in sj]
    man = dict(sources=sorted({s for _, s, _ in ex} | {f'lmms:{p}' for p in projects}), examples={})
    save_json(CACHE / 'manifest.json', man)                 # the sources first: check_data guards the cache from the start
    with ProcessPoolExecutor(jobs_n) as pool:
        list(pool.map(score_worker, [sj[i::jobs_n] for i in range(jobs_n)]))
        for p, got in zip(projects, pool.map(lmms_worker, projects)): ex += [(t, f'lmms:{p}', k) for t, k in got]
    ex = [e for e in ex if (CACHE / 'notes' / f'{e[0]}.csv').exists()]
    man['examples'] = {t: dict(source=s, k=k) for t, s, k in ex}
    save_json(CACHE / 'manifest.json', man)
    return ex


def group_of(source):
    "The unit kept together in cross-validation: a work (03c `_work`) or an LMMS project."
    from mss_nb.corpusnotes import _work
    return source if source.startswith('lmms:') else _work(source.split(':', 1)[1])


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--jobs', type=int, default=2)
    ap.add_argument('--trees', type=int, default=100)
    ap.add_argument('--min-parts', type=int, default=2, help="the fewest parts the forest may say (the solo examples stay cached)")
    a = ap.parse_args(argv)
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.model_selection import GroupKFold, cross_val_predict
    from mss_nb.count import COUNT_FEATURES, count_features, save_count_model, load_count_model, forest_proba
    from mss_nb.transcribe import count_parts
    ex = [e for e in build(a.jobs) if e[2] >= a.min_parts]
    notes = {t: pd.read_csv(CACHE / 'notes' / f'{t}.csv') for t, _, _ in ex}
    X = np.array([count_features(notes[t]) for t, _, _ in ex]); y = np.array([k for _, _, k in ex])
    groups = np.array([group_of(s) for _, s, _ in ex])
    forest = lambda: RandomForestClassifier(a.trees, min_samples_leaf=3, class_weight='balanced', random_state=0)
    cv = cross_val_predict(forest(), X, y, groups=groups, cv=GroupKFold(6))
    rule = np.array([count_parts(notes[t]) for t, _, _ in ex])
    kinds = np.array([s.split(':')[0] for _, s, _ in ex])
    fitted = forest().fit(X, y)
    folder = models_dir() / 'count_forest'
    save_count_model(folder, fitted, dict(trees=a.trees, min_samples_leaf=3, class_weight='balanced', min_parts=a.min_parts, examples=len(ex), counts=np.bincount(y).tolist(),
                                          sources=sorted({s for _, s, _ in ex}), made_by='python bench/count_trained.py',
                                          importances=dict(zip(COUNT_FEATURES, fitted.feature_importances_.round(4).tolist()))), overwrite=True)
    m = load_count_model(folder)
    songs = pd.DataFrame(json.load(open(OUT / 'count.json'))['songs'])
    Xr = np.array([count_features(pd.read_csv(OUT / 'notes' / r.set / f'{r.song}.csv')) for _, r in songs.iterrows()])
    d = songs[['set', 'song', 'n']].assign(rule=songs['share=0.2'], forest=m['classes'][forest_proba(m['arrays'], Xr).argmax(1)])
    right = pd.DataFrame({c: (d[c] == d.n).groupby(d.set).mean() for c in ('rule', 'forest')})
    dev = d[d.set.str.contains('dev')]
    hits = {c: int((dev[c] == dev.n).sum()) for c in ('rule', 'forest')}
    train_acc = {f'{kind}, {c}': float((v[kinds == kind] == y[kinds == kind]).mean()) for kind in ('score', 'lmms') for c, v in (('rule', rule), ('forest (left-out works)', cv))}
    md = ['# A count learned from renders of real music, against the rule', '',
          f'`python bench/count_trained.py`: {len(ex)} training examples ({int((kinds == "score").sum())} score excerpts, '
          f'{int((kinds == "lmms").sum())} windows of {len({s for _, s, _ in ex if s.startswith("lmms:")})} LMMS projects no dev window comes from), '
          f'true counts 1/2/3/4: {"/".join(str(int((y == k).sum())) for k in (1, 2, 3, 4))} (`--min-parts {a.min_parts}`). A forest of {a.trees} trees (leaves of 3 examples or more, the counts weighted equally) on '
          f'`count_features`; saved as models/count_forest.', '',
          'Counted right on the training material, each work or project left out of the forest that counts it (6 folds):', '',
          '| material | rule | forest |', '|---|---|---|'] + \
         [f'| {kind} | {train_acc[f"{kind}, rule"]:.2f} | {train_acc[f"{kind}, forest (left-out works)"]:.2f} |' for kind in ('score', 'lmms')] + \
         ['', f'Share of songs counted right on the real sets (rule: `count_parts`, share 0.2). Dev songs right, of {len(dev)}: '
          f'rule {hits["rule"]}, forest {hits["forest"]}.', '', markdown_table(right, 2), '']
    for s, g in d.groupby('set', sort=False):
        md += [f'## {s}: true count (rows) against the forest', '', markdown_table(pd.crosstab(g.n, g.forest), 0), '']
    save_json(OUT / 'count_trained.json', dict(right=right.to_dict(), dev_hits=hits, training=train_acc, songs=d.to_dict(orient='records')))
    atomic_write_text(OUT / 'count_trained.md', '\n'.join(md) + '\n')
    print('\n'.join(md))


if __name__ == '__main__': main()
