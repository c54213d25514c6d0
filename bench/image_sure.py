"""How far to trust the stereo image: the confidence threshold of the default (`IMAGE_SURE`, 20c_ensemble).

    python bench/image_sure.py [--jobs 2]       # after bash scripts/make_real.sh

Where the image of a song's 'other' stem holds two places or more, the default has two separations at
hand: the image's (`separate_spatial`) and the ensemble's on the down-mix (`rendered-ensemble`, with the
image's K). This script makes both for every such song of the real sets (K counted, as the command
runs; 22.05 kHz), reads the image's confidence (`fit_image`), and scores, per song, the mixes
`w * image + (1 - w) * ensemble` for a few weights w. A rule "the image alone where its confidence is at
least t, else the equal mean" is then scored for several t; the dev sets (the real scores placed and
centred, the productions) choose t, the test sets (MuseScore_General) report. The sets' other songs
take the ensemble's route whatever t is, so a rule's gain over a set is its gain on these songs
divided by the set's size. Writes results/real/image_sure.json and .md.
"""
import argparse, os, sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
import numpy as np, pandas as pd
os.environ.setdefault('OMP_NUM_THREADS', '1')
from mss_nb.core import save_json, atomic_write_text, data_dir, results_dir
from mss_nb.evaluation import markdown_table

SETS = ['real_scores_dev', 'real_scores_dev_placed', 'real_prod_dev', 'real_scores_test', 'real_scores_test_placed']
DEV = SETS[:3]
WEIGHTS = [0., 0.25, 0.5, 0.75, 1.]
THRESHOLDS = [0.9, 0.93, 0.95, 0.97, 0.99]
OUT = results_dir() / 'real'


def one_set(s):
    "Per song of set `s` on the image's route: its confidence and the SI-SDRi of each weight."
    from mss_nb.core import set_threads
    set_threads(1)
    from mss_nb.methods import load_method, get_method, LoadedMethod, downmix_run
    from mss_nb.spatial import stereo_places, separate_spatial
    from mss_nb.ensemble import match_order
    from mss_nb.evaluation import eval_songs, score_song
    ens, sr, rows, n = LoadedMethod(get_method('rendered-ensemble'), load_method('rendered-ensemble').model), 22050, [], 0
    for name, x, parts in eval_songs(data_dir() / s, 'test', sr, 'other', nb_channels=2):
        n += 1
        if stereo_places(x, sr) < 2: continue
        a, info = separate_spatial(x, None, sr, seed=0, chunk_seconds=10.)       # as the default runs it
        b = downmix_run(ens, x, sr, len(a), 0)[0]
        b = [b[j] for j in match_order(a, b)]
        mono = {p: v.mean(0) for p, v in parts.items()}
        r = dict(set=s, song=name, confidence=info['confidence'])
        for w in WEIGHTS:
            est = [(w * ai + (1 - w) * bi).mean(0) for ai, bi in zip(a, b)]
            r[f'w={w}'] = float(np.mean([q['si_sdri'] for q in score_song(x.mean(0), mono, est)]))
        rows.append(r)
    return rows, n


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--jobs', type=int, default=2)
    a = ap.parse_args(argv)
    sets = [s for s in SETS if (data_dir() / s / 'manifest.json').exists()]
    with ProcessPoolExecutor(a.jobs) as ex: res = dict(zip(sets, ex.map(one_set, sets)))
    df = pd.DataFrame([r for rows, _ in res.values() for r in rows])
    size = {s: n for s, (_, n) in res.items()}
    gain = lambda pick: (df.apply(lambda r: r[f'w={pick(r.confidence)}'] - r['w=0.5'], axis=1).groupby(df.set).sum()
                         / pd.Series(size)).reindex(sets).fillna(0.)
    rules = {'equal mean everywhere (before)': lambda c: 0.5}
    rules.update({f'image alone from {t}': (lambda t: lambda c: 1. if c >= t else 0.5)(t) for t in THRESHOLDS})
    table = pd.DataFrame({k: gain(f) for k, f in rules.items()}).T
    table['dev mean'] = table[[s for s in DEV if s in sets]].mean(axis=1)
    best = table['dev mean'].idxmax()
    per_song = df.sort_values('confidence').set_index(['set', 'song']).round(3)
    md = ['# How far to trust the stereo image (`IMAGE_SURE`)', '',
          '`python bench/image_sure.py`: songs whose image holds two places or more, K counted. SI-SDRi (dB) of '
          '`w * image + (1 - w) * ensemble`, per song, by the image\'s confidence:', '',
          markdown_table(per_song, 2), '',
          'Gain of each rule over the equal mean, per set (dB over all the set\'s songs; the dev sets choose):', '',
          markdown_table(table.rename_axis('rule'), 2), '', f'Best dev mean: **{best}** (`IMAGE_SURE`).', '']
    save_json(OUT / 'image_sure.json', dict(rows=df.to_dict(orient='records'), sizes=size, gains=table.to_dict(), chosen=best))
    atomic_write_text(OUT / 'image_sure.md', '\n'.join(md) + '\n')
    print('\n'.join(md))


if __name__ == '__main__': main()
