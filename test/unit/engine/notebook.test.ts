import * as assert from 'node:assert/strict';
import { parseNotebook, NotebookError } from '../../../server/src/engine/notebook';

const NB4 = JSON.stringify(
  {
    cells: [
      { cell_type: 'markdown', metadata: {}, source: ['# Title\n', 'text'] },
      {
        cell_type: 'code',
        metadata: {},
        execution_count: 1,
        source: ['import os\n', 'print(os.environ)'],
        outputs: [
          { output_type: 'stream', name: 'stdout', text: ['HOME=/root\n', 'USER=me\n'] },
          { output_type: 'display_data', data: { 'image/png': 'iVBORw0KGgo=', 'text/plain': ['<Figure>'] }, metadata: {} },
          { output_type: 'error', ename: 'KeyError', evalue: 'secret', traceback: ['\u001b[0;31mKeyError\u001b[0m: x'] },
        ],
      },
      { cell_type: 'code', metadata: {}, source: 'a = 1\nb = 2\n', outputs: [] },
    ],
    metadata: { kernelspec: { language: 'python', name: 'python3' } },
    nbformat: 4,
    nbformat_minor: 5,
  },
  null,
  1,
);

describe('notebook model', () => {
  it('reads cells, joins sources and maps every source line to its line in the file', () => {
    const nb = parseNotebook(NB4);
    assert.equal(nb.nbformat, 4);
    assert.equal(nb.language, 'python');
    assert.deepEqual(
      nb.cells.map((c) => [c.index, c.cellType, c.source]),
      [
        [0, 'markdown', '# Title\ntext'],
        [1, 'code', 'import os\nprint(os.environ)'],
        [2, 'code', 'a = 1\nb = 2\n'],
      ],
    );
    const fileLines = NB4.split('\n');
    const code = nb.cells[1];
    assert.match(fileLines[code.sourceJsonLines[0]], /"import os\\n"/);
    assert.match(fileLines[code.sourceJsonLines[1]], /"print\(os.environ\)"/);
    // a source stored as one string keeps all its lines on the string's line
    const single = nb.cells[2].sourceJsonLines;
    assert.equal(new Set(single).size, 1);
    assert.match(fileLines[single[0]], /"a = 1\\nb = 2\\n"/);
  });

  it('keeps text outputs (stream, text/plain, error) with their file lines, drops images and ANSI codes', () => {
    const outputs = parseNotebook(NB4).cells[1].outputs;
    assert.deepEqual(
      outputs.map((o) => [o.output, o.mime]),
      [
        [0, 'stream/stdout'],
        [1, 'text/plain'],
        [2, 'error/evalue'],
        [2, 'error/traceback'],
      ],
    );
    assert.equal(outputs[0].text, 'HOME=/root\nUSER=me\n');
    assert.equal(outputs[3].text, 'KeyError: x');
    assert.ok(!outputs.some((o) => o.text.includes('iVBOR')));
    assert.match(NB4.split('\n')[outputs[0].jsonLines[1]], /USER=me/);
  });

  it('reads nbformat 3 worksheets', () => {
    const nb = parseNotebook(
      JSON.stringify({
        nbformat: 3,
        worksheets: [
          {
            cells: [
              { cell_type: 'code', input: ['import pickle\n', 'pickle.loads(b)'], outputs: [{ output_type: 'pyout', text: ['42'] }] },
              { cell_type: 'heading', source: ['Results'], level: 1 },
            ],
          },
        ],
        metadata: {},
      }),
    );
    assert.equal(nb.cells[0].source, 'import pickle\npickle.loads(b)');
    assert.equal(nb.cells[0].outputs[0].text, '42');
    assert.equal(nb.cells[1].cellType, 'markdown');
  });

  it('reports malformed JSON with the line, and a wrong shape clearly', () => {
    assert.throws(
      () => parseNotebook('{\n "cells": [\n  {"cell_type": "code",,}\n ]\n}'),
      (error: unknown) => error instanceof NotebookError && /malformed/.test(error.message) && error.line === 2,
    );
    assert.throws(() => parseNotebook('[1, 2]'), /top level is not a JSON object/);
    assert.throws(() => parseNotebook('{"nbformat": 4}'), /needs a "cells" array/);
    assert.throws(() => parseNotebook(''), /malformed/);
  });

  it('takes the kernel language from the metadata', () => {
    const nb = parseNotebook(JSON.stringify({ cells: [], metadata: { kernelspec: { language: 'R' } }, nbformat: 4 }));
    assert.equal(nb.language, 'r');
  });
});
