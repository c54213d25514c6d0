"""Keep the per-notebook times that `nbdev_test --timing` printed, and the docs build's time:
results/test_times.md.

    python scripts/test_times.py LOG OUT [nbdev_test arguments...]   # after nbdev_test (scripts/test.sh)
    python scripts/test_times.py --docs SECONDS OUT                  # after the docs build (scripts/docs.sh)

`$WALL` (seconds) is the whole nbdev_test run, as test.sh measured it. Each call keeps the other's part.
"""
import datetime, os, platform, re, sys, tempfile
from pathlib import Path

DOCS = '## Docs build'

def _write(out, text):
    tmp = Path(tempfile.mkstemp(dir=Path(out).parent, suffix='.tmp')[1])
    tmp.write_text(text); tmp.replace(out)

def _parts(out)->tuple:
    "The notebook part and the docs part of an existing file."
    text = Path(out).read_text() if Path(out).exists() else ''
    head, sep, docs = text.partition(DOCS)
    return head.rstrip() + '\n', (sep + docs).rstrip() + '\n' if sep else ''

def _when()->str: return f'{datetime.date.today()}, {platform.machine()}, {os.cpu_count()} cores'

def docs(seconds, out):
    head, _ = _parts(out)
    _write(out, head + f'\n{DOCS}\n\n{_when()}: `bash scripts/docs.sh` (executes every notebook, 2 at a time, '
                       f'renders the site, checks every page in headless Chromium) took {float(seconds):.0f} s '
                       'after the tests; CI runs it after them.\n')

def main(log, out, *args):
    rows = re.findall(r'^(\S+\.ipynb):\s*([\d.]+)\s*secs?\s*$', Path(log).read_text(), re.M)
    rows = sorted(((Path(n).name, float(t)) for n, t in rows), key=lambda r: -r[1])
    if not rows: raise SystemExit('no notebook times in the log')
    wall = f'; the whole run took {os.environ["WALL"]} s' if os.environ.get('WALL') else ''
    md = [f'# nbdev_test times ({" ".join(args) or "default flags"})', '',
          f'{_when()}; total {sum(t for _, t in rows):.0f} s of notebook time (they run in parallel){wall}', '',
          '| notebook | seconds (whole, as nbdev_test prints them) |', '|---|---|',
          *(f'| {n} | {t:.0f} |' for n, t in rows), '']
    docs_part = _parts(out)[1]
    _write(out, '\n'.join(md) + ('\n' + docs_part if docs_part else ''))

if __name__ == '__main__':
    if sys.argv[1] == '--docs': docs(*sys.argv[2:4])
    else: main(*sys.argv[1:])
