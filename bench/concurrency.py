"""Two separations at once on a 2-core machine: wall time of `mss_separate` alone, and of two
commands started together, with the default thread choice (`set_threads`: the cores not already
busy) and with every library's own default (one thread per core in each process).

    python bench/concurrency.py [--song data/demo/test/song_000/mixture.wav]

Writes results/concurrency.json and results/concurrency.md.
"""
import argparse, json, os, platform, tempfile, time
from pathlib import Path
from common import start, finish

def run(song, out, n=1, threads=None):
    "Start `n` commands together; the wall time of each."
    extra = ['--threads', str(threads)] if threads else []
    t0 = time.time()
    procs = [start('mss_separate', [song, '-o', f'{out}/{n}_{threads}_{i}', '--force', '-q', '--umx', 'umx_synth', *extra])
             for i in range(n)]
    times = []
    for p in procs:
        finish(p)
        times.append(time.time() - t0)
    return times

def main(song='data/demo/test/song_000/mixture.wav', out='results'):
    cores = os.cpu_count()
    rows = {}
    with tempfile.TemporaryDirectory() as tmp:                        # the stems are not kept
        rows['alone, default threads'] = run(song, tmp, 1)
        rows[f'alone, {cores} threads'] = run(song, tmp, 1, cores)
        rows['two at once, default threads (set_threads)'] = run(song, tmp, 2)
        rows[f'two at once, {cores} threads each (libraries\' default)'] = run(song, tmp, 2, cores)
    alone = rows['alone, default threads'][0]
    res = dict(machine=dict(cpu=platform.machine(), cores=cores), song=song,
               rows={k: dict(seconds=v, worst_over_alone=max(v) / alone) for k, v in rows.items()})
    Path(out).mkdir(exist_ok=True)
    Path(out, 'concurrency.json').write_text(json.dumps(res, indent=2) + '\n')
    import soundfile as sf
    info = sf.info(song)
    md = [f"`mss_separate` on {song} ({info.duration:.0f} s, {info.samplerate / 1000:g} kHz, {info.channels} channels), {cores} cores, CPU only; "
          "wall seconds per command.", '',
          '| run | seconds (each command) | slowest / alone |', '|---|---|---|']
    md += [f"| {k} | {' / '.join(f'{s:.1f}' for s in v['seconds'])} | {v['worst_over_alone']:.2f}x |" for k, v in res['rows'].items()]
    Path(out, 'concurrency.md').write_text('\n'.join(md) + '\n')
    print('\n'.join(md))

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--song', default='data/demo/test/song_000/mixture.wav'); p.add_argument('--out', default='results')
    main(**vars(p.parse_args()))
