"""Speed and memory of the separation pipeline on CPU, stage by stage, next to Open-Unmix alone in the
same run, for 30 s, 3 min and 10 min stereo 44.1 kHz inputs (a synthetic test mixture, tiled).

    python bench/pipeline.py [--durations 30,180,600] [--root data/synth]

Each measurement runs in its own process so peak RSS (ru_maxrss) is its own.
Writes results/pipeline.json and results/pipeline.md.
"""
import argparse, json, os, platform, resource, subprocess, sys, tempfile, time
from pathlib import Path
import numpy as np

CHILD = r'''
import json, sys, time, resource
t0 = time.time()
from mss_nb.core import load_audio
from mss_nb.stage1 import load_stage1, separate
mode, path, umx, ae, out = sys.argv[1:6]
T = {}
t = time.time(); x, sr = load_audio(path); T['load'] = time.time() - t
t = time.time(); sep = load_stage1(umx); st = separate(x, sr, sep); T['stage1'] = time.time() - t
if mode == 'full':                     # the product's own path: split_other + write_outputs (wavs, report, PNG)
    from mss_nb.separators import load_method
    from mss_nb.separate import split_other, write_outputs
    others, info = split_other(st['other'], sr, load_method('kmeans', ae)); T.update(info['timings']); T['k'] = info['k']
    stems = {**{k: st[k] for k in ('drums', 'bass', 'vocals')}, **{f'other_{i + 1}': o for i, o in enumerate(others)}, 'other': st['other']}
    t = time.time(); write_outputs(f'{out}/sep', stems, sr, dict(k=info['k']), force=True); T['write'] = time.time() - t
T['total'] = time.time() - t0
T['peak_rss_mb'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print('RESULT' + json.dumps(T))
'''

def run(mode, path, umx, ae, out):
    r = subprocess.run([sys.executable, '-c', CHILD, mode, str(path), umx, ae, str(out)], capture_output=True, text=True)
    if r.returncode: raise RuntimeError(r.stderr[-2000:])
    return json.loads(r.stdout.split('RESULT')[-1])

def main(durations='30,180,600', root='data/synth', umx='models/umx_synth', ae='models/ae_cpu', out='results'):
    from mss_nb.core import load_audio, save_audio, save_json, atomic_write_text
    x, sr = load_audio(Path(root)/'test/song_000/mixture.wav')
    rows, tmp = [], Path(tempfile.mkdtemp())
    for d in [int(s) for s in durations.split(',')]:
        y = np.tile(x, (1, int(np.ceil(d * sr / x.shape[1]))))[:, :d * sr]
        save_audio(tmp/'in.wav', y, sr, overwrite=True)
        umx_only = run('umx', tmp/'in.wav', umx, ae, tmp); full = run('full', tmp/'in.wav', umx, ae, tmp)
        rows.append(dict(seconds=d, umx_only=umx_only, full=full, rtf_umx=umx_only['total'] / d, rtf_full=full['total'] / d,
                         full_over_umx=full['total'] / umx_only['total']))
        print(rows[-1], flush=True)
    machine = dict(cpu=platform.processor() or platform.machine(), cores=os.cpu_count(), python=platform.python_version())
    save_json(Path(out)/'pipeline.json', dict(machine=machine, rows=rows))
    md = [f'Machine: {machine}, CPU only. RTF = processing time / audio duration (lower is faster).', '',
          '| input | Open-Unmix alone: time (s) / RTF / peak RSS (MB) | whole pipeline: time (s) / RTF / peak RSS (MB) | pipeline / Open-Unmix | stage times (s): stage1 · encode · cluster · decode · consistent (Wiener) · write (wavs + PNG) | K |',
          '|---|---|---|---|---|---|']
    for r in rows:
        u, f = r['umx_only'], r['full']
        md.append(f"| {r['seconds']} s | {u['total']:.1f} / {r['rtf_umx']:.3f} / {u['peak_rss_mb']:.0f} | {f['total']:.1f} / {r['rtf_full']:.3f} / {f['peak_rss_mb']:.0f} | "
                  f"{r['full_over_umx']:.2f}x | {f['stage1']:.1f} · {f['encode']:.1f} · {f['cluster']:.1f} · {f['decode']:.1f} · {f['consistent']:.1f} · {f['write']:.1f} | {f['k']} |")
    atomic_write_text(Path(out)/'pipeline.md', '\n'.join(md) + '\n'); print('\n'.join(md))

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for a, v in dict(durations='30,180,600', root='data/synth', umx='models/umx_synth', ae='models/ae_cpu', out='results').items(): p.add_argument('--' + a, default=v)
    main(**vars(p.parse_args()))
