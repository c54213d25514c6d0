"""Stage-1 benchmark: SDR per stem of the bundled Open-Unmix models, old and new side by side, on sets
rendered with a library neither of them heard, plus a run on real music (no stems: sums checked).

SDR is the Music Demixing Challenge's: 10 log10(sum s^2 / sum (s - s_hat)^2) over the whole song and
both channels, median over songs (museval's BSS Eval v4 medians, as in the seed's table, cost ~40 s
a song; `--museval` adds them).

    python bench/stage1.py [--models umx_synth,umx_engine_synth] [--jobs 2] [--museval] [--append]

Sets (test split; made with `mss_make_synth` when missing, same commands as bench/rendered.py):
  synth              data/synth, TimGM6mb (the old model's training library; also one of the new's)
  musescore          MuseScore_General, parts spread (held out: never in any training)
  musescore_centre   the same 12 songs, every part of "other" in the centre
Writes results/stage1.json and results/stage1.md.
"""
import argparse, json, os, tempfile, time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
import numpy as np

from rendered import data_root                                      # the same sets
from common import run_command

SETS = ['synth', 'musescore', 'musescore_centre']
REAL = Path('/usr/share/games/wesnoth/1.16/data/core/music/battle.ogg')

def sdr(ref, est):
    "The MDX challenge's SDR in dB: whole signal, all channels."
    ref, est = np.asarray(ref, np.float64), np.asarray(est, np.float64)
    return float(10 * np.log10((np.sum(ref ** 2) + 1e-9) / (np.sum((ref - est) ** 2) + 1e-9)))

def one(job):
    "Median SDR per stem of one model on one set (its own process, one thread)."
    model, name, bss = job
    os.environ['OMP_NUM_THREADS'] = '1'
    import torch
    torch.set_num_threads(1)
    from mss_nb.core import load_audio
    from mss_nb.stage1 import load_stage1, separate_stems, eval_stage1
    from mss_nb.synth import STEMS
    t, sep, root = time.time(), load_stage1(model), data_root(name)
    per = {k: [] for k in STEMS}
    for song in sorted((root/'test').iterdir()):
        x, sr = load_audio(song/'mixture.wav')
        est = separate_stems(x, sr, sep)
        for k in STEMS: per[k].append(sdr(load_audio(song/f'{k}.wav')[0], est[k]))
    r = dict(sdr={k: float(np.median(v)) for k, v in per.items()}, songs=len(per['other']))
    if bss: r['museval'] = eval_stage1(root, model, progress=False)
    return model, name, r, time.time() - t

def real_check(model, tmp):
    "`mss_stage1` on a real recording: relative RMS error of the four stems' sum, level of 'other'."
    from mss_nb.core import AudioReader
    run_command('mss_stage1', [str(REAL), '-o', str(tmp), '--model', model, '--force', '-q'])
    r = {t: AudioReader(Path(tmp)/f'{t}.wav') for t in ('drums', 'bass', 'vocals', 'other')}
    x, n = AudioReader(REAL), AudioReader(REAL).frames
    e = ref = other = 0.
    for s in range(0, n, 30 * x.sr):
        m = min(30 * x.sr, n - s)
        b = {t: v.read(s, m).astype(np.float64) for t, v in r.items()}
        mix = x.read(s, m).astype(np.float64)
        e += np.sum((sum(b.values()) - mix) ** 2)
        ref += np.sum(mix ** 2)
        other += np.sum(b['other'] ** 2)
    return dict(seconds=n / x.sr, sum_error=float(np.sqrt(e / ref)),
                other_share_db=float(10 * np.log10(other / ref)))

def main(models='umx_synth,umx_engine_synth', jobs=2, museval=False, out='results', append=False):
    from mss_nb.core import save_json, atomic_write_text
    models = models.split(',')
    for name in SETS: data_root(name)                                  # make missing sets first
    old = json.loads((Path(out)/'stage1.json').read_text()) if append else {}
    res = {**old, **{m: {} for m in models}}
    with ProcessPoolExecutor(jobs) as ex:
        for m, name, r, secs in ex.map(one, [(m, s, museval) for m in models for s in SETS]):
            res[m][name] = dict(r, seconds=round(secs, 1))
            print(m, name, r, flush=True)
    if REAL.exists():
        for m in models:
            with tempfile.TemporaryDirectory() as tmp: res[m]['real'] = real_check(m, tmp)
    save_json(Path(out)/'stage1.json', res)
    md = to_md(res, list(res))
    atomic_write_text(Path(out)/'stage1.md', md)
    print(md)

def to_md(res, models):
    stems = ['drums', 'bass', 'vocals', 'other']
    md = ['Median SDR (dB; MDX definition, whole song, median over songs) per stem. '
          'MuseScore_General was never heard in training by any of these models.', '',
          '| set | model | ' + ' | '.join(stems) + ' |', '|---|---|' + '---|' * len(stems)]
    for s in SETS:
        for m in models:
            if s in res[m]:
                v = res[m][s]['sdr']
                md.append(f'| {s} | {m} | ' + ' | '.join(f"{v[t]:+.2f}" for t in stems) + ' |')
    rl = [m for m in models if 'real' in res[m]]
    if rl:
        md += ['', f'Real music ({REAL.name}, no stems): `mss_stage1` runs; relative RMS error of '
               'drums+bass+vocals+other vs the mixture, and the level of "other" relative to it.', '',
               '| model | length (s) | sum error | other (dB re mixture) |', '|---|---|---|---|']
        md += [f"| {m} | {res[m]['real']['seconds']:.0f} | {res[m]['real']['sum_error']:.1e} | "
               f"{res[m]['real']['other_share_db']:+.1f} |" for m in rl]
    return '\n'.join(md) + '\n'

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--models', default='umx_synth,umx_engine_synth', help='comma-separated models')
    p.add_argument('--append', action='store_true',
                   help='keep the other models already in OUT/stage1.json (not re-measured)')
    p.add_argument('--jobs', type=int, default=2, help='evaluations at once (one thread each)')
    p.add_argument('--museval', action='store_true', help='also museval BSS Eval medians (slow)')
    p.add_argument('--out', default='results', help='results folder')
    main(**vars(p.parse_args()))
