import * as assert from 'node:assert/strict';
import { maskMagics } from '../../server/src/engine/magics';

describe('maskMagics on cells with % and ! in plain code', () => {
  it('returns the text itself when no line is a magic', () => {
    const text = 'if step % 100 == 0:\n    print("%d rows" % n)\nok = a != b\n';
    const masked = maskMagics(text);
    assert.equal(masked.code, text);
    assert.deepEqual(masked.magics, []);
    assert.equal(masked.foreignCell, false);
  });

  it('masks a magic among such lines, a continued one and a help line, keeping every offset', () => {
    const text = 'x = 10 % 3\n!pip install \\\n  torch\nfiles = !ls data\nmodel?\ny = x != 1\n';
    const masked = maskMagics(text);
    assert.equal(masked.code.length, text.length);
    assert.equal(masked.code, 'x = 10 % 3\n______________\n       \nfiles = ________\n      \ny = x != 1\n');
    assert.deepEqual(
      masked.magics.map((m) => [m.prefix, m.name, m.args, m.line]),
      [
        ['!', '!', 'pip install \\\n  torch', 1],
        ['!', '!', 'ls data', 3],
      ],
    );
  });
});
