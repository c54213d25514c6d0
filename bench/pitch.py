"""Transcribe, then mask: where the loss comes from, set by set (SI-SDRi in dB, K = true count).

    python bench/pitch.py [--jobs 2]       # makes the sets it lacks (bench/rendered.py's), scores, writes tables
    python bench/pitch.py --summary-only   # only collects the per-song results already on disk

Every song of each test set is scored as `mss_eval` scores it (the true 'other' stem at 22.05 kHz,
mono down-mix, estimates matched to parts by the Hungarian algorithm on SI-SDR, `13_evaluation`):
  score-informed             the true notes (`notes.csv`) and their true parts -> harmonic masks
  transcribed + true parts   notes transcribed from the stem, each given to the true part that holds most
                             of the energy on its harmonics (`true_streams`)
  pitch-harmonic             the whole method: transcription, the grouping rule, harmonic masks
  pitch-harmonic+spatial     the stereo image where it holds places, else pitch-harmonic (stereo stem)
  oracle_irm                 the ideal ratio mask (the bound for masks on a 2048-point STFT)
and the transcription against the true notes (note F1 onset, onset + offset, frame F1; `17_transcribe`),
and `--k auto`'s count (`polyphony` of the transcribed notes) against the true count.
Today's other methods are read from `results/rendered/summary.json` (same sets, same songs, `bench/rendered.py`).
MuseScore_General is the held-out library: nothing in `18_harmonic` was chosen on it (the choices were
made on `data/synth_dev` and `data/synth_dev30`, engine sets of the training libraries, parts centred:
`python bench/pitch.py --sets dev,dev30`).

Writes `results/pitch/<set>.csv` (one row per song and row), `summary.json` and `summary.md`.
"""
import argparse, json, os, sys, time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
import numpy as np
import pandas as pd

os.environ.setdefault('OMP_NUM_THREADS', '1')
sys.path.insert(0, str(Path(__file__).parent))
from rendered import SETS as RENDERED_SETS, data_root
from mss_nb.core import save_json, atomic_write_text, set_threads, data_dir
from mss_nb.evaluation import eval_songs, score_song, sep_oracle_irm
from mss_nb.synth import load_notes
from mss_nb.transcribe import transcribe, transcription_scores, polyphony
from mss_nb.harmonic import separate_harmonic, true_streams, note_stft
from mss_nb.methods import get_method
from mss_nb.dsp import stft

SETS = {**{k: v[1] for k, v in RENDERED_SETS.items()},
        'dev': 'engine dev (10 songs)', 'dev30': 'engine dev (30 songs)'}
DEV = {'dev': ('synth_dev', '11', '10'), 'dev30': ('synth_dev30', '12', '30')}   # folder, seed, songs
ROWS = ['score-informed', 'transcribed + true parts', 'pitch-harmonic', 'pitch-harmonic+spatial', 'oracle_irm']
OTHERS = ['rendered-parts+spatial', 'rendered-parts', 'spatial', 'mixit-tf-kmeans', 'latent-kmeans+mc']
SR = 22050

def set_root(name):
    "The set's folder: bench/rendered.py's sets, or a development set (made if missing)."
    if name not in DEV: return data_root(name)
    folder, seed, n = DEV[name]
    root = data_dir() / folder
    if not (root / 'manifest.json').exists():
        from common import run_command
        run_command('mss_make_synth', [root, '--engine', '--n-train', '0', '--n-test', n, '--seed', seed,
                                       '--pans', 'centre', '--duration', '20', '-q'])
    return root

def score_set(name, out):
    "Every row on every song of one set -> `<out>/<name>.csv`."
    set_threads(1)
    root, rows = set_root(name), []
    for (song, x, parts), (_, xs, _) in zip(eval_songs(root, sr=SR), eval_songs(root, sr=SR, nb_channels=2)):
        names, K = list(parts), len(parts)
        ref = load_notes(root / 'test' / song, names)
        if ref is None: raise FileNotFoundError(f"{root}/test/{song}: no notes.csv (make the set again)")
        t = time.time(); est = transcribe(x, SR)[0]; t_tr = time.time() - t
        base = dict(song=song, n_inst=K, audio_s=len(x) / SR, k_auto=polyphony(est), **transcription_scores(ref, est))
        mags = np.stack([np.abs(stft(p, *note_stft(SR))) for p in parts.values()])
        runs = {'score-informed': lambda: separate_harmonic(x, SR, K, ref, ref.part.map(names.index).values)[0],
                'transcribed + true parts': lambda: separate_harmonic(x, SR, K, est, lambda fit: true_streams(fit, mags))[0],
                'pitch-harmonic': lambda: separate_harmonic(x, SR, K, est)[0],
                'pitch-harmonic+spatial': lambda: [s.mean(0) for s in get_method('pitch-harmonic+spatial').run(None, xs, SR, K, 0)[0]],
                'oracle_irm': lambda: sep_oracle_irm(x, K, parts)}
        for row, fn in runs.items():
            t = time.time(); ests = fn()
            # the rows given `est` pay for its transcription; pitch-harmonic+spatial transcribes itself
            dt = time.time() - t + (t_tr if row in ('transcribed + true parts', 'pitch-harmonic') else 0)
            rows.append(dict(base, row=row, seconds=dt,
                             si_sdri=float(np.mean([r['si_sdri'] for r in score_song(x, parts, ests)]))))
        print(name, song, K, {r['row']: round(r['si_sdri'], 2) for r in rows[-len(runs):]}, flush=True)
    df = pd.DataFrame(rows)
    Path(out).mkdir(parents=True, exist_ok=True)
    atomic_write_text(Path(out) / f'{name}.csv', df.to_csv(index=False))
    return name

