"""Every separator of "other" on every test set, the separator trained on rendered parts included.

    python bench/rendered.py [--jobs 2]      # makes the sets it lacks, scores, writes the tables
    python bench/rendered.py --summary-only  # only collects the results already on disk

The sets (test split only, `mss_make_synth`, deterministic):
  synth, fluidr3, waltz, randpan, centre   the label-free study's sets (nbs/15_spatial)
  musescore, musescore_centre              MuseScore_General (apt musescore-general-soundfont),
                                           parts spread / all in the centre: the same 12 songs.
MuseScore_General is the held-out library: the rendered-parts model never heard it. TimGM6mb
(synth, waltz, randpan, centre) and FluidR3_GM (fluidr3) are among its training libraries.

On the two MuseScore sets every method is scored here with K = the true count
(`results/rendered/<set>_oracle`), and `rendered-parts` with `--k auto` (the other
methods' counting was measured on the five synthetic sets, `results/spatial/`, and not repeated). On
the other five sets the methods already measured are read from `results/spatial/` (same songs, same
commands, see nbs/15_spatial) and only `rendered-parts` is scored here
(`--k auto` on the synth set only). `rendered-parts+spatial` (16_rendered) is scored on every set
(`<set>_<k>_combined`, `--k auto` on the three sets with a counting goal). `rendered-parts-mwf` (16_rendered, not registered) was scored on
the MuseScore sets before it was withdrawn; its rows stay in the table as measured. Writes
`results/rendered/summary.json` and `results/rendered/summary.md`.

The shipped model is scored on every set again whenever it changes: its rows go to
`<set>_<k>_<GEN>[_combined]` (GEN = 'v2': fine-tuned with dynamic mixing, 16_rendered); the rows that
the first model (v1) left in the other folders are shown as `rendered-parts v1` and
`rendered-parts+spatial v1`.
"""
import argparse, json, os
from common import run_command
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
import pandas as pd
from mss_nb.core import save_json, atomic_write_text, data_dir

MUSESCORE = '/usr/share/sounds/sf3/MuseScore_General.sf3'
FLUID = '/usr/share/sounds/sf2/FluidR3_GM.sf2'
SETS = {  # name: (mss_make_synth options, table label, scored by 15_spatial already)
    'musescore_centre': (['--seed', '5', '--n-test', '12', '--sf2', MUSESCORE, '--pans', 'centre'],
                         'MuseScore centred (held out)', False),
    'musescore': (['--seed', '5', '--n-test', '12', '--sf2', MUSESCORE],
                  'MuseScore spread (held out)', False),
    'synth': ([], 'synth (TimGM6mb)', True),
    'centre': (['--pans', 'centre'], 'synth centred', True),
    'randpan': (['--pans', 'random'], 'synth random pans', True),
    'fluidr3': (['--seed', '1', '--sf2', FLUID], 'FluidR3', True),
    'waltz': (['--seed', '2', '--style', 'waltz'], 'waltz', True),
}
COMBINED = 'rendered-parts+spatial'    # the image where it holds places, else rendered-parts
# The shipped model's generations, the last one shipped: each one's results are in
# `<set>_<k>_<gen>[_combined]` (v1's without the suffix); the earlier ones' rows of `rendered-parts` and
# `COMBINED` are shown as `… <gen>`.
GENS = {'v1': 'the first model, before it was fine-tuned with dynamic mixing',
        'v2': 'v1 fine-tuned with dynamic mixing and a larger pool'}
GEN = list(GENS)[-1]
OLD = {g: {'rendered-parts': f'rendered-parts {g}', COMBINED: f'{COMBINED} {g}'} for g in list(GENS)[:-1]}
OLD_NAMES = [n for g in reversed(list(OLD)) for n in OLD[g].values()]
METHODS = ['oracle_irm', COMBINED, 'rendered-parts', *OLD_NAMES, 'rendered-parts-mwf', 'spatial',
           'mixit-tf-kmeans', 'mixit', 'latent-kmeans+mc', 'latent-kmeans']
AUTO = ['musescore_centre', 'musescore', 'synth']    # the sets with a counting goal
COUNTING = [COMBINED, 'rendered-parts', *OLD_NAMES, 'rendered-parts-mwf', 'spatial', 'mixit', 'mixit-tf-kmeans', 'latent-kmeans']

def suffix(gen): return '' if gen == 'v1' else f'_{gen}'

def data_root(name):
    "The set's folder (data/synth for 'synth', data/synth_<name> otherwise), made if missing."
    root = data_dir() / ('synth' if name == 'synth' else f'synth_{name}')
    if not (root / 'manifest.json').exists():
        run_command('mss_make_synth', [str(root), '--n-train', '0', '--n-test', '10', *SETS[name][0]])
    return root

