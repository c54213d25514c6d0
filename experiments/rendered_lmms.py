"""Fine-tune `rendered-parts` with windows of real productions among the engine's examples (issue 29, item 3).

    python experiments/rendered_lmms.py runs/sep_lmms --lmms-cache data/cache/lmms --share 0.5 --steps 1500

Training material beside the engine's examples (`train_rendered`, its pool and settings): 3-s windows of the
allowed LMMS projects no dev window comes from (`TRAIN_PROJECTS`), 2 to 4 of the pitched tracks ('part' role)
that play there (each in at least 60 % of the window's half-second frames), as the parts. A `--share` of each
batch's examples is replaced by such windows; levels, remixing and the loss are the engine examples' own.
Validation (which checkpoint is `best/`) stays on the engine's held-back examples; the real dev sets choose
between this and the shipped network (`bench/ensemble_rules.py`-style, outside this script). The windows
enter by replacing `rendered.make_parts_batch` for the run (an experiment, not a training option).
Result (16_rendered): shares 0.5 and 0.25, 1500 steps, lower `rendered-parts` on every real dev set; not kept.
"""
import argparse, sys
from pathlib import Path
import numpy as np, torch
import mss_nb.rendered as R
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / 'bench'))
from mss_nb.core import set_threads

TRAIN_PROJECTS = ('demos/Momo64-esp', 'demos/Oglsdl-Dr8v2')   # allowed, in no dev set (Settel-InnerRecreation, the
                                                            # third with 2+ pitched tracks, renders for most of an hour)


def project_windows(name, cache, sr=22050, seconds=3., min_parts=2):
    "`(tracks (P, n) mono, [(start sample, active track indices)])` of one project."
    from mss_nb.realmusic import frame_activity
    from count_trained import project_parts                  # bench/: refuses held-out projects (realmusic.project_file)
    tr = list(project_parts(name, sr, cache).values())
    if len(tr) < min_parts: return None, []
    T = np.stack(tr).astype(np.float32)
    act = np.stack([frame_activity(t[None], sr) for t in T])        # (P, frames of 0.5 s)
    w, h = int(seconds / 0.5), int(0.5 * sr)
    out = []
    for f in range(0, act.shape[1] - w + 1):
        on = np.flatnonzero(act[:, f:f + w].mean(1) >= 0.6)
        if len(on) >= min_parts: out.append((f * h, on))
    return T, out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('out')
    ap.add_argument('--lmms-cache', nargs='+', default=['data/cache/lmms'])
    ap.add_argument('--share', type=float, default=0.5)
    ap.add_argument('--steps', type=int, default=1500)
    ap.add_argument('--valid-every', type=int, default=500)
    ap.add_argument('--lr', type=float, default=1e-4)
    ap.add_argument('--pool', type=int, default=400)
    ap.add_argument('--workers', type=int, default=2)
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--init', default='models/sep_rendered_corpus_cpu')
    ap.add_argument('--cache', default=None, help='render cache of the engine examples (default: OUT/cache)')
    a = ap.parse_args(argv)
    set_threads(a.threads)
    sr, n_slots = 22050, 4
    projects = []
    for name in TRAIN_PROJECTS:
        cache = next((c for c in a.lmms_cache if (Path(c) / Path(name).name).is_dir()), None)
        if cache is None: sys.exit(f'{name}: not rendered in any of {a.lmms_cache}')
        T, wins = project_windows(name, cache, sr)
        print(name, 'tracks', None if T is None else len(T), 'windows', len(wins), flush=True)
        if wins: projects.append((T, wins))
    engine_batch = R.make_parts_batch
    def make_parts_batch(cache, seeds, M, n, key=0):
        "The engine's batch, a share of its rows replaced by production windows (training batches only)."
        out = engine_batch(cache, seeds, M, n, key)
        if min(seeds) >= 10**9: return out                     # validation: the engine's held-back examples
        g = np.random.default_rng([int(key), 29])
        for b in np.flatnonzero(g.random(len(seeds)) < a.share):
            T, wins = projects[g.integers(len(projects))]
            s, on = wins[g.integers(len(wins))]
            keep = g.choice(on, int(g.integers(2, min(M, len(on)) + 1)), replace=False)
            out[b] = 0
            out[b, :len(keep)] = torch.from_numpy(T[keep, s:s + n].copy())
        return out
    R.make_parts_batch = make_parts_batch
    from mss_nb.training import TrainOptions
    o = TrainOptions(steps=a.steps, batch_size=8, lr=a.lr, valid_every=a.valid_every, pool=a.pool, corpus_share=0.5,
                     n_valid=32, example_seconds=6., workers=a.workers, seed=0)
    R.train_rendered(a.out, opts=o, cache_dir=a.cache, init=a.init, cache_bytes=4 << 30)


if __name__ == '__main__': main()
