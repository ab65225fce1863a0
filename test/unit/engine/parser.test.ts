import * as assert from 'node:assert/strict';
import { loadPython, ParseCache, parsePython } from '../../../server/src/engine/parser';
import { statementLines } from '../../../server/src/engine/repair';
import { LineIndex } from '../../../server/src/engine/text';

describe('incremental parsing', () => {
  before(() => loadPython());

  it('gives the same tree as a fresh parse after any sequence of edits', () => {
    const cache = new ParseCache();
    let text = 'import torch\n\ndef f(x):\n    return torch.load(x)\n\nclass A:\n    y = [1, 2, 3]\n';
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const pieces = ['(', ')', 'x', '\n', '    ', 'def g():\n    pass\n', '"', '#c', ': ', 'é😀', ''];
    for (let step = 0; step < 80; step++) {
      const at = Math.floor(random() * (text.length + 1));
      const removed = Math.floor(random() * 4);
      text = text.slice(0, at) + pieces[Math.floor(random() * pieces.length)] + text.slice(Math.min(text.length, at + removed));
      const incremental = cache.get('doc', text).rootNode.toString();
      const fresh = parsePython(text);
      assert.equal(incremental, fresh.rootNode.toString(), `step ${step}`);
      fresh.delete();
    }
    cache.clear();
  });

  it('finds the physical lines of a logical line', () => {
    const code = 'x = f(\n    a,\n    b,\n)\ny = 1\nz = g(1,\n      2)\n';
    const lines = new LineIndex(code);
    const of = (line: number) => statementLines(code, lines.lineStart.bind(lines), lines.lineEnd.bind(lines), lines.lineCount, line);
    assert.deepEqual(of(0), { first: 0, last: 3 });
    assert.deepEqual(of(2), { first: 0, last: 3 });
    assert.deepEqual(of(4), { first: 4, last: 4 });
    assert.deepEqual(of(6), { first: 5, last: 6 });
  });
});