def score(name, k, out, threads=None, combined=False, new=False):
    """Run `mss_eval` on one set with K = `k` ('oracle' or 'auto') unless its results exist;
    `combined`: `rendered-parts+spatial` alone, in `<out>_combined`; `new`: the shipped model's
    `rendered-parts` and `COMBINED` only (no baselines: the earlier folders hold them), in
    `<out>_<GEN>[_combined]`."""
    out = Path(f'{out}_{GEN}' if new else out)
    out = Path(f'{out}_combined') if combined else out
    if (out / 'results.json').exists(): return
    old = SETS[name][2]
    cmd = [str(data_root(name)), str(out), '--variants', 'other', '--k', k, '--no-bss', '--force']
    rp = 'rendered-parts'        # rendered-parts-mwf, measured on the MuseScore sets, is unregistered
    if combined: cmd += ['--methods', COMBINED]
    elif new: cmd += ['--methods', rp]
    if new and GEN not in ('v1', 'v2'): cmd += ['--no-baselines']     # v1/v2 were scored with them
    elif old or k == 'auto': cmd += ['--methods', rp]                       # its counting
    else: cmd += ['--methods', f'kmeans,{rp},mixit,mixit-tf-kmeans,spatial,spatial-mask,spatial-mwf']
    env = {**os.environ, **({'MSS_NB_THREADS': str(threads)} if threads else {})}
    run_command('mss_eval', cmd, env=env)

def rows(name, k, root):
    "Per-reference rows of one set (`ground_truth_other.csv`), newest generation first."
    files = [(root / f'{name}_{k}{suffix(g)}{c}' / 'ground_truth_other.csv', OLD.get(g, {}))
             for g in reversed(list(GENS)) for c in ('', '_combined')]
    if SETS[name][2]:
        files.append((Path('results/spatial') / f'{name}_{k}' / 'ground_truth_other.csv', OLD['v1']))
    dfs = [pd.read_csv(f).replace({'method': old}) for f, old in files if f.exists()]
    if not dfs: return pd.DataFrame(columns=['song', 'n_inst', 'method', 'k', 'ref', 'si_sdri'])
    return pd.concat(dfs).drop_duplicates(['song', 'method', 'ref'])

def summarise(root):
    "Per set and method: mean SI-SDRi, by number of instruments, and counting with `--k auto`."
    out = {}
    for name, (_, label, _) in SETS.items():
        o, a = rows(name, 'oracle', root), rows(name, 'auto', root)
        if o.empty: continue
        songs = o.groupby('song').n_inst.first()
        res = dict(set=name, songs_by_n={str(n): int(c) for n, c in songs.value_counts().sort_index().items()})
        for m in METHODS:
            d = o[o.method == m]
            if d.empty: continue
            per_song = a[a.method == m].groupby('song')[['k', 'n_inst']].first()
            res[m] = dict(si_sdri=float(d.groupby('song').si_sdri.mean().mean()),
                          by_n={str(n): float(g.groupby('song').si_sdri.mean().mean())
                                for n, g in d.groupby('n_inst')},
                          k_correct_auto=float((per_song.k == per_song.n_inst).mean()) if len(per_song) else None)
        out[label] = res
    return out

def fmt(x, pct=False):
    if x is None: return '–'
    return f'{x:.0%}' if pct else f'{x:+.2f}'

def to_md(s):
    sets = list(s)
    head = ['| method | ' + ' | '.join(sets) + ' |', '|---' * (len(sets) + 1) + '|']
    md = ['# Separators of "other" on every test set (SI-SDRi in dB, K = true count)', '',
          '`rendered-parts` is trained on parts rendered from TimGM6mb, FluidR3_GM and OPL-3 '
          '(16_rendered); MuseScore_General is never heard in training or model selection. '
          + ''.join(f'`… {g}` rows: {GENS[g]}. ' for g in OLD) +
          f'`{COMBINED}` uses the stereo image (`spatial`) when its pan histogram has two peaks or '
          'more, else `rendered-parts`.', '',
          '## Mean SI-SDRi (mean over songs of the mean over parts)', '', *head]
    md += [f'| {m} | ' + ' | '.join(fmt(s[t].get(m, {}).get('si_sdri')) for t in sets) + ' |' for m in METHODS]
    md += ['', '## By number of instruments, 2 / 3 / 4', '', *head,
           '| songs | ' + ' | '.join(' / '.join(str(s[t]['songs_by_n'].get(n, 0)) for n in '234') for t in sets) + ' |']
    md += [f'| {m} | ' + ' | '.join(' / '.join(fmt(s[t][m]['by_n'].get(n)) for n in '234') if m in s[t] else '–'
                                    for t in sets) + ' |' for m in METHODS]
    md += ['', '## Instrument count right (`--k auto`), share of songs', '', *head]
    md += [f'| {m} | ' + ' | '.join(fmt(s[t].get(m, {}).get('k_correct_auto'), True) for t in sets) + ' |'
           for m in COUNTING]
    return '\n'.join(md) + '\n'

def main(summary_only=False, jobs=1, sets=','.join(SETS), out='results/rendered'):
    root, sets = Path(out), [n for n in sets.split(',') if n]
    if not summary_only:
        for name in sets: data_root(name)                              # make missing sets first
        todo = [(name, k, root / f'{name}_{k}', 1 if jobs > 1 else None, c, n)
                for n in (True, False) for c in (False, True) for k in ('oracle', 'auto')
                for name in sets if k == 'oracle' or name in AUTO]
        with ThreadPoolExecutor(jobs) as ex: list(ex.map(lambda a: score(*a), todo))
    s = summarise(root)
    save_json(root / 'summary.json', s)
    atomic_write_text(root / 'summary.md', to_md(s))
    print(to_md(s))

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--summary-only', action='store_true', help='only collect existing results')
    p.add_argument('--jobs', type=int, default=1, help='mss_eval runs at once (one thread each)')
    p.add_argument('--sets', default=','.join(SETS), help='comma-separated sets (default: all)')
    p.add_argument('--out', default='results/rendered', help='results folder')
    main(**vars(p.parse_args()))
