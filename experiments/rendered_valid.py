"""Rendered-parts checkpoints on the render engine's held-back examples (validation, never a test set).

    python experiments/rendered_valid.py models/sep_rendered_cpu runs/ft_remix/best [--n 96] [--cache DIR]
    python experiments/rendered_valid.py models/sep_rendered_cpu --songs data/engine --n-songs 24   # whole songs

For each model: mean SI-SDRi with K = the true count (slots merged by `merge_slots`, as `rendered-parts`
does) by number of parts (counting with `--k auto` is experiments/rendered_count.py's). The examples are the validation seeds of
`train_rendered` (10**9 onwards: never in a training pool), at the levels the engine drew, mono. This
is what chooses between checkpoints; the test sets (MuseScore_General
above all) are scored only by bench/rendered.py, afterwards. Writes results/rendered/valid.{json,md}.

With --songs: whole songs instead (20 s each in data/engine, the stage-1 training set, rendered with the
training libraries and never given to this separator), their "other" parts at the song's levels,
separated whole and in aligned 6-s chunks (`separate_mixit(..., seconds=6)`, 14_mixit). Writes
results/rendered/valid_songs.{json,md}.
"""
import argparse, collections
from pathlib import Path
import numpy as np
from mss_nb.core import save_json, atomic_write_text
from mss_nb.mixit import load_masknet, separate_mixit
from mss_nb.evaluation import score_song, eval_songs
from mss_nb.engine import RenderCache, training_libraries

def examples(cache:RenderCache, n:int, equal:bool=False):
    """Validation examples: (mixture, {part: signal}) mono, float64; `equal`: every part at one RMS
    (as the test sets' parts nearly are, 0.8 dB median spread), else at the levels the engine drew."""
    for s in range(10**9, 10**9 + n):
        Y = cache[s].mean(1).astype(np.float64)
        if equal: Y = Y * 0.05 / np.sqrt(np.mean(Y ** 2, -1, keepdims=True)).clip(1e-9)
        yield Y.sum(0), {str(i): y for i, y in enumerate(Y)}

def score_model(folder, items):
    "Mean SI-SDRi by part count (K true) and over every part of the examples with two or more."
    m, sdr = load_masknet(folder), collections.defaultdict(list)
    for x, parts in items:
        if len(parts) < 2: continue
        ests = separate_mixit(m, x, len(parts))[0]
        sdr[len(parts)] += [r['si_sdri'] for r in score_song(x, parts, ests)]
    return dict(model=str(folder), si_sdri={K: round(float(np.mean(v)), 2) for K, v in sorted(sdr.items())},
                si_sdri_all=round(float(np.mean(sum(sdr.values(), []))), 2))

def score_songs(folder, root, n_songs, chunk):
    "Mean SI-SDRi by part count over whole songs, separated whole (chunk None) or in aligned chunks."
    m, sdr = load_masknet(folder), collections.defaultdict(list)
    for _, x, parts in eval_songs(root, 'train', n_songs=n_songs):
        ests = separate_mixit(m, x, len(parts), seconds=chunk)[0]
        sdr[len(parts)] += [np.mean([r['si_sdri'] for r in score_song(x, parts, ests)])]
    return dict(model=str(folder), chunk=chunk, si_sdri={K: round(float(np.mean(v)), 2) for K, v in sorted(sdr.items())},
                songs={K: len(v) for K, v in sorted(sdr.items())},
                si_sdri_all=round(float(np.mean(sum(sdr.values(), []))), 2))

def main_songs(a):
    rows = [score_songs(f, a.songs, a.n_songs, c) for f in a.models for c in (None, 6.)]
    out = f'{a.out}_songs'
    save_json(f'{out}.json', dict(root=a.songs, n_songs=a.n_songs, rows=rows))
    md = [f'Whole songs of `{a.songs}` (first {a.n_songs}, 20 s, training libraries, never given to the separator): '
          'mean over songs of the mean SI-SDRi (dB) over parts, K = the true count, the song separated whole '
          'or in aligned 6-s chunks.', '',
          '| model | chunks | 2 parts | 3 parts | 4 parts | all |', '|---|---|---|---|---|---|']
    md += [f"| {r['model']} | {r['chunk'] or 'whole'} | "
           + ' | '.join(str(r['si_sdri'].get(k, '–')) for k in (2, 3, 4)) + f" | {r['si_sdri_all']} |" for r in rows]
    atomic_write_text(f'{out}.md', '\n'.join(md) + '\n')
    print('\n'.join(md))

def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('models', nargs='+', help='checkpoint folders (config.json + model.safetensors)')
    p.add_argument('--n', type=int, default=96, help='validation examples (seeds 10**9..)')
    p.add_argument('--cache', default='runs/sep_rendered_cpu/cache', help='render cache (renders what it lacks)')
    p.add_argument('-o', '--out', default='results/rendered/valid')
    p.add_argument('--songs', default=None, help='score whole songs of this set (train split) instead')
    p.add_argument('--n-songs', type=int, default=24)
    a = p.parse_args()
    if a.songs: return main_songs(a)
    cache = RenderCache(a.cache, 1 << 40, libraries=training_libraries(), seconds=6., sr=22050, n_parts=(1, 4))
    rows = [dict(levels=lv, **score_model(f, list(examples(cache, a.n, lv == 'equal'))))
            for f in a.models for lv in ('drawn', 'equal')]
    save_json(f'{a.out}.json', dict(n=a.n, rows=rows))
    md = [f'Validation examples of the render engine (seeds 10**9..+{a.n}, mono), parts at the levels the engine '
          'drew or all at one RMS: mean SI-SDRi (dB) with K = the true count.', '',
          '| model | levels | 2 parts | 3 parts | 4 parts | all |', '|---|---|---|---|---|---|']
    md += [f"| {r['model']} | {r['levels']} | " + ' | '.join(str(r['si_sdri'].get(k, '–')) for k in (2, 3, 4))
           + f" | {r['si_sdri_all']} |" for r in rows]
    atomic_write_text(f'{a.out}.md', '\n'.join(md) + '\n')
    print('\n'.join(md))

if __name__ == '__main__': main()
