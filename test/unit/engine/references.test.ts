import * as assert from 'node:assert/strict';
import { notebookDocument } from '../../../server/src/engine/document';
import { loadPython, parsePython } from '../../../server/src/engine/parser';
import { Resolver } from '../../../server/src/engine/resolve';

describe('resolver references', () => {
  before(async () => {
    await loadPython();
  });

  it('lists every identifier with a name across cells (bindings and uses), not attributes or strings', () => {
    const document = notebookDocument('/virtual/refs.ipynb', [
      { kind: 'code', text: 'df = load()\nother.df = 1' },
      { kind: 'markdown', text: 'df in prose' },
      { kind: 'code', text: 'print(df["df"])\ndef f(df):\n    return df' },
    ]);
    const trees = document.units.map((u) => (u.language === 'python' ? parsePython(u.code) : undefined));
    try {
      const resolver = new Resolver({ units: document.units, nodeAt: (unit, start, end) => trees[unit.index]?.rootNode.descendantForIndex(start, end) ?? null });
      const refs = resolver.references('df').map((r) => `${r.unit}:${r.node.startPosition.row}:${r.node.startPosition.column}`);
      assert.deepEqual(refs, ['0:0:0', '2:0:6', '2:1:6', '2:2:11']);
      assert.deepEqual(
        resolver.bindings('df').map((b) => `${b.unit}:${b.kind}`),
        ['0:assign', '2:param'],
      );
    } finally {
      for (const tree of trees) tree?.delete();
    }
  });
});
