"""Check the static docs in headless Chromium: every page loads, has its title, shows at least one
figure where its notebook makes one, and links to no missing page or anchor.

    python scripts/check_docs.py [--site site]
"""
import argparse, re, subprocess, sys
from html.parser import HTMLParser
from pathlib import Path
from execnb.nbio import read_nb

FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--disable-quic']

class Page(HTMLParser):
    def __init__(self):
        super().__init__(); self.title, self.imgs, self.links, self.ids, self._t = '', 0, [], set(), False
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == 'title': self._t = True
        if tag == 'img' and a.get('src'): self.imgs += 1
        if tag == 'a' and a.get('href'): self.links.append(a['href'])
        if a.get('id'): self.ids.add(a['id'])
    def handle_endtag(self, tag): self._t = self._t and tag != 'title'
    def handle_data(self, d):
        if self._t: self.title += d

def dom(path:Path, browser:str)->str:
    r = subprocess.run([browser, *FLAGS, f'--user-data-dir=/tmp/chromium-docs-check', '--dump-dom', path.resolve().as_uri()],
                       capture_output=True, text=True, timeout=120)
    if r.returncode or '<html' not in r.stdout: raise RuntimeError(f'{path.name}: Chromium could not load it: {r.stderr[-300:]}')
    return r.stdout

def makes_figure(nb:Path)->bool:
    "Does the notebook have a (non-slow) cell that draws a plot?"
    return any(c.cell_type == 'code' and re.search(r'plot_\w+\(|sns\.\w+plot\(', c.source)
               and not re.search(r'#\|\s*(slow|hide|export)', c.source) for c in read_nb(nb).cells)

def main(site='site', browser='chromium'):
    site = Path(site); pages = sorted(site.glob('*.html')); problems = []
    if not pages: sys.exit(f'{site}: no pages; run scripts/build_docs.py first')
    parsed = {}
    for p in pages:
        pg = Page(); pg.feed(dom(p, browser)); parsed[p.name] = pg
        if not pg.title.strip(): problems.append(f'{p.name}: no title')
        nb = Path('nbs')/(p.stem + '.ipynb')
        if nb.exists() and makes_figure(nb) and pg.imgs == 0: problems.append(f'{p.name}: its notebook draws a figure but the page has none')
    for name, pg in parsed.items():
        for href in pg.links:
            if re.match(r'^[a-z]+:', href): continue           # external links are not checked offline
            f, _, anchor = href.partition('#'); target = f or name
            if target not in parsed: problems.append(f'{name}: broken link {href}')
            elif anchor and anchor not in parsed[target].ids: problems.append(f'{name}: missing anchor {href}')
    for p in pages: print(f"{p.name}: title {parsed[p.name].title.strip()!r}, {parsed[p.name].imgs} figure(s), {len(parsed[p.name].links)} link(s)")
    if problems: print('\n'.join(problems)); sys.exit(1)
    print(f'docs check: {len(pages)} pages OK in headless Chromium')

if __name__ == '__main__':
    a = argparse.ArgumentParser(description=__doc__.splitlines()[0]); a.add_argument('--site', default='site'); a.add_argument('--browser', default='chromium')
    main(**vars(a.parse_args()))
