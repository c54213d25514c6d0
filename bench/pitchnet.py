"""Grouping, counting and the pitch-conditioned network (`pitch-net`), set by set.

    python bench/pitchnet.py [--jobs 2]        # scores the sets it has no results for, writes the tables
    python bench/pitchnet.py --summary-only    # only collects the per-song results already on disk
    python bench/pitchnet.py --model DIR       # another trained model (default: the shipped one)

Every song is scored as `bench/pitch.py` scores it (true 'other' stem at 22.05 kHz, mono down-mix,
estimates matched to parts by the Hungarian algorithm on SI-SDR, mean SI-SDRi over a song's parts):
  pitch-net, true notes + parts     the true notes (`notes.csv`) in their true parts -> pitch-net's masks
  pitch-net, transcribed + true parts  transcribed notes given to the part with most energy on their harmonics
  pitch-net                         the whole method, K = the true count: transcribe, group by timbre, mask
  pitch-net, k auto                 the same, K counted from the embeddings (`count_streams`)
  pitch-net+spatial                 the stereo image's places when it holds two or more, else pitch-net
  harmonic, timbre grouping         pitch-net's grouping with the training-free harmonic masks (no network)
and, per song: the share of note energy grouped right (`grouping_accuracy`, Hungarian-matched, against
`true_streams`) by the timbre embedding and by `18_harmonic`'s rule, and whether `--k auto` counted right.
The score-informed, transcribed + true parts, pitch-harmonic and oracle rows are read from `results/pitch/<set>.csv`
(`bench/pitch.py`, same songs). MuseScore_General is the held-out library: never in training or model selection.
Writes `results/pitchnet/<set>.csv`, `summary.json` and `summary.md`.
"""
import argparse, json, os, sys, time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
import numpy as np
import pandas as pd

os.environ.setdefault('OMP_NUM_THREADS', '1')
sys.path.insert(0, str(Path(__file__).parent))
from pitch import SETS, set_root, write_summary
from mss_nb.core import atomic_write_text, set_threads
from mss_nb.evaluation import eval_songs, score_song
from mss_nb.synth import load_notes
from mss_nb.transcribe import transcribe
from mss_nb.dsp import stft
from mss_nb.harmonic import note_combs, first_fit, true_streams, group_notes, separate_harmonic, note_energy
from mss_nb.notegroups import grouping_accuracy
from mss_nb.pitchnet import load_pitchnet, separate_pitchnet
from mss_nb.notegroups import group_by_timbre
from mss_nb.methods import get_method
from mss_nb.core import find_model

GOAL_SETS = ['musescore_centre', 'musescore', 'synth']
ROWS = ['pitch-net, true notes + parts', 'pitch-net, transcribed + true parts', 'pitch-net', 'pitch-net, k auto',
        'pitch-net+spatial', 'harmonic, timbre grouping']
OLD = ['score-informed', 'transcribed + true parts', 'pitch-harmonic', 'pitch-harmonic+spatial', 'oracle_irm']
SR = 22050

def score_set(name, out, model_dir):
    "Every row on every song of one set -> `<out>/<name>.csv`."
    set_threads(1)
    model = load_pitchnet(model_dir)
    cfg, root, rows = model.cfg, set_root(name), []
    for (song, x, parts), (_, xs, _) in zip(eval_songs(root, sr=SR), eval_songs(root, sr=SR, nb_channels=2)):
        names, K = list(parts), len(parts)
        ref = load_notes(root / 'test' / song, names)
        t = time.time(); est = transcribe(x, SR)[0]; t_tr = time.time() - t
        A = np.abs(stft(x, cfg.n_fft, cfg.hop))
        mags = np.stack([np.abs(stft(p, cfg.n_fft, cfg.hop)) for p in parts.values()])
        fit0 = first_fit(A, est, note_combs(A, est, SR, cfg.n_fft, cfg.hop))
        truth, w = true_streams(fit0, mags), note_energy(fit0)
        timbre, _ = group_by_timbre(model, A, est, K)
        _, k_auto = group_by_timbre(model, A, est, None)
        base = dict(song=song, n_inst=K, audio_s=len(x) / SR, k_auto=k_auto,
                    grouped_timbre=grouping_accuracy(timbre, truth, w),
                    grouped_rule=grouping_accuracy(group_notes(est, fit0, K).argmax(1), truth, w))
        runs = {'pitch-net, true notes + parts': lambda: separate_pitchnet(model, x, SR, K, ref, ref.part.map(names.index).values),
                'pitch-net, transcribed + true parts': lambda: separate_pitchnet(model, x, SR, K, est, truth),
                'pitch-net': lambda: separate_pitchnet(model, x, SR, K, est),
                'pitch-net, k auto': lambda: separate_pitchnet(model, x, SR, None, est),
                'pitch-net+spatial': lambda: [s.mean(0) for s in get_method('pitch-net+spatial').run(model, xs, SR, K, 0)[0]],
                'harmonic, timbre grouping': lambda: separate_harmonic(x, SR, K, est, timbre)}
        for row, fn in runs.items():
            t = time.time(); ests = fn()
            ests = ests[0] if isinstance(ests, tuple) else ests
            dt = time.time() - t + (t_tr if row in ('pitch-net', 'pitch-net, k auto') else 0)
            rows.append(dict(base, row=row, seconds=dt,
                             si_sdri=float(np.mean([r['si_sdri'] for r in score_song(x, parts, ests)]))))
        print(name, song, K, f"grouped {base['grouped_timbre']:.0%} (rule {base['grouped_rule']:.0%}) k_auto {k_auto}",
              {r['row']: round(r['si_sdri'], 2) for r in rows[-len(runs):]}, flush=True)
    Path(out).mkdir(parents=True, exist_ok=True)
    atomic_write_text(Path(out) / f'{name}.csv', pd.DataFrame(rows).to_csv(index=False))
    return name

