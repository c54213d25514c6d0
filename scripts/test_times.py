"""Keep the per-notebook times that `nbdev_test --timing` printed: results/test_times.md.

    python scripts/test_times.py LOG OUT [nbdev_test arguments...]
"""
import datetime, os, platform, re, sys, tempfile
from pathlib import Path

def main(log, out, *args):
    rows = re.findall(r'^(\S+\.ipynb):\s*([\d.]+)\s*secs?\s*$', Path(log).read_text(), re.M)
    rows = sorted(((Path(n).name, float(t)) for n, t in rows), key=lambda r: -r[1])
    if not rows: raise SystemExit('no notebook times in the log')
    md = [f'# nbdev_test times ({" ".join(args) or "default flags"})', '',
          f'{datetime.date.today()}, {platform.machine()}, {os.cpu_count()} cores; total '
          f'{sum(t for _, t in rows):.0f} s of notebook time (they run in parallel)', '',
          '| notebook | seconds (whole, as nbdev_test prints them) |', '|---|---|',
          *(f'| {n} | {t:.0f} |' for n, t in rows), '']
    tmp = Path(tempfile.mkstemp(dir=Path(out).parent, suffix='.tmp')[1])
    tmp.write_text('\n'.join(md)); tmp.replace(out)

if __name__ == '__main__': main(*sys.argv[1:])
