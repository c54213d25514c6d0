"""Real music in the loop: every method on the real-score and real-production sets (`03b_realmusic`).

    bash scripts/make_real.sh                 # the sets (resumable; LMMS renders cached)
    python bench/real.py [--jobs 2]           # scores what is missing, then writes the tables
    python bench/real.py --summary-only       # only the tables, from the results on disk

For each set, `mss_eval SET results/real/<set>_<k> --methods ... --variants other --no-bss` with
K = the true count ('oracle') and K = 'auto'. `mss_eval` adds its reference points to every table:
the mixture, the oracle ratio mask and NMF + k-means (NMF components clustered into K groups, the
classic label-free baseline). Scores are SI-SDRi in dB on the 'other' stem at 22.05 kHz, mono down-mix,
estimates matched to parts by the Hungarian algorithm.
Dev sets (training libraries, allowed LMMS projects) choose; test sets (MuseScore_General) report.
Methods added after the first runs (`BATCHES`) are scored in folders of their own, <set>_<k>_<batch>,
so adding one does not score the others again; the tables read every folder of a set.
basic-pitch's note F1 on the real-score sets is written beside them (`17_transcribe`).

Writes results/real/summary.json, summary.md (the tables) and the per-run folders.
"""
import argparse, json, os, sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
import numpy as np
import pandas as pd

os.environ.setdefault('OMP_NUM_THREADS', '1')
sys.path.insert(0, str(Path(__file__).parent))
from mss_nb.core import save_json, atomic_write_text, data_dir, results_dir, load_json
from mss_nb.evaluation import markdown_table

SETS = {  # folder under data/: column label (dev sets first: they choose)
    'real_scores_dev': 'scores dev, centred', 'real_scores_dev_placed': 'scores dev, placed',
    'real_prod_dev': 'productions dev',
    'real_scores_test': 'scores test (MuseScore), centred', 'real_scores_test_placed': 'scores test (MuseScore), placed'}
DEV = ['real_scores_dev', 'real_scores_dev_placed', 'real_prod_dev']
METHODS = ['rendered-parts+spatial', 'pitch-harmonic', 'pitch-harmonic+spatial', 'pitch-net', 'pitch-net+spatial',
           'spatial', 'rendered-parts']
AUTO = ['pitch-harmonic+spatial', 'rendered-parts+spatial', 'pitch-net+spatial', 'spatial', 'pitch-harmonic', 'pitch-net', 'rendered-parts']   # every method that counts, run with --k auto
BATCHES = {   # methods added later: their own runs, in <set>_<k>_<batch>/ beside the first (the tables read all of them)
    'ensemble': (['rendered-ensemble+spatial', 'rendered-ensemble'], ['rendered-ensemble+spatial', 'rendered-ensemble']),
    'spatial-mean': (['rendered-ensemble+spatial-mean'], ['rendered-ensemble+spatial-mean']),
    'count': ([], ['pitch-harmonic', 'pitch-harmonic+spatial', 'rendered-ensemble', 'rendered-ensemble+spatial',
                   'rendered-ensemble+spatial-mean']),   # K auto again after the count became the forest (17b_count): these count from the notes
    'image-count': ([], ['rendered-ensemble+spatial-mean'])}   # K auto again: where the image is not sure, the notes count (20c)
OUT = results_dir() / 'real'

def folders(s, k):
    "The run folders of one set and K: the first and every batch's."
    return [OUT / f'{s}_{k}'] + [OUT / f'{s}_{k}_{b}' for b in BATCHES]

def run(job):
    "One mss_eval run (its own process, one thread)."
    from common import run_command
    s, k, methods, batch = job
    out = OUT / (f'{s}_{k}' + (f'_{batch}' if batch else ''))
    if (out / 'results.json').exists(): return str(out), 'kept'
    try: r = run_command('mss_eval', [data_dir() / s, out, '--methods', ','.join(methods), '--k', k, '--variants', 'other',
                                 '--no-bss', '--threads', '1', '-q', '--force'])
    except RuntimeError as e:                  # one failed run is reported, the others still run
        return str(out), 'FAILED: ' + str(e)[-1500:]
    return str(out), f"{r['wall']:.0f} s"

def transcription(s):
    "basic-pitch's note F1 on one real-score set, per song (the notes cached, shared with bench/count.py)."
    from common import notes_of
    from mss_nb.synth import load_notes
    from mss_nb.transcribe import transcription_scores
    rows = []
    for name, n, est in notes_of(s, OUT):
        sc = transcription_scores(load_notes(data_dir() / s / 'test' / name), est)
        rows.append(dict(song=name, n_inst=n, **sc))
    return pd.DataFrame(rows)