def summarise(out, old='results/pitch'):
    "Per set: each row's mean SI-SDRi (all songs, 2 parts, 3-4 parts), grouping and counting."
    res = {}
    for name, label in SETS.items():
        f = Path(out) / f'{name}.csv'
        if not f.exists(): continue
        df = pd.read_csv(f)
        o = Path(old) / f'{name}.csv'
        if o.exists(): df = pd.concat([df, pd.read_csv(o)[lambda d: d.row.isin(OLD)]])
        song = df[df.row == 'pitch-net'].drop_duplicates('song')
        by = lambda g: {'2': float(g[g.n_inst == 2].si_sdri.mean()), '3-4': float(g[g.n_inst >= 3].si_sdri.mean())}
        res[label] = dict(set=name, songs=len(song),
                          grouped_timbre=float(song.grouped_timbre.mean()), grouped_rule=float(song.grouped_rule.mean()),
                          grouped_by_n={str(n): float(g.grouped_timbre.mean()) for n, g in song.groupby('n_inst')},
                          count_right=float((song.k_auto == song.n_inst).mean()),
                          count_by_n={str(n): float((g.k_auto == g.n_inst).mean()) for n, g in song.groupby('n_inst')},
                          rows={r: dict(si_sdri=float(g.si_sdri.mean()), by_n=by(g),
                                        rtf=float(g.seconds.sum() / g.audio_s.sum())) for r, g in df.groupby('row')})
    return res

def fmt(x): return '–' if x is None or x != x else f'{x:+.2f}'

def to_md(s):
    sets = list(s)
    head = ['| row | ' + ' | '.join(sets) + ' |', '|---' * (len(sets) + 1) + '|']
    md = ['# Grouping, counting and pitch-net (SI-SDRi in dB, mean over songs)', '',
          '`pitch-net` (`20_pitchnet`, trained on rendered parts of the training libraries) and the timbre grouping '
          '(`19_notegroups`); rows from `results/pitch` (`bench/pitch.py`, same songs) beside them. '
          'MuseScore_General is never used to train or choose anything. Made by `python bench/pitchnet.py`.', '',
          '## Mean SI-SDRi: all songs · 2 parts · 3–4 parts (K = true count unless said)', '', *head]
    for r in ROWS + OLD:
        md.append(f'| {r} | ' + ' | '.join(
            (lambda d: f"{fmt(d['si_sdri'])} · {fmt(d['by_n']['2'])} · {fmt(d['by_n']['3-4'])}")(s[t]['rows'][r])
            if r in s[t]['rows'] else '–' for t in sets) + ' |')
    md += ['', '## Grouping and counting', '', *head,
           '| songs | ' + ' | '.join(str(s[t]['songs']) for t in sets) + ' |',
           '| note energy grouped right, timbre embedding | ' + ' | '.join(f"{s[t]['grouped_timbre']:.0%}" for t in sets) + ' |',
           '| … by part count (2 / 3 / 4) | ' + ' | '.join(' / '.join(f"{s[t]['grouped_by_n'][n]:.0%}" if n in s[t]['grouped_by_n'] else '–' for n in '234') for t in sets) + ' |',
           "| note energy grouped right, 18_harmonic's rule | " + ' | '.join(f"{s[t]['grouped_rule']:.0%}" for t in sets) + ' |',
           '| `--k auto` counted right | ' + ' | '.join(f"{s[t]['count_right']:.0%}" for t in sets) + ' |',
           '| … by part count (2 / 3 / 4) | ' + ' | '.join(' / '.join(f"{s[t]['count_by_n'][n]:.0%}" if n in s[t]['count_by_n'] else '–' for n in '234') for t in sets) + ' |']
    md += ['', '## Seconds per second of audio (22.05 kHz mono, one thread; transcription included where said)', '', *head]
    md += [f'| {r} | ' + ' | '.join(f"{s[t]['rows'][r]['rtf']:.3f}" if r in s[t]['rows'] else '–' for t in sets) + ' |'
           for r in ROWS]
    return '\n'.join(md) + '\n'

def main(summary_only=False, jobs=1, sets=','.join(GOAL_SETS), out='results/pitchnet', model=None):
    names = [n for n in sets.split(',') if n]
    if not summary_only:
        mdir = str(find_model(model or 'pitch_net_rendered_cpu'))
        todo = [n for n in names if not (Path(out) / f'{n}.csv').exists()]
        with ProcessPoolExecutor(jobs) as ex: list(ex.map(score_set, todo, [out] * len(todo), [mdir] * len(todo)))
    write_summary(out, summarise, to_md)

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--summary-only', action='store_true', help='only collect existing results')
    p.add_argument('--jobs', type=int, default=1, help='sets scored at once (one thread each)')
    p.add_argument('--sets', default=','.join(GOAL_SETS), help=f'comma-separated sets (default: {",".join(GOAL_SETS)}; all: {",".join(SETS)})')
    p.add_argument('--out', default='results/pitchnet', help='results folder')
    p.add_argument('--model', default=None, help='model folder (default: the shipped pitch_net_rendered_cpu)')
    main(**vars(p.parse_args()))
