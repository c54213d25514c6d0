"""Speed and memory of `mss_separate` (streaming, file to files) next to Open-Unmix alone
(`mss_stage1`, the same stage 1 and model), on CPU, for songs of any length and under load.

    python bench/pipeline.py                       # the whole table (about an hour on 2 cores)
    python bench/pipeline.py --durations 180 --methods default --no-pair   # a quick look
    python bench/pipeline.py --durations 180,600 --methods default --no-pair --no-real \
        --routes centred,mono,placed,spread,blurred --out results/speed_routes   # the default on every route
    (add --jobs 1,2 to time `mss_separate -j 2` beside it, on the same songs)
    python bench/pipeline.py --durations 600 --methods default --no-pair --no-real \
        --routes centred,mono,placed,spread --stage1 umxl-shaped --out results/speed_routes_umxl
        # stage 1 at the size of the published umxl (what `auto` picks where its weights can be had)

Inputs are real produced music: the OGG tracks of Debian's `wesnoth-1.16-music` (44.1 kHz stereo,
`apt install wesnoth-1.16-music`) joined end to end into 3-, 10- and 60-minute WAV files. Rows:
  - each length: Open-Unmix alone and the whole command with the default method;
  - the 3-minute song: every registered method that needs no training data beyond what ships;
  - two 3-minute songs separated at the same time by two commands (each against its time alone);
  - real recordings as they come (OGG read directly), with the sums checked on the written files;
  - with --routes, the same music made centred (both channels the mid), mono (one channel), placed
    (two places) or blurred (two places in a wide image), so a method that reads the stereo image takes
    each of its routes (the row says which).
With --stage1 umxl-shaped, stage 1 (in Open-Unmix alone and in the command) is `umxl`: openunmix's own loader,
four targets of the published architecture (hidden size 1024, 4096-point STFT, 16 kHz band), with random weights
written into a scratch torch hub cache (TORCH_HOME) under the published file names; the weights cannot be downloaded
here, and a network's speed does not depend on its weights' values. Its stems are not music, so stage 2 sees an 'other'
stem unlike a real one (its speed is what this measures, not its quality).
Every run is its own process; peak RSS is that process's `ru_maxrss`; threads are what the command
chooses itself (the cores not already busy). On a shared machine the two runs of a row can see
different speeds: the column "stages 1 + 2 / stage 1" is the same ratio from one run's own timings. Writes results/pipeline.json and results/pipeline.md.
"""
import argparse, json, os, platform, shutil, tempfile
from pathlib import Path
import numpy as np

MUSIC = Path('/usr/share/games/wesnoth/1.16/data/core/music')
REAL = ['battle.ogg']
from common import start, finish, run_command as run


def make_input(path, seconds, form='spread'):
    """Real music joined end to end to `seconds`, written block by block as a 44.1 kHz WAV: 'spread'
    (stereo as it comes), 'centred' (both channels the mid), 'mono' (one channel), 'placed' (two
    places: the mid at 0.25 right of hard left, the mid played backwards at 0.25 left of hard right) or
    'blurred' (the same two places with the stereo music as it comes added at 1.5 times its level: an
    image that holds two places but is not sure of them, so the default takes its 'spatial and
    ensemble' route; slow drifts of the two places alone left the image sure)."""
    from mss_nb.core import AudioReader, WavSink, ResampledReader
    sink, left = WavSink(path, 44100, 1 if form == 'mono' else 2), int(seconds * 44100)
    tracks = sorted(MUSIC.glob('*.ogg'))
    if not tracks:                        # else the loop below would never end
        raise SystemExit(f'bench/pipeline.py: no OGG tracks in {MUSIC}: apt-get install wesnoth-1.16-music')
    while left > 0:
        for t in tracks:
            r = ResampledReader(AudioReader(t), 44100, 2)
            for s in range(0, r.frames, 30 * 44100):
                m = min(30 * 44100, r.frames - s, left)
                if m <= 0: break
                b = r.read(s, m)
                if form == 'placed': b = np.stack([b.mean(0) + .25 * b.mean(0)[::-1], .25 * b.mean(0) + b.mean(0)[::-1]])
                elif form == 'blurred':
                    y, w = b.mean(0), b.mean(0)[::-1]
                    b = np.stack([y + .25 * w, .25 * y + w]) + 1.5 * b
                elif form != 'spread': b = np.repeat(b.mean(0, keepdims=True), 1 if form == 'mono' else 2, 0)
                sink.write(b)
                left -= m
            if left <= 0: break
    sink.close()
    return path

