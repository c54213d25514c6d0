"""`mss_separate` on a GPU against the same machine's CPU: one real recording, the default method.

    python bench/gpu_separate.py SONG [--umx models/umx_engine_synth] [-o results/gpu_separate]

The command picks the GPU by itself (`--device auto`); this runs it with `--device cuda` and with
`--device cpu` on the same song and machine, each in its own process (bench/pipeline.py's `run`),
and records wall time, real-time factor, peak RSS, K and route, the sums of the written files
(bench/pipeline.py's `sums`: sum(other_k) vs other, the four stems vs the mixture) and how far the GPU's
files are from the CPU's (relative RMS difference per file). `--umx` names the stage-1 folder so that
nothing is looked up online. Writes results/gpu_separate.json and .md (or -o).
"""
import argparse, json, platform, tempfile
from pathlib import Path
import numpy as np
import soundfile as sf
import torch
from pipeline import run, sums
from mss_nb.core import save_json, atomic_write_text

def separate_on(song, device, umx, out):
    "One `mss_separate` run on `device`: its row."
    r = run('mss_separate', [song, '-o', out, '--force', '-q', '--device', device, '--umx', umx])
    rep = json.loads((out / 'report.json').read_text())
    so, ss = sums(out)
    return dict(device=device, wall_s=round(r['wall'], 1), peak_rss_mb=round(r['peak_rss_mb']),
                k=rep['k'], route=rep.get('route'), sum_other=so, sum_stems=ss)

def differences(a, b):
    "Relative RMS difference of each WAV in folder `a` from the same file in `b`."
    out = {}
    for f in sorted(Path(a).glob('*.wav')):
        x, y = sf.read(f)[0], sf.read(Path(b) / f.name)[0]
        out[f.stem] = float(np.sqrt(np.mean((x - y) ** 2) / max(np.mean(y ** 2), 1e-20)))
    return out

def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('song')
    p.add_argument('--umx', default='models/umx_engine_synth', help='stage-1 model folder')
    p.add_argument('-o', '--out', default='results/gpu_separate')
    a = p.parse_args()
    if not torch.cuda.is_available(): raise SystemExit('no CUDA device: this benchmark needs a GPU')
    seconds = sf.info(a.song).frames / sf.info(a.song).samplerate
    with tempfile.TemporaryDirectory() as d:                         # the stems are not kept
        tmp = Path(d)
        rows = [separate_on(a.song, dev, a.umx, tmp / dev) for dev in ('cuda', 'cpu')]
        diff = differences(tmp / 'cuda', tmp / 'cpu')
    for r in rows: r['rtf'] = round(r['wall_s'] / seconds, 3)
    res = dict(song=Path(a.song).name, seconds=round(seconds, 1), gpu=torch.cuda.get_device_name(0),
               cpu=platform.processor() or platform.machine(), rows=rows, gpu_vs_cpu=diff)
    save_json(f'{a.out}.json', res)
    md = [f"`mss_separate` (default method, stage 1 `{a.umx}`) on {res['song']} ({res['seconds']} s) on one "
          f"machine: {res['gpu']} against its own CPU. Sums: relative RMS error of sum(other_k) vs other · "
          "four stems vs mixture.", '',
          '| device | wall (s) | RTF | peak RSS (MB) | K | route | sums |', '|---|---|---|---|---|---|---|']
    md += [f"| {r['device']} | {r['wall_s']} | {r['rtf']} | {r['peak_rss_mb']} | {r['k']} | {r['route']} | "
           f"{r['sum_other']:.1e} · {r['sum_stems']:.1e} |" for r in rows]
    md += ['', 'GPU files against CPU files (relative RMS difference): '
           + ', '.join(f'{k} {v:.1e}' for k, v in diff.items())]
    atomic_write_text(f'{a.out}.md', '\n'.join(md) + '\n')
    print('\n'.join(md))

if __name__ == '__main__': main()
