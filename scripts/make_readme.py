"""Write README.md from nbs/index.ipynb without Quarto (nbdev_readme needs Quarto, which may be absent).

Markdown cells are copied; code cells become ```python blocks (cells marked `#| hide` are skipped and
`#|` directive lines removed). Run from the repository root: `python scripts/make_readme.py`.
"""
import json, sys
from pathlib import Path

def nb_to_md(nb_path) -> str:
    cells = json.loads(Path(nb_path).read_text())['cells']
    out = []
    for c in cells:
        src = ''.join(c['source'])
        if c['cell_type'] == 'markdown': out.append(src.strip())
        elif c['cell_type'] == 'code':
            lines = src.splitlines()
            if any(l.strip() in ('#| hide', '#|hide', '#| include: false') for l in lines): continue
            code = '\n'.join(l for l in lines if not l.startswith('#|')).strip()
            if code: out.append(f'```python\n{code}\n```')
    return '\n\n'.join(out) + '\n'

if __name__ == '__main__':
    root = Path(__file__).resolve().parent.parent
    text = '<!-- generated from nbs/index.ipynb by scripts/make_readme.py: edit the notebook, not this file -->\n\n' + nb_to_md(root/'nbs'/'index.ipynb')
    dst = root/'README.md'
    if not dst.exists() or dst.read_text() != text:
        tmp = dst.with_suffix('.md.tmp'); tmp.write_text(text); tmp.replace(dst)
        print('README.md updated', file=sys.stderr)
