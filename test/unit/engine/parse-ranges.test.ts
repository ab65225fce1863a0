import * as assert from 'node:assert/strict';
import { Parser } from 'web-tree-sitter';
import { loadPython, parseRanges } from '../../../server/src/engine/parser';
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
