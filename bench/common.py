"""What every benchmark shares: run one mss_nb command in its own process, as a user does, and
record its wall time, peak memory (its own RSS) and exit status.

    from common import run_command        # bench/ is on sys.path when a bench script runs
    r = run_command('mss_separate', [song, '-o', out, '--force', '-q'])
    r['wall'], r['peak_rss_mb'], r['rc']
"""
import json, subprocess, sys

CHILD = r'''
import json, resource, sys, time
t = time.time()
from mss_nb import cli
rc = 0
try: getattr(cli, sys.argv[1])(sys.argv[2:])
except SystemExit as e: rc = e.code or 0
print('RESULT' + json.dumps(dict(rc=rc, wall=time.time() - t,
      peak_rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)))
'''

def start(cmd, argv, env=None):
    "Start one command (`mss_separate`, `mss_stage1`, ...) in its own process; returns the process."
    return subprocess.Popen([sys.executable, '-c', CHILD, cmd, *map(str, argv)], text=True, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)

def finish(p, check=True):
    "Wait for a started command: `dict(rc, wall, peak_rss_mb)`; a failure raises with its stderr."
    out, err = p.communicate()
    if 'RESULT' not in out:
        if check: raise RuntimeError(err[-3000:])
        return dict(rc=p.returncode, wall=None, peak_rss_mb=None)
    r = json.loads(out.split('RESULT')[-1])
    if r['rc'] and check: raise RuntimeError(err[-3000:])
    return r

def run_command(cmd, argv, env=None, check=True):
    "Run one command to its end: `dict(rc, wall, peak_rss_mb)`."
    return finish(start(cmd, argv, env), check)

def notes_of(s, out):
    """basic-pitch's notes of every song's 'other' stem (mono, 22.05 kHz) in the set `data/<s>`,
    transcribed once and cached as `out/notes/<s>/<song>.csv`; yields `(song, number of parts, notes)`."""
    import pandas as pd
    from mss_nb.core import atomic_write_text, data_dir
    from mss_nb.evaluation import eval_songs
    from mss_nb.transcribe import transcribe
    cache = out / 'notes' / s
    cache.mkdir(parents=True, exist_ok=True)
    for name, x, parts in eval_songs(data_dir() / s, 'test', 22050, 'other'):
        f = cache / f'{name}.csv'
        if not f.exists(): atomic_write_text(f, transcribe(x, 22050)[0].to_csv(index=False))
        yield name, len(parts), pd.read_csv(f)
