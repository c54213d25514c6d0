"""Real notes in training (issue 29, item 3): the learned pieces fine-tuned on engine examples of which half
play excerpts of real scores (`03c_corpusnotes`), against the models they started from, on the real-music sets.

    mss_make_real notes data/cache/corpus_notes        # the training works' notes (46 works, none Bach, none dev/test)
    # the fine-tuned models (each about 25 min on one core; the control: the same run without real notes)
    mss_train_pitch runs/pn_corpus --preset cpu --init models/pitch_net_rendered_cpu --corpus-share 0.5 \
        --pool 800 --steps 300 --lr 1e-3 --valid-every 100 --workers 1 --threads 1
    mss_train_pitch runs/pn_engine ... the same with --corpus-share 0
    mss_train_sep runs/sep_corpus --init models/sep_rendered_cpu --corpus-share 0.5 --pool 1000 --steps 1500 \
        --lr 1e-4 --valid-every 500 --workers 1 --threads 1
    mss_train_sep runs/sep_engine ... the same with --corpus-share 0
    python bench/corpus.py [--jobs 2]                  # scores each fine-tuned model, writes the tables

Each run is `mss_eval SET OUT --methods M,M+spatial --model MODEL --k oracle|auto --variants other --no-bss
--no-baselines` (bench/real.py's flags), for the models before fine-tuning, the control and the real-notes run.
Dev sets choose; test sets (MuseScore_General) report. Writes results/corpus/summary.json and summary.md.
"""
import argparse, json, os, sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
import numpy as np
import pandas as pd

os.environ.setdefault('OMP_NUM_THREADS', '1')
sys.path.insert(0, str(Path(__file__).parent))
from mss_nb.core import save_json, atomic_write_text, data_dir, results_dir, load_json, _package_root
from mss_nb.evaluation import markdown_table
from real import SETS, DEV, table

RUNS = {  # label: {the method it serves: its model folder}
    'before fine-tuning': {'pitch-net': 'models/pitch_net_rendered_cpu', 'rendered-parts': 'models/sep_rendered_cpu'},
    'fine-tuned, engine notes only (control)': {'pitch-net': 'runs/pn_engine/model', 'rendered-parts': 'runs/sep_engine/best'},
    'fine-tuned, half real notes': {'pitch-net': 'runs/pn_corpus/model', 'rendered-parts': 'runs/sep_corpus/best'},
}
SLUG = {'before fine-tuning': 'before', 'fine-tuned, engine notes only (control)': 'engine', 'fine-tuned, half real notes': 'corpus'}
OUT = results_dir() / 'corpus'


def run(job):
    "One mss_eval run (its own process, one thread)."
    from common import run_command
    s, k, method, model, out = job
    if (out / 'results.json').exists(): return str(out), 'kept'
    try: r = run_command('mss_eval', [data_dir() / s, out, '--methods', f'{method},{method}+spatial', '--model', model,
                                     '--k', k, '--variants', 'other', '--no-bss', '--no-baselines', '--threads', '1', '-q', '--force'])
    except RuntimeError as e: return str(out), 'FAILED: ' + str(e)[-1500:]
    return str(out), f"{r['wall']:.0f} s"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--jobs', type=int, default=2)
    ap.add_argument('--summary-only', action='store_true')
    a = ap.parse_args()
    root = _package_root()
    jobs = [(s, k, m, str(root / model), OUT / f'{SLUG[lab]}_{m}_{s}_{k}')
            for lab, models in RUNS.items() for m, model in models.items() if (root / model).exists()
            for s in SETS if (data_dir() / s / 'manifest.json').exists() for k in ('oracle', 'auto')]
    if not a.summary_only:
        with ProcessPoolExecutor(a.jobs) as ex:
            for out, how in ex.map(run, jobs): print(out, how, flush=True)
    rows = []
    for lab, models in RUNS.items():
        for m in ('pitch-net', 'rendered-parts'):
            for k in ('oracle', 'auto'):
                for s in SETS:
                    f = OUT / f'{SLUG[lab]}_{m}_{s}_{k}'
                    if not (f / 'results.json').exists(): continue
                    t = table(s, k, f)[0]
                    for meth in t.index.intersection([m, f'{m}+spatial']):
                        rows.append(dict(model=lab, method=meth, k=k, set=s, si_sdri=t.loc[meth, 'all'], k_right=t.loc[meth, 'K right']))
    df = pd.DataFrame(rows)
    md = ['# Real notes in training: fine-tuned models against the models they started from', '',
          'Mean SI-SDRi (dB) on the real-music sets, `mss_eval --variants other --no-bss`; dev sets choose, '
          'test sets (MuseScore_General) report. `python bench/corpus.py` (commands in its docstring).', '']
    out = {}
    for k in ('oracle', 'auto'):
        d = df[df.k == k].pivot_table(index=['method', 'model'], columns='set', values='si_sdri')
        d = d[[s for s in SETS if s in d.columns]]
        d.columns = [SETS[c] for c in d.columns]
        d.insert(0, 'dev mean', d[[SETS[s] for s in DEV if SETS[s] in d.columns]].mean(axis=1, skipna=False))
        order = {lab: i for i, lab in enumerate(RUNS)}
        d = d.sort_index(key=lambda ix: ix.map(order) if ix.name == 'model' else ix)
        md += [f'## K = {"true count" if k == "oracle" else "counted (--k auto)"}', '', markdown_table(d.set_axis([f'{m}, {lab}' for m, lab in d.index]).rename_axis('method, model'), 2), '']
        out[k] = {f'{m} | {lab}': r.to_dict() for (m, lab), r in d.iterrows()}
        if k == 'auto':
            r = df[df.k == k].pivot_table(index=['method', 'model'], columns='set', values='k_right')
            r = r[[s for s in SETS if s in r.columns]].rename(columns=SETS)
            r = r.sort_index(key=lambda ix: ix.map(order) if ix.name == 'model' else ix)
            md += ['Share of songs whose K was counted right', '', markdown_table(r.set_axis([f'{m}, {lab}' for m, lab in r.index]).rename_axis('method, model'), 2), '']
            out['k_right'] = {f'{m} | {lab}': v.to_dict() for (m, lab), v in r.iterrows()}
    save_json(OUT / 'summary.json', out)
    atomic_write_text(OUT / 'summary.md', '\n'.join(md) + '\n')
    print('\n'.join(md))


if __name__ == '__main__': main()
