// Malformed notebooks found while scanning real repositories and fuzzing by hand (docs/real-world.md):
// each must be refused with a message that says what is wrong, never crash or be read as empty.
import * as assert from 'node:assert/strict';
import { NotebookError, parseNotebook } from '../../../server/src/engine/notebook';

function refusal(json: string): NotebookError {
  try {
    parseNotebook(json);
  } catch (error) {
    assert.ok(error instanceof NotebookError, `expected a NotebookError, got ${String(error)}`);
    return error;
  }
  assert.fail('the notebook was accepted');
}

const cell = (source: unknown) => JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [{ cell_type: 'code', metadata: {}, outputs: [], source }] }, null, 1);

describe('malformed notebooks', () => {
  it('refuses JSON nested too deeply for the parser, instead of overflowing the stack', () => {
    const error = refusal('['.repeat(100_000) + ']'.repeat(100_000));
    assert.match(error.message, /nested too deeply/);
  });

  it('refuses a cell whose source is a number, naming the cell and its line', () => {
    const json = cell(42);
    const error = refusal(json);
    assert.match(error.message, /"source" of cell 0 is not text/);
    assert.equal(
      error.line,
      json.split('\n').findIndex((line) => line.includes('"source": 42')),
    );
  });

  it('refuses a source list holding something other than strings', () => {
    assert.match(refusal(cell(['import pickle\n', 5, null])).message, /"source" of cell 0 is not text/);
  });

  it('refuses an nbformat 3 cell whose input is not text', () => {
    const json = JSON.stringify({ nbformat: 3, worksheets: [{ cells: [{ cell_type: 'code', input: { a: 1 }, outputs: [] }] }] });
    assert.match(refusal(json).message, /"input" of cell 0 is not text/);
  });

  it('still reads cells without a source, metadata or outputs, and odd output bundles, as far as they are text', () => {
    const json = JSON.stringify({
      nbformat: 4,
      cells: [
        { cell_type: 'code' },
        {
          cell_type: 'code',
          source: 'x = 1\n',
          outputs: [{ output_type: 'execute_result', data: { 'text/plain': 5 } }, { output_type: 'stream', text: null }, 'not an output', 7, { output_type: 'stream', name: 'stdout', text: ['ok\n'] }],
        },
      ],
    });
    const notebook = parseNotebook(json);
    assert.deepEqual(
      notebook.cells.map((c) => c.source),
      ['', 'x = 1\n'],
    );
    assert.deepEqual(
      notebook.cells[1].outputs.map((o) => [o.output, o.text]),
      [[4, 'ok\n']],
    );
  });
});
