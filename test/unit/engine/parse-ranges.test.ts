import * as assert from 'node:assert/strict';
import { Parser } from 'web-tree-sitter';
import { loadPython, parsePython, parseRanges } from '../../../server/src/engine/parser';
import { insideError } from '../../../server/src/engine/repair';
import { LineIndex } from '../../../server/src/engine/text';

describe('parsing statements inside a file (parseRanges)', () => {
  it('gives the tree a parse of the whole text with the same included ranges gives, node texts included', async () => {
    const reference = new Parser();
    reference.setLanguage(await loadPython());
    const body = Array.from({ length: 40 }, (_, i) => `    value_${i} = pickle.loads(data[${i}], encoding="é😀")  # row ${i}\n    print(f"{value_${i}!r}", sep=(\n        ","))\n`).join('');
    const code = `import pickle\n\ndef load(data):\npickle.loads(b\n${body}    return None\n`;
    const lines = new LineIndex(code);
    try {
      for (let first = 3; first < lines.lineCount - 1; first += 3) {
        const last = Math.min(first + (first % 2), lines.lineCount - 1);
        const startIndex = lines.lineStart(first);
        const endIndex = Math.min(code.length, lines.lineEnd(last) + 1);
        const end = lines.positionAt(endIndex);
        const ranges = [{ startIndex, endIndex, startPosition: { row: first, column: 0 }, endPosition: { row: end.line, column: end.character } }];
        const tree = parseRanges(code, ranges);
        const expected = reference.parse(code, null, { includedRanges: ranges })!;
        try {
          assert.equal(tree.rootNode.toString(), expected.rootNode.toString(), `lines ${first}-${last}`);
          const texts = (t: typeof tree) => t.rootNode.descendantsOfType(['identifier', 'string', 'call']).map((n) => `${n!.startIndex}:${n!.text}`);
          assert.deepEqual(texts(tree), texts(expected));
          assert.ok(texts(tree).length > 0);
        } finally {
          tree.delete();
          expected.delete();
        }
      }
    } finally {
      reference.delete();
    }
  });
});

describe('syntax error regions (insideError)', () => {
  it('says for every node of broken files whether it or an ancestor is an ERROR, as climbing the parents does', async () => {
    await loadPython();
    const sources = [
      'import pickle\n\ndef load(data):\npickle.loads(b\n    x = pickle.loads(data)\n    return f(x, [1, (2\n\nclass A:\n    def m(self): return self.x\n',
      'def f(:\n    return 1\nx = [1, 2\ny = {"a": (3,\nprint(x y)\n',
      'import os\nos.system(\n',
    ];
    let errors = 0;
    for (const code of sources) {
      const tree = parsePython(code);
      try {
        const nodes = [tree.rootNode, ...tree.rootNode.descendantsOfType(['identifier', 'call', 'ERROR', 'string', 'integer', ')', '(', 'argument_list', 'block'])].filter(
          (n): n is NonNullable<typeof n> => !!n,
        );
        for (const node of nodes) {
          let expected = false;
          for (let up: typeof node | null = node; up; up = up.parent) if (up.type === 'ERROR') expected = true;
          assert.equal(insideError(node), expected, `${node.type} at ${node.startIndex}-${node.endIndex}`);
          if (expected) errors++;
        }
      } finally {
        tree.delete();
      }
    }
    assert.ok(errors > 5, `only ${errors} nodes in errors`);
  });
});