def sums(folder):
    "Largest relative RMS errors of sum(other_k) vs other and of the four stems vs the mixture."
    from mss_nb.core import AudioReader
    f = Path(folder)
    ks = sorted(f.glob('other_*.wav'))
    rd = {p.stem: AudioReader(p) for p in [*ks, *(f/f'{n}.wav' for n in
                                               ('other', 'drums', 'bass', 'vocals', 'mixture'))]}
    n, e1, e2, r1, r2 = rd['mixture'].frames, 0., 0., 0., 0.
    for s in range(0, n, 30 * 44100):
        b = {k: r.read(s, min(30 * 44100, n - s)).astype(np.float64) for k, r in rd.items()}
        e1 += np.sum((sum(b[p.stem] for p in ks) - b['other']) ** 2)
        r1 += np.sum(b['other'] ** 2)
        e2 += np.sum((b['drums'] + b['bass'] + b['vocals'] + b['other'] - b['mixture']) ** 2)
        r2 += np.sum(b['mixture'] ** 2)
    return float(np.sqrt(e1 / max(r1, 1e-20))), float(np.sqrt(e2 / max(r2, 1e-20)))

def row(song, seconds, method, tmp, umx_only=True, form='spread', jobs=1, umx=None):
    "Open-Unmix alone (or `umx`, its run already made) and the whole command with `jobs` on one song."
    r = dict(input=Path(song).name, seconds=seconds, method=method, form=form, jobs=jobs)
    if umx_only: r['umx'] = umx or run('mss_stage1', [song, '-o', tmp/'u', '--force', '-q'])
    r['full'] = run('mss_separate', [song, '-o', tmp/'s', '--force', '-q', '--method', method, '-j', str(jobs)])
    r['report'] = json.loads((tmp/'s'/'report.json').read_text())
    r['sum_other'], r['sum_stems'] = sums(tmp/'s')
    print(json.dumps({k: v for k, v in r.items() if k != 'report'}), flush=True)
    return r

def default_method():
    from mss_nb.cli import _separate_parser
    return _separate_parser().get_default('method')

def all_methods():
    "Registered methods whose model ships (or that need none); oracles and baselines left out."
    from mss_nb.methods import load_methods
    from mss_nb.core import models_dir
    return [n for n, s in load_methods().items() if not (s.oracle or s.baseline)
            and (s.model is None or (models_dir()/s.model).is_dir())]

def umxl_shaped_hub(folder):
    "A torch hub cache in `folder` holding `umxl`'s four files: openunmix's `umxl_spec` unloaded (random weights); returns `folder`."
    import torch, openunmix
    from mss_nb.stage1 import UMXL_FILES
    ck = Path(folder)/'hub'/'checkpoints'
    ck.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(0)
    models = openunmix.umxl_spec(pretrained=False)                       # {target: OpenUnmix} of the published shape
    for f in UMXL_FILES: torch.save(models[f.split('-')[0]].state_dict(), ck/f)
    return Path(folder)

def main(durations='180,600,3600', methods='all', pair=True, real=True, out='results',
         append=False, note='', routes='spread', jobs='1', stage1='bundled'):
    "The rows, in a scratch folder removed at the end, however the run ends (a 10-min song's stems are GBs)."
    tmp = Path(tempfile.mkdtemp(prefix='mss_bench_'))
    if stage1 == 'umxl-shaped':                  # the commands' `auto` then finds umxl in the hub cache
        os.environ['TORCH_HOME'] = str(umxl_shaped_hub(tmp/'torch'))
        note = (note + ' ' if note else '') + '(stage 1: umxl-shaped, random weights)'
    try: bench(tmp, durations, methods, pair, real, out, append, note, routes, jobs)
    finally: shutil.rmtree(tmp, ignore_errors=True)

def bench(tmp, durations, methods, pair, real, out, append, note, routes, jobs):
    "Every row of `main`, its inputs and outputs in `tmp`; writes the tables."
    from mss_nb.core import save_json, atomic_write_text
    dm, rows = default_method(), []
    for d in map(int, durations.split(',')):
        for form in routes.split(','):
            if form == 'spread': continue
            song = make_input(tmp/f'in_{d}_{form}.wav', d, form)
            umx = None                             # Open-Unmix alone once, the command per job count
            for j in map(int, jobs.split(',')):
                rows.append(row(song, d, dm, tmp, form=form, jobs=j, umx=umx))
                umx = rows[-1]['umx']
            song.unlink()
        if 'spread' not in routes.split(','): continue
        song = make_input(tmp/f'in_{d}.wav', d)
        rows.append(row(song, d, dm, tmp))
        if d == 180 and methods != 'default':
            todo = all_methods() if methods == 'all' else methods.split(',')
            rows += [row(song, d, m, tmp, umx_only=False) for m in todo if m != dm]
        if d == 180 and pair:
            alone = rows[[r['seconds'] == 180 and r['method'] == dm for r in rows].index(True)]
            ps = [start('mss_separate', [song, '-o', tmp/f'p{i}', '--force', '-q', '--method', dm])
                  for i in range(2)]
            both = [finish(p) for p in ps]
            rows.append(dict(input=song.name, seconds=d, method=dm, pair=both,
                             slowdown=[b['wall'] / alone['full']['wall'] for b in both]))
            print(json.dumps(rows[-1]), flush=True)
        song.unlink()
    if real:
        rows += [row(MUSIC/t, None, dm, tmp) for t in REAL if (MUSIC/t).exists()]
    machine = dict(cpu=platform.processor() or platform.machine(), cores=os.cpu_count(),
                   python=platform.python_version())
    for r in rows: r['note'] = note
    if append and (Path(out)/'pipeline.json').exists():
        rows = json.loads((Path(out)/'pipeline.json').read_text())['rows'] + rows
    save_json(Path(out)/'pipeline.json', dict(machine=machine, default_method=dm, rows=rows))
    md = to_md(machine, dm, rows)
    atomic_write_text(Path(out)/'pipeline.md', md)
    print(md)

