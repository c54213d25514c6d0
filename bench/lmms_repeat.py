"""Are the LMMS renders of the real-production sets repeatable? (`03b_realmusic`, `render_tracks`)

    python bench/lmms_repeat.py [--projects P1,P2] [--modes fixed,free] [--jobs 2]

Renders every project twice per mode into scratch caches (data/cache/lmms_repeat/<mode>_<a|b>, kept so
that a rerun only compares), reads each track as the sets do (`read_track`: LMMS's first buffer
silenced) and compares the two: identical or not, and the signal-to-difference ratio (dB) of the
tracks that differ. Modes: 'fixed' = `render_tracks(repeatable=True)` (seed fixed and no worker thread
by `fixseed_library`, one core), what `mss_make_real productions` does; 'free' = LMMS as it starts by itself
(`repeatable=False`), what the sets were made with before. Where the sets' cache (data/cache/lmms)
holds a repeatable render of a project, the fixed renders are compared with it too.
Default projects: the five of the productions dev set (scripts/make_real.sh).

Writes results/real/lmms_repeat.json and lmms_repeat.md.
"""
import argparse, os, sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
import numpy as np
import pandas as pd

os.environ.setdefault('OMP_NUM_THREADS', '1')
from mss_nb.core import save_json, atomic_write_text, data_dir, results_dir, load_json
from mss_nb.evaluation import markdown_table
from mss_nb.realmusic import render_tracks, read_track, check_sources, LMMS_ALLOWED
sys.path.insert(0, str(Path(__file__).parent))
from count_trained import DEV_PROJECTS as DEV_NAMES                    # make_real.sh's PROD_PROJECTS, by name

DEV_PROJECTS = [p for p in LMMS_ALLOWED if Path(p).name in DEV_NAMES]
SCRATCH = data_dir() / 'cache' / 'lmms_repeat'
SR = 44100

def render(job):
    "One render of one project into one scratch cache (its own process)."
    name, mode, copy = job
    render_tracks(name, SCRATCH / f'{mode}_{copy}', repeatable=mode == 'fixed')
    return job

def sdr(a, b):
    "Signal-to-difference ratio in dB (inf where equal)."
    e = float(np.sum((a - b) ** 2))
    return float('inf') if e == 0 else 10 * np.log10(float(np.sum(a ** 2)) / e)

def compare(name, cache_a, cache_b):
    "Per track of one project: identical after `read_track`, and the signal-to-difference ratio."
    fa, fb = cache_a / Path(name).name, cache_b / Path(name).name
    out = []
    for f in sorted(fa.glob('*.wav'), key=lambda p: int(p.name.split('_')[0])):
        a, b = read_track(f, SR)[0], read_track(fb / f.name, SR)[0]
        same = a.shape == b.shape and np.array_equal(a, b)
        out.append(dict(project=name, track=f.stem, identical=bool(same),   # sdr_db None: identical
                        sdr_db=None if same else (sdr(a, b) if a.shape == b.shape else float('-inf'))))
    return out

def summary(rows):
    "Per project and comparison: tracks, identical, the worst signal-to-difference ratio."
    out = {}
    for r in rows:
        o = out.setdefault((r['project'], r['pair']), dict(project=r['project'], pair=r['pair'], tracks=0, identical=0, worst_db=None))
        o['tracks'] += 1; o['identical'] += r['identical']
        if r['sdr_db'] is not None: o['worst_db'] = r['sdr_db'] if o['worst_db'] is None else min(o['worst_db'], r['sdr_db'])
    return list(out.values())

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--projects', default=','.join(DEV_PROJECTS))
    ap.add_argument('--modes', default='fixed,free')
    ap.add_argument('--jobs', type=int, default=2)
    a = ap.parse_args()
    projects, modes = a.projects.split(','), a.modes.split(',')
    check_sources([f'lmms:{p}' for p in projects])
    jobs = [(p, m, c) for p in projects for m in modes for c in 'ab']
    with ProcessPoolExecutor(a.jobs) as pool:
        for name, mode, copy in pool.map(render, jobs): print('rendered', name, mode, copy, flush=True)
    rows, sets_cache = [], data_dir() / 'cache' / 'lmms'
    index = load_json(sets_cache / 'lmms_renders.json') if (sets_cache / 'lmms_renders.json').exists() else {}
    for p in projects:
        for m in modes: rows += [dict(r, pair=f'{m} a / {m} b') for r in compare(p, SCRATCH / f'{m}_a', SCRATCH / f'{m}_b')]
        if 'fixed' in modes and index.get(p, {}).get('repeatable'):
            rows += [dict(r, pair="fixed a / the sets' cache") for r in compare(p, SCRATCH / 'fixed_a', sets_cache)]
    summ = summary(rows)
    out = results_dir() / 'real'
    save_json(out / 'lmms_repeat.json', dict(projects=projects, modes=modes, tracks=rows, summary=summ))
    fmt = lambda v: 'all equal' if v is None else ('lengths differ' if v == float('-inf') else f'{v:.1f}')
    table = markdown_table(pd.DataFrame([[s['project'], s['pair'], f"{s['identical']} of {s['tracks']}", fmt(s['worst_db'])] for s in summ],
                                        columns=['project', 'renders compared', 'tracks identical', 'worst track: signal to difference (dB)']).set_index('project'))
    md = ('# Are the LMMS renders repeatable?\n\n`python bench/lmms_repeat.py`: every project rendered twice per mode, '
          "each track read as the sets read it (`read_track`); 'fixed': the seed fixed, no worker thread, one core (`render_tracks`, "
          "as `mss_make_real productions` renders), 'free': LMMS as it starts by itself (the sets before).\n\n" + table + '\n')
    atomic_write_text(out / 'lmms_repeat.md', md)
    print(md)

if __name__ == '__main__': main()
