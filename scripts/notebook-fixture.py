"""Writes an nbformat-4 notebook fixture from a cell list on stdin.

Usage: python3 scripts/notebook-fixture.py OUT.ipynb < cells.txt
Cells start with a line "#%%" (code) or "#%% [markdown]"; outputs are left empty.
"""
import json, sys
out = sys.argv[1]
cells, cur, kind = [], None, None
for line in sys.stdin.read().split('\n'):
    if line.startswith('#%%'):
        if cur is not None: cells.append((kind, cur))
        kind = 'markdown' if 'markdown' in line else 'code'; cur = []
    else:
        cur.append(line)
if cur is not None: cells.append((kind, cur))
def src(lines):
    while lines and lines[-1] == '': lines = lines[:-1]
    return [l + '\n' for l in lines[:-1]] + lines[-1:]
nb = {"cells": [], "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}, "language_info": {"name": "python"}}, "nbformat": 4, "nbformat_minor": 5}
for i, (k, lines) in enumerate(cells):
    c = {"cell_type": k, "id": f"cell-{i}", "metadata": {}, "source": src(lines)}
    if k == 'code': c.update({"execution_count": None, "outputs": []})
    nb["cells"].append(c)
json.dump(nb, open(out, 'w'), indent=1); open(out, 'a').write('\n')