def to_md(machine, dm, rows):
    md = [f"Machine: {machine['cores']} cores ({machine['cpu']}), CPU only; default method "
          f"`{dm}`. RTF = wall time / audio length. Sums: relative RMS error of sum(other_k) vs "
          "other and of drums+bass+vocals+other vs the mixture, on the written files.", '',
          '| input | method | route | Open-Unmix alone: s / RTF / peak MB | command: s / RTF / peak MB '
          '| command / Open-Unmix | stages 1 + 2 / stage 1, same run | K | sums |', '|---|---|---|---|---|---|---|---|---|']
    for r in rows:
        if 'pair' in r:
            md.append(f"| two {r['seconds'] // 60}-min songs at once | {r['method']} | | | | "
                      + ' · '.join(f"{b['wall']:.0f} s / {b['peak_rss_mb']:.0f} MB" for b in r['pair'])
                      + f" | each {' · '.join(f'{x:.2f}' for x in r['slowdown'])}× its time alone | | |")
            continue
        secs = r['seconds'] or r['report']['seconds']
        name = f"{secs / 60:.0f} min" if r['seconds'] else f"{r['input']} ({secs:.0f} s, real)"
        name += f", {r.get('form', 'spread')}" + (f", {r['jobs']} jobs" if r.get('jobs', 1) > 1 else '')
        route = r['report'].get('route') or r['report'].get('info', {}).get('route') or '–'
        f, u = r['full'], r.get('umx')
        us = f"{u['wall']:.0f} / {u['wall'] / secs:.3f} / {u['peak_rss_mb']:.0f}" if u else '–'
        ratio = f"{f['wall'] / u['wall']:.2f}×" if u else '–'
        tm = r['report'].get('timings', {})
        same = f"{(tm['stage1'] + tm['stage2']) / tm['stage1']:.2f}×" if 'stage1' in tm and 'stage2' in tm else '–'
        md.append(f"| {name}{' ' + r['note'] if r.get('note') else ''} | {r['method']} | {route} | {us} | "
                  f"{f['wall']:.0f} / {f['wall'] / secs:.3f} / {f['peak_rss_mb']:.0f} | {ratio} | {same} | "
                  f"{r['report']['k']} | {r['sum_other']:.1e} · {r['sum_stems']:.1e} |")
    return '\n'.join(md) + '\n'

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--durations', default='180,600,3600', help='seconds, comma-separated')
    p.add_argument('--methods', default='all',
                   help="'all' (every method on the 3-minute song), 'default' (the default one only), "
                        "or comma-separated methods run on the 3-minute song besides the default")
    p.add_argument('--pair', action=argparse.BooleanOptionalAction, default=True,
                   help='two 3-minute songs at once (--no-pair leaves it out)')
    p.add_argument('--real', action=argparse.BooleanOptionalAction, default=True,
                   help='the real recordings as they come (--no-real leaves them out)')
    p.add_argument('--out', default='results', help='results folder')
    p.add_argument('--append', action='store_true', help='add the rows to results/pipeline.json')
    p.add_argument('--note', default='', help='said beside each row, e.g. what else ran')
    p.add_argument('--jobs', default='1',
                   help="mss_separate -j for the routes' rows, comma-separated (e.g. 1,2: both, Open-Unmix alone run once)")
    p.add_argument('--routes', default='spread',
                   help="input forms, comma-separated: 'spread' (as it comes), 'centred', 'mono', 'placed', 'blurred'")
    p.add_argument('--stage1', default='bundled', choices=['bundled', 'umxl-shaped'],
                   help="stage 1 of both commands: what `auto` picks here (the bundled model), or umxl's architecture "
                        "with random weights (the published model's speed)")
    main(**vars(p.parse_args()))