def table(s, k, folder=None):
    """Per method: mean SI-SDRi over references and songs, by part count, and the share of K right, from
    every run of the set (`folder`: one other run's only); a method scored in several runs counts from the
    latest (a later batch scores it again)."""
    fs = [f / 'ground_truth_other.csv' for f in ([folder] if folder else folders(s, k))]
    fs = [f for f in fs if f.exists()]
    if not fs: return None
    gt = pd.concat([pd.read_csv(f).assign(run=i) for i, f in enumerate(fs)])
    gt = gt[gt.run == gt.groupby('method').run.transform('max')].drop_duplicates(['song', 'method', 'ref'])
    per = gt.groupby(['method', 'song']).agg(si_sdri=('si_sdri', 'mean'), k=('k', 'first'), n=('n_inst', 'first'))
    t = per.groupby('method').agg(all=('si_sdri', 'mean'))
    t['2 parts'] = per[per.n == 2].groupby('method').si_sdri.mean()
    t['3-4 parts'] = per[per.n >= 3].groupby('method').si_sdri.mean()
    t['K right'] = (per.k == per.n).groupby('method').mean()
    t['songs'] = per.groupby('method').size()
    return t, per.reset_index()

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--jobs', type=int, default=2)
    ap.add_argument('--summary-only', action='store_true')
    ap.add_argument('--sets', default=','.join(SETS))
    a = ap.parse_args(argv)
    sets = [s for s in a.sets.split(',') if (data_dir() / s / 'manifest.json').exists()]
    from mss_nb.realmusic import check_data
    for s in sets: check_data(data_dir() / s)                      # the guard, before anything is scored
    if not a.summary_only:
        jobs = ([(s, 'oracle', METHODS, None) for s in sets] + [(s, 'auto', AUTO, None) for s in sets]
                + [(s, k, ms, b) for b, (mo, ma) in BATCHES.items() for k, ms in (('oracle', mo), ('auto', ma)) if ms for s in sets])
        with ProcessPoolExecutor(a.jobs) as ex:
            for out, t in ex.map(run, jobs): print(out, t, flush=True)
        with ProcessPoolExecutor(a.jobs) as ex:
            ts = [s for s in sets if 'scores' in s]
            for s, df in zip(ts, ex.map(transcription, ts)):
                atomic_write_text(OUT / f'{s}_transcription.csv', df.to_csv(index=False))
    summary, md = {}, ['# Real music: every method on the real sets', '',
                       'SI-SDRi (dB), mean over songs of the mean over parts; `python bench/real.py`. '
                       'Dev sets choose; test sets (MuseScore_General, a library never trained on) report.', '']
    for k in ('oracle', 'auto'):
        cols = {}
        for s in sets:
            r = table(s, k)
            if r is None: continue
            t, per = r
            summary[f'{s}/{k}'] = json.loads(t.to_json(orient='index'))
            cols[SETS[s]] = t['all']
            md += [f'## {SETS[s]}, K = {k}', '', markdown_table(t, 2), '']
            if k == 'auto':
                for m in dict.fromkeys(AUTO + [m for _, ma in BATCHES.values() for m in ma]):
                    p = per[per.method == m]
                    if len(p): md += [f'K counted by {m} (rows: true count, columns: counted)', '',
                                      markdown_table(pd.crosstab(p.n, p.k), 0), '']
        if cols:
            both = pd.DataFrame(cols)
            md[4:4] = [f'### All sets, K = {k} (columns: sets, dev first)', '', markdown_table(both, 2), '']
            summary[f'all/{k}'] = json.loads(both.to_json(orient='index'))
    for s in sets:
        f = OUT / f'{s}_transcription.csv'
        if f.exists():
            df = pd.read_csv(f)
            m = df.drop(columns=['song']).mean(numeric_only=True)
            summary[f'{s}/transcription'] = m.to_dict()
            md += [f'## basic-pitch on {SETS[s]}', '', markdown_table(m.to_frame('mean'), 3), '']
    OUT.mkdir(parents=True, exist_ok=True)
    save_json(OUT / 'summary.json', summary)
    atomic_write_text(OUT / 'summary.md', '\n'.join(md) + '\n')
    print('\n'.join(md))

if __name__ == '__main__': main()
