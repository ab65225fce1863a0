import * as assert from 'node:assert/strict';
import { notebookDocument } from '../../../server/src/engine/document';
import { loadPython, parsePython } from '../../../server/src/engine/parser';
import { asIdentifier, Resolver } from '../../../server/src/engine/resolve';
import type { RuleContext } from '../../../server/src/engine/rule';
import { textMayAssign } from '../../../server/src/engine/secrets/expressions';
import { escapeRegExp } from '../../../server/src/engine/text';

const CELLS = [
  'import os, numpy as np\nfrom pkg import (a as b,\n    c)\ndf = np.load("df.npy")  # df here\nx .y = df.df\nprint(df ,df. df)\n',
  'é = "😀 naïve"\nnaïve=é\n😀x = 1\nnaïve2: int = 3\nif (k := 4) == k: pass\nwith open(p) as fh, open(q) as (g):\n    pass\n',
  'def f(df, *args, **kw):\n    return lambda df: df + kw["df"]\nclass K:\n    df = 1\n    def m(self): return self.df\n_ = [df for df in range(3)]\nx == y\nz\\\n  = 5\nw.v = 6\n日本 = 日本語\n',
  'for i in range(3): print(i, end=":")\ntry:\n    pass\nexcept Exception as err:\n    print(err)\nas_ = 1\nlambda_ = {1: two}\n',
];

const document = notebookDocument(
  '/virtual/names.ipynb',
  CELLS.map((text) => ({ kind: 'code' as const, text })),
);
const words = [...new Set(CELLS.join('\n').match(/[\p{L}\p{N}_]+/gu) ?? [])];

describe('per-unit name indexes', () => {
  before(async () => {
    await loadPython();
  });

  it('finds every identifier of every name at the places the occurrence pattern finds them', () => {
    const trees = document.units.map((u) => (u.language === 'python' ? parsePython(u.code) : undefined));
    try {
      const resolver = new Resolver({ units: document.units, nodeAt: (unit, start, end) => trees[unit.index]?.rootNode.descendantForIndex(start, end) ?? null });
      let found = 0;
      for (const name of [...words, 'df.df', 'x .y']) {
        const expected: string[] = [];
        const pattern = new RegExp(`(?<![\\p{L}\\p{N}_.])${escapeRegExp(name)}(?![\\p{L}\\p{N}_])`, 'gu');
        for (const unit of document.units) {
          for (const match of unit.code.matchAll(pattern)) {
            const node = asIdentifier(trees[unit.index]?.rootNode.descendantForIndex(match.index, match.index + name.length) ?? null, match.index, name.length);
            if (node) expected.push(`${unit.index}:${match.index}`);
          }
        }
        assert.deepEqual(
          resolver.references(name).map((r) => `${r.unit}:${r.node.startIndex}`),
          expected,
          name,
        );
        found += expected.length;
      }
      assert.ok(found > 60, `only ${found} identifiers`);
      // `df.df` holds one reference; `df. df` two (the pattern looks only at the character before a name)
      assert.equal(resolver.references('df').filter((r) => r.unit === 0).length, 5);
    } finally {
      for (const tree of trees) tree?.delete();
    }
  });

  it('tells which names the text may assign exactly as a search for each name does', () => {
    const context = { document } as RuleContext;
    const assigned: string[] = [];
    for (const name of [...words, 'a.b']) {
      const word = escapeRegExp(name);
      const pattern = new RegExp(`(?<![\\p{L}\\p{N}_.])${word}[\\s\\\\]*(?:=(?!=)|:)|\\bas[\\s\\\\([]+${word}(?![\\p{L}\\p{N}_])`, 'u');
      const expected = CELLS.some((code) => pattern.test(code));
      assert.equal(textMayAssign(name, context), expected, name);
      if (expected) assigned.push(name);
    }
    for (const name of ['df', 'b', 'naïve', 'naïve2', 'k', 'fh', 'g', 'z', 'err', 'as_', 'lambda_', '日本']) assert.ok(assigned.includes(name), name);
    for (const name of ['y', 'v', 'i', 'c', 'two', '日本語']) assert.ok(!assigned.includes(name), name);
  });
});