def summarise(out):
    "Per set: every row's mean SI-SDRi (over songs), by part count, transcription scores, counting."
    others = json.loads(Path('results/rendered/summary.json').read_text())
    res = {}
    for name, label in SETS.items():
        f = Path(out) / f'{name}.csv'
        if not f.exists(): continue
        df = pd.read_csv(f)
        song = df.drop_duplicates('song')
        s = dict(set=name, label=label, songs_by_n={str(n): int(c) for n, c in song.n_inst.value_counts().sort_index().items()},
                 transcription={m: float(song[m].mean()) for m in ('note_f1_onset', 'note_f1_onset_offset', 'frame_f1')},
                 transcription_by_n={str(n): float(g.note_f1_onset.mean()) for n, g in song.groupby('n_inst')},
                 k_auto_right=float((song.k_auto == song.n_inst).mean()), rows={})
        for r, g in df.groupby('row'):
            s['rows'][r] = dict(si_sdri=float(g.si_sdri.mean()), rtf=float(g.seconds.sum() / g.audio_s.sum()),
                                by_n={str(n): float(h.si_sdri.mean()) for n, h in g.groupby('n_inst')})
        for m in OTHERS:
            o = others.get(label, {}).get(m)
            if o: s['rows'][m] = dict(si_sdri=o['si_sdri'], by_n=o['by_n'], rtf=None)
        res[label] = s
    return res

def fmt(x): return '–' if x is None else f'{x:+.2f}'

def to_md(s):
    sets = list(s)
    head = ['| row | ' + ' | '.join(sets) + ' |', '|---' * (len(sets) + 1) + '|']
    md = ['# Transcribe, then mask (SI-SDRi in dB, K = true count, mean over songs)', '',
          'Harmonic masks (`18_harmonic`) from the true notes and parts (score-informed), from notes '
          'transcribed by basic-pitch (`17_transcribe`) given to their true parts, and the whole training-free '
          'method `pitch-harmonic`; beside them the ideal ratio mask and the methods of `16_rendered` '
          '(rows read from `results/rendered/summary.json`). MuseScore_General is never used to choose anything. '
          'Made by `python bench/pitch.py`.', '', '## Mean SI-SDRi', '', *head]
    rows = ROWS + OTHERS
    md += [f'| {r} | ' + ' | '.join(fmt(s[t]['rows'].get(r, {}).get('si_sdri')) for t in sets) + ' |' for r in rows]
    md += ['', '## By number of parts, 2 / 3 / 4', '', *head,
           '| songs | ' + ' | '.join(' / '.join(str(s[t]['songs_by_n'].get(n, 0)) for n in '234') for t in sets) + ' |']
    md += [f'| {r} | ' + ' | '.join(' / '.join(fmt(s[t]['rows'][r]['by_n'].get(n)) for n in '234')
                                    if r in s[t]['rows'] else '–' for t in sets) + ' |' for r in rows]
    md += ['', '## Transcription (basic-pitch, against the true notes of "other")', '', *head]
    for m, lab in [('note_f1_onset', 'note F1 (onset)'), ('note_f1_onset_offset', 'note F1 (onset + offset)'),
                   ('frame_f1', 'frame F1')]:
        md.append(f'| {lab} | ' + ' | '.join(f"{s[t]['transcription'][m]:.2f}" for t in sets) + ' |')
    md.append('| note F1 (onset), 2 / 3 / 4 parts | ' + ' | '.join(
        ' / '.join(f"{s[t]['transcription_by_n'][n]:.2f}" if n in s[t]['transcription_by_n'] else '–' for n in '234')
        for t in sets) + ' |')
    md.append('| `--k auto` right (polyphony) | ' + ' | '.join(f"{s[t]['k_auto_right']:.0%}" for t in sets) + ' |')
    md += ['', '## Seconds per second of audio (22.05 kHz mono, one thread; transcription included)', '', *head]
    md += [f'| {r} | ' + ' | '.join(f"{s[t]['rows'][r]['rtf']:.3f}" if s[t]['rows'].get(r, {}).get('rtf') is not None
                                    else '–' for t in sets) + ' |' for r in ROWS]
    return '\n'.join(md) + '\n'

def write_summary(out, summarise, to_md):
    "`summarise(out)` -> `<out>/summary.json` and `<out>/summary.md` (`to_md`), printed too."
    s = summarise(out)
    save_json(Path(out) / 'summary.json', s)
    atomic_write_text(Path(out) / 'summary.md', to_md(s))
    print(to_md(s))

def main(summary_only=False, jobs=1, sets=','.join(SETS), out='results/pitch'):
    names = [n for n in sets.split(',') if n]
    if not summary_only:
        for n in names: set_root(n)                                     # make missing sets first
        todo = [n for n in names if not (Path(out) / f'{n}.csv').exists()]
        with ProcessPoolExecutor(jobs) as ex: list(ex.map(score_set, todo, [out] * len(todo)))
    write_summary(out, summarise, to_md)

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--summary-only', action='store_true', help='only collect existing results')
    p.add_argument('--jobs', type=int, default=1, help='sets scored at once (one thread each)')
    p.add_argument('--sets', default=','.join(SETS), help='comma-separated sets (default: all)')
    p.add_argument('--out', default='results/pitch', help='results folder')
    main(**vars(p.parse_args()))
