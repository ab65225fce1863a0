import * as assert from 'node:assert/strict';
import { maskMagics } from '../../../server/src/engine/magics';

describe('IPython magics', () => {
  it('masks line magics and shell escapes with text of the same length', () => {
    const text = '%matplotlib inline\n!pip install -q torch\nimport torch\nfiles = !ls data\nx = 1 != 2\n';
    const masked = maskMagics(text);
    assert.equal(masked.code.length, text.length);
    assert.deepEqual(
      masked.code.split('\n').map((l) => l.length),
      text.split('\n').map((l) => l.length),
    );
    assert.match(masked.code, /^_+\n_+\nimport torch\nfiles = _+\nx = 1 != 2\n$/);
    assert.deepEqual(
      masked.magics.map((m) => [m.prefix, m.name, m.args, m.line]),
      [
        ['%', 'matplotlib', 'inline', 0],
        ['!', '!', 'pip install -q torch', 1],
        ['!', '!', 'ls data', 3],
      ],
    );
  });

  it('keeps a Python-bodied cell magic as Python and masks only its header', () => {
    const masked = maskMagics('%%time\nmodel.fit(X, y)\n');
    assert.equal(masked.foreignCell, false);
    assert.equal(masked.code, '      \nmodel.fit(X, y)\n');
    assert.equal(masked.magics[0].name, 'time');
  });

  it('masks a whole non-Python cell and keeps its body for the rules that read it', () => {
    const masked = maskMagics('%%bash\ncurl -H "Authorization: Bearer $TOKEN" https://x\n');
    assert.equal(masked.foreignCell, true);
    assert.equal(masked.code.trim(), '');
    assert.equal(masked.magics[0].args, 'curl -H "Authorization: Bearer $TOKEN" https://x\n');
  });

  it('follows backslash continuations of a shell escape', () => {
    const masked = maskMagics('!wget https://example.com/data.tar.gz \\\n    -O data.tar.gz\nprint(1)\n');
    assert.equal(masked.magics.length, 1);
    assert.match(masked.magics[0].args, /-O data\.tar\.gz/);
    assert.match(masked.code, /\nprint\(1\)\n$/);
  });

  it('leaves indented magics valid inside blocks and ignores modulo continuations', () => {
    const masked = maskMagics('for f in files:\n    !echo {f}\ntotal = (a\n % b)\nobj?\n');
    assert.match(masked.code, /^for f in files:\n    _+\ntotal = \(a\n % b\)\n {4}\n$/);
  });

  it('returns text without magic characters unchanged and cheaply', () => {
    const text = 'import os\nprint(os.getcwd())\n';
    assert.equal(maskMagics(text).code, text);
  });
});
