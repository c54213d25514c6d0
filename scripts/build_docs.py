"""Static HTML docs without Quarto: execute every notebook (skipping `slow` and `eval: false` cells),
drop hidden cells and directives, render with nbconvert, add an API section per exported module, and
write `site/index.html` + one page per notebook.

    python scripts/build_docs.py [--out site] [--no-execute] [--workers 2]

Users with Quarto can use `nbdev_docs` instead (nbs/_quarto.yml).
"""
import argparse, html, importlib, inspect, multiprocessing, os, re, sys
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from execnb.nbio import read_nb, dict2nb
from execnb.shell import CaptureShell

ROOT = Path(__file__).resolve().parent.parent
NBS = ROOT/'nbs'

def directives(src:str)->dict:
    return {m.group(1).strip(): (m.group(2) or '').strip() for m in re.finditer(r'^#\|\s*([\w-]+):?\s*(.*)$', src, re.M)}

def skip(cell)->bool:
    d = directives(cell.source)
    return 'slow' in d or d.get('eval') == 'false'

def execute(nb):
    cwd = os.getcwd(); os.chdir(NBS)
    try:
        sh = CaptureShell(); sh.run_all(nb, exc_stop=True, preproc=skip)
    finally: os.chdir(cwd)

def code_spans(text:str)->str:
    "Escape `text` for HTML and render its `backtick` spans as code."
    return re.sub(r'`([^`]+)`', r'<code>\1</code>', html.escape(text))

def api_html(module:str)->str:
    "Signature, docstring and documented parameters of everything a module exports."
    from fastcore.docments import docments
    mod = importlib.import_module(module); out = []
    for name in getattr(mod, '__all__', []):
        obj = getattr(mod, name)
        if not (inspect.isfunction(obj) or inspect.isclass(obj)): continue
        f = getattr(obj, '__wrapped__', obj)
        try: sig = str(inspect.signature(f, eval_str=True))     # plain types, not 'quoted' annotations
        except Exception:
            try: sig = str(inspect.signature(f)).replace("'", '')
            except (TypeError, ValueError): sig = ''
        doc = code_spans(inspect.getdoc(f) or '')
        try: params = {k: v for k, v in docments(f).items() if v and k != 'return'}
        except Exception: params = {}
        rows = ''.join(f'<tr><td><code>{html.escape(k)}</code></td><td>{code_spans(v)}</td></tr>' for k, v in params.items())
        out.append(f'<div class="api" id="{name}"><h3><code>{name}{html.escape(sig)}</code></h3><p>{doc}</p>'
                   + (f'<table class="params">{rows}</table>' if rows else '') + '</div>')
    return '<h2 id="api">API</h2>' + ''.join(out) if out else ''

PAGE = '''<!doctype html><html><head><meta charset="utf-8"><title>{title} – mss_nb</title>
<style>body{{font-family:system-ui,sans-serif;max-width:1000px;margin:auto;padding:1em}}
nav{{display:flex;flex-wrap:wrap;gap:.2em .9em;font-size:.9em;border-bottom:1px solid #ddd;padding-bottom:.4em}}
pre{{background:#f6f8fa;padding:.6em;overflow-x:auto}} img{{max-width:100%}} table{{border-collapse:collapse}} td,th{{border:1px solid #ddd;padding:2px 6px}}
.api h3{{font-size:1em;background:#eef;padding:.3em}}</style>{head}</head>
<body><nav>{nav}</nav><h1>{title}</h1>{body}</body></html>'''

def render(nb, name, nav, title):
    from nbconvert import HTMLExporter
    cells, n = [], 0
    for c in nb.cells:
        d = directives(c.source) if c.cell_type == 'code' else {}
        if 'hide' in d or 'default_exp' in d: continue
        if c.cell_type == 'code':
            c.source = re.sub(r'^#\|.*\n?', '', c.source, flags=re.M)
            n += 1
            c.execution_count = n                                   # `In [n]:`, not `In [ ]:`
        if c.cell_type == 'markdown' and c.source.lstrip().startswith('# '): c.source = re.sub(r'^\s*# .*\n?', '', c.source, count=1)
        cells.append(c)
    for c in cells:                                     # execnb keeps some outputs as lists of lines
        for o in c.get('outputs', []):
            for k, v in (o.get('data') or {}).items():
                if isinstance(v, list): o['data'][k] = ''.join(v)
    nb.cells = cells
    ex = HTMLExporter(template_name='basic')
    body, _ = ex.from_notebook_node(dict2nb(nb) if not hasattr(nb, 'metadata') else nb)
    mods = re.findall(r'^#\|\s*default_exp\s+(\S+)', '\n'.join(c.source for c in read_nb(NBS/f'{name}.ipynb').cells if c.cell_type == 'code'), re.M)
    if mods: body += api_html(f'mss_nb.{mods[0]}')
    return PAGE.format(title=html.escape(title), nav=nav, body=body, head='')

def page(p:Path, out:Path, nav:str, title:str, execute_nbs:bool)->str:
    "Execute one notebook (unless told not to) and write its page; returns its name."
    nb = read_nb(p)
    if execute_nbs: execute(nb)
    tmp = out/f'.{p.stem}.html.tmp'
    tmp.write_text(render(nb, p.stem, nav, title)); tmp.replace(out/f'{p.stem}.html')
    return p.name

def main(out='site', execute_nbs=True, workers=2):
    out = ROOT/out; out.mkdir(exist_ok=True)
    nbs = sorted(p for p in NBS.glob('*.ipynb') if p.stem != 'index')
    for old in out.glob('*.html'):                      # pages of notebooks renamed or removed
        if old.stem not in {p.stem for p in nbs} | {'index'}: old.unlink()
    titles = {}
    for p in [NBS/'index.ipynb'] + nbs:
        first = next(c.source for c in read_nb(p).cells if c.cell_type == 'markdown')
        titles[p.stem] = re.search(r'^#\s+(.+)$', first, re.M).group(1).strip()
    nav = '<a href="index.html">mss_nb</a>' + ''.join(f'<a href="{p.stem}.html">{p.stem}</a>' for p in nbs)
    # notebooks run in parallel, as nbdev_test runs them (each in its own process), longest first
    todo = sorted([NBS/'index.ipynb'] + nbs, key=lambda p: -p.stat().st_size)
    if workers > 1: os.environ.setdefault('OMP_NUM_THREADS', '1')      # two CPU-heavy jobs: one thread each
    # one notebook a process: IPython's shell takes over `__main__` in the process it runs in
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context('spawn'), max_tasks_per_child=1) as pool:
        jobs = [pool.submit(page, p, out, nav, titles[p.stem], execute_nbs) for p in todo]
        for j in as_completed(jobs): print('wrote', j.result(), flush=True)
    print(f'wrote {len(nbs) + 1} pages to {out}/')

if __name__ == '__main__':
    a = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    a.add_argument('--out', default='site'); a.add_argument('--no-execute', dest='execute_nbs', action='store_false')
    a.add_argument('--workers', type=int, default=2, help='notebooks executed at once (each in its own process)')
    main(**vars(a.parse_args()))
