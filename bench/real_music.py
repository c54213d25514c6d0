"""`mss_separate` on real produced music from a Debian package (no stems needed): it finishes, the
sources of 'other' sum to 'other' and the four stems to the mixture within a tolerance; wall time,
real-time factor and peak memory per song.

    apt-get install wesnoth-1.16-music     # 41 orchestral OGG tracks, CC BY-SA
    python bench/real_music.py [--songs battle.ogg,knolls.ogg] [--method kmeans]

Writes results/real_music.json and results/real_music.md.
"""
import argparse, json, os, platform, re, subprocess, sys, tempfile, time
from pathlib import Path
import numpy as np

MUSIC = Path('/usr/share/games/wesnoth/1.16/data/core/music')

def run(song:Path, out:Path, method:str):
    cmd = ['/usr/bin/time', '-v', sys.executable, '-c', 'import sys; from mss_nb.cli import mss_separate; mss_separate(sys.argv[1:])',
           str(song), '-o', str(out), '--method', method, '--force', '-q']
    t0 = time.time()
    r = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.time() - t0
    if r.returncode: raise RuntimeError(r.stderr[-2000:])
    rss = int(re.search(r'Maximum resident set size \(kbytes\): (\d+)', r.stderr).group(1)) / 1024
    return wall, rss, [l for l in r.stderr.splitlines() if l.startswith('stage 1:')]

def sums(out:Path):
    from mss_nb.core import load_audio
    rd = lambda n: load_audio(out/f'{n}.wav')[0].astype(np.float64)
    other, mix = rd('other'), rd('mixture')
    parts = [rd(p.stem) for p in sorted(out.glob('other_*.wav'))]
    stems = sum(rd(s) for s in ('drums', 'bass', 'vocals')) + other
    rel = lambda a, b: float(np.sqrt(np.mean((a - b) ** 2) / np.mean(b ** 2)))
    return len(parts), rel(sum(parts), other), rel(stems, mix)

def main(songs='battle.ogg,knolls.ogg', method='kmeans', out='results'):
    import soundfile as sf
    rows, tmp = [], Path(tempfile.mkdtemp())
    for s in songs.split(','):
        song = MUSIC/s
        if not song.exists(): sys.exit(f'{song}: not there; apt-get install wesnoth-1.16-music')
        dur = sf.info(str(song)).duration
        wall, rss, notes = run(song, tmp/song.stem, method)
        k, err_other, err_mix = sums(tmp/song.stem)
        rows.append(dict(song=s, seconds=round(dur, 1), wall=round(wall, 1), rtf=round(wall / dur, 3), peak_rss_mb=round(rss),
                         k=k, other_sum_rel_err=err_other, stems_sum_rel_err=err_mix, stage1_note=notes))
        print(rows[-1], flush=True)
    machine = dict(cpu=platform.machine(), cores=os.cpu_count())
    Path(out, 'real_music.json').write_text(json.dumps(dict(machine=machine, method=method, rows=rows), indent=2) + '\n')
    md = [f"`mss_separate --method {method}` on real produced music (Debian `wesnoth-1.16-music`, 44.1 kHz stereo OGG), "
          f"{machine['cores']} cores, CPU only; relative RMS error of the sums.", '',
          '| song | length (s) | wall (s) | RTF | peak RSS (MB) | K | sum(other_k) vs other | drums+bass+vocals+other vs mixture |',
          '|---|---|---|---|---|---|---|---|']
    md += [f"| {r['song']} | {r['seconds']} | {r['wall']} | {r['rtf']} | {r['peak_rss_mb']} | {r['k']} | {r['other_sum_rel_err']:.1e} | "
           f"{r['stems_sum_rel_err']:.1e} |" for r in rows]
    Path(out, 'real_music.md').write_text('\n'.join(md) + '\n')
    print('\n'.join(md))

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--songs', default='battle.ogg,knolls.ogg'); p.add_argument('--method', default='kmeans')
    p.add_argument('--out', default='results')
    main(**vars(p.parse_args()))
