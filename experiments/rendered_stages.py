"""Collect the training stages of the shipped rendered-parts model into one file, for 16_rendered's plot.

    python experiments/rendered_stages.py v1=runs/sep_rendered_cpu no-remix=runs/ft_plain \\
        remix=runs/ft_remix v2=runs/ft2 [-o results/rendered/stages.json]

Each NAME=RUN reads RUN/last/history.json and RUN/last/train.json (the arguments of the run, `init`
included: which stage it started from). The training loss is kept as the mean of every 20 steps, the
validation entries as they are, so the file stays small.
"""
import argparse
from pathlib import Path
import numpy as np
from mss_nb.core import load_json, save_json

def stage(name, run, every=20):
    "One run's arguments, its training loss averaged over `every` steps and its validation entries."
    h, args = load_json(Path(run) / 'last' / 'history.json'), load_json(Path(run) / 'last' / 'train.json')
    tr = np.array([[r['step'], r['loss']] for r in h['train']])
    n = len(tr) // every * every
    means = tr[:n].reshape(-1, every, 2).mean(1)
    return dict(name=name, run=str(run), args=args, train=[[int(s) + 1, round(float(l), 3)] for s, l in means],
                valid=h['valid'])

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('stages', nargs='+', help='NAME=RUN folder')
    p.add_argument('-o', '--out', default='results/rendered/stages.json')
    a = p.parse_args()
    save_json(a.out, dict(stages=[stage(*s.split('=', 1)) for s in a.stages]))
