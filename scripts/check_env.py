"""Does this Python environment hold together? Checks what `scripts/setup.sh` installed from the lock:

- `pip check` (a package installed without its dependencies on purpose, see NO_DEPS, may lack those);
- every package of the lock installed at the lock's version (`--lock requirements.lock`);
- torch and torchaudio a matching pair;
- the compiled packages import: torch, torchaudio, openunmix, encodec, onnxruntime, basic-pitch's
  inference, FluidSynth, pedalboard (and, with `--all`, every module of mss_nb).

Prints `ok` and exits 0, or prints one line per problem, then one line with what to do, and exits 1.

    python scripts/check_env.py --lock requirements.lock [--all]
"""
import argparse, importlib, importlib.metadata as md, re, subprocess, sys
from pathlib import Path

# installed with --no-deps: basic-pitch's metadata asks for TensorFlow, which mss_nb never imports
NO_DEPS = {'basic-pitch': ('tensorflow', 'tflite-runtime', 'coremltools')}
IMPORTS = ['torch', 'torchaudio', 'openunmix', 'encodec', 'onnxruntime', 'basic_pitch.inference',
           'fluidsynth', 'pedalboard', 'soundfile', 'sklearn', 'librosa', 'mir_eval', 'nbdev']
FIX = 'to fix it: rm -rf .venv && bash scripts/setup.sh (it installs the locked versions)'

def norm(name:str)->str: return re.sub(r'[-_.]+', '-', name).lower()

def lock_pins(path)->dict:
    "`{name: version}` of every `name==version` line of a requirements lock."
    pins = {}
    for line in Path(path).read_text().splitlines():
        m = re.match(r'^([A-Za-z0-9_.\-]+)==([^\s;]+)', line.strip())
        if m: pins[norm(m.group(1))] = m.group(2)
    return pins

def pip_check()->list:
    "`pip check`'s complaints, less the dependencies that NO_DEPS leaves out on purpose."
    r = subprocess.run([sys.executable, '-m', 'pip', 'check'], capture_output=True, text=True)
    if r.returncode and not r.stdout.strip(): return [f'pip check did not run: {r.stderr.strip()[-200:]}']
    bad = []
    for line in r.stdout.splitlines():
        m = re.match(r'^(\S+) \S+ requires (\S+?)[,<>=!~ ]', line + ' ')
        if m and norm(m.group(1)) in NO_DEPS and norm(m.group(2)) in NO_DEPS[norm(m.group(1))]: continue
        if line.strip() and not line.startswith('No broken'): bad.append(f'pip check: {line.strip()}')
    return bad

def version_problems(pins:dict)->list:
    "Packages missing or at another version than the lock's."
    bad = []
    for name, want in pins.items():
        try: have = md.version(name)
        except md.PackageNotFoundError: bad.append(f'{name} is not installed (the lock says {want})'); continue
        if have != want: bad.append(f'{name} {have} is installed; the lock says {want}')
    return bad

def pair_problem()->list:
    "torchaudio loads only beside the torch it was built with (the same release)."
    try: t, a = md.version('torch'), md.version('torchaudio')
    except md.PackageNotFoundError: return []
    base = lambda v: v.split('+')[0]
    return [] if base(t) == base(a) else [f'torchaudio {a} does not match torch {t} (they must be the same release)']

def import_problems(modules:list)->list:
    bad = []
    for m in modules:
        try: importlib.import_module(m)
        except Exception as e: bad.append(f'import {m} failed: {type(e).__name__}: {str(e).splitlines()[0][:200] if str(e) else ""}')
    return bad

def package_modules()->list:
    root = Path(__file__).resolve().parent.parent/'mss_nb'
    return [f'mss_nb.{p.stem}' for p in sorted(root.glob('*.py')) if not p.stem.startswith('_')]

def main(lock=None, all_modules=False):
    bad = pip_check() + (version_problems(lock_pins(lock)) if lock else []) + pair_problem()
    bad += import_problems(IMPORTS + (package_modules() if all_modules else []))
    if not bad: print('ok'); return 0
    print('\n'.join(bad)); print(f'the environment does not hold together; {FIX}')
    return 1

if __name__ == '__main__':
    a = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    a.add_argument('--lock', default=None, help='a requirements lock to compare versions with')
    a.add_argument('--all', dest='all_modules', action='store_true', help="also import every module of mss_nb")
    sys.exit(main(**vars(a.parse_args())))
