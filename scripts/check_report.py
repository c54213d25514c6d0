"""Check a separation's report page in headless Chromium: it loads, every audio player points at a
file that exists, the picture is there, and the browser logs no console error; save a screenshot.

    python scripts/check_report.py OUT_FOLDER [--screenshot results/report_page.png]
"""
import argparse, re, subprocess, sys, tempfile
from html.parser import HTMLParser
from pathlib import Path

FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--disable-quic', '--hide-scrollbars']

class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.audio, self.imgs, self.title, self._t = [], 0, '', False
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == 'audio': self.audio.append(a.get('src', ''))
        if tag == 'img' and a.get('src', '').startswith('data:image/png;base64,'): self.imgs += 1
        self._t = tag == 'title'
    def handle_data(self, d):
        if self._t: self.title += d

def chromium(page:Path, *extra, browser='chromium'):
    with tempfile.TemporaryDirectory() as prof:
        return subprocess.run([browser, *FLAGS, f'--user-data-dir={prof}', '--enable-logging=stderr', '--v=0', *extra,
                               page.resolve().as_uri()], capture_output=True, text=True, timeout=120)

def main(folder, screenshot=None, browser='chromium'):
    page = Path(folder)/'report.html'
    if not page.exists(): sys.exit(f'{page}: no report page')
    r = chromium(page, '--dump-dom', browser=browser)
    if r.returncode or '<html' not in r.stdout: sys.exit(f'{page}: Chromium could not load it: {r.stderr[-300:]}')
    pg = Page()
    pg.feed(r.stdout)
    problems = [f'audio player points at a missing file: {s}' for s in pg.audio if not (page.parent/s).is_file()]
    if not pg.audio: problems.append('no audio players')
    if pg.imgs != 1: problems.append(f'{pg.imgs} inline pictures (expected 1)')
    console = [l for l in r.stderr.splitlines() if 'CONSOLE' in l and re.search(r'error', l, re.I)]
    problems += [f'console: {l[-200:]}' for l in console]
    if screenshot:
        Path(screenshot).parent.mkdir(parents=True, exist_ok=True)
        s = chromium(page, f'--screenshot={Path(screenshot).resolve()}', '--window-size=1280,1400', browser=browser)
        if s.returncode or not Path(screenshot).exists(): problems.append(f'no screenshot: {s.stderr[-200:]}')
    print(f'{page}: title {pg.title!r}, {len(pg.audio)} players, {pg.imgs} picture, {len(console)} console errors')
    if problems: sys.exit('\n'.join(problems))
    print('report page OK in headless Chromium' + (f'; screenshot {screenshot}' if screenshot else ''))

if __name__ == '__main__':
    a = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    a.add_argument('folder'); a.add_argument('--screenshot', default=None); a.add_argument('--browser', default='chromium')
    main(**vars(a.parse_args()))
