"""Choose the slot-energy threshold with which `rendered-parts` counts instruments, on held-back
examples of the render engine (training libraries only, seeds never trained on): never on a test set.

    python experiments/rendered_count.py [--model models/sep_rendered_cpu] [--n 96]

For each of `--n` validation examples (seeds from 10**9, as `mss_train_sep` validates; 6 s at
their natural levels, 1-4 parts) the slots' energies relative to the mixture are computed once;
then every threshold from -40 to -6 dB is scored by the share of examples whose count of slots above
it equals the true number of parts. Prints the table and the best threshold; writes
results/rendered/count_threshold.json.
"""
import argparse, json
from pathlib import Path
import numpy as np
import torch
from mss_nb.core import save_json
from mss_nb.mixit import load_masknet, mixit_slots, slot_energy_db
from mss_nb.engine import RenderCache

def main(model='models/sep_rendered_cpu', n=96, cache='runs/sep_rendered_cpu/cache',
         out='results/rendered/count_threshold.json'):
    torch.set_num_threads(1)
    m = load_masknet(model)
    c = RenderCache(cache, 8 << 30, seconds=6., sr=m.cfg.sample_rate, n_parts=(1, m.cfg.n_slots))
    E, K = [], []
    for s in range(10**9, 10**9 + n):
        Y = c[s].mean(1)                                            # (K, T) mono parts
        x = Y.sum(0)
        E.append(slot_energy_db(mixit_slots(m, x), x))
        K.append(len(Y))
    E, K = np.array(E), np.array(K)
    grid = np.arange(-40., -5., 1.)
    acc = [float(np.mean(np.maximum(1, (E > t).sum(1)) == K)) for t in grid]
    best = float(grid[int(np.argmax(acc))])
    for t, a in zip(grid, acc): print(f'{t:6.0f} dB  {a:.0%}')
    res = dict(model=model, examples=n, parts=np.bincount(K).tolist(), grid=grid.tolist(),
               accuracy=acc, best_threshold_db=best, accuracy_at_best=max(acc),
               accuracy_at_minus_20=acc[list(grid).index(-20.)])
    save_json(Path(out), res)
    print(json.dumps({k: v for k, v in res.items() if k not in ('grid', 'accuracy')}))

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--model', default='models/sep_rendered_cpu')
    p.add_argument('--n', type=int, default=96)
    p.add_argument('--cache', default='runs/sep_rendered_cpu/cache')
    p.add_argument('--out', default='results/rendered/count_threshold.json')
    main(**vars(p.parse_args()))
