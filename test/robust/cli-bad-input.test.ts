// A folder of the bad inputs met on real repositories (docs/real-world.md), scanned by the CLI as
// users run it: every file is either analysed or listed under `errors` with its reason, the
// configuration problem is a warning, and the scan finishes with valid JSON.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureBuilt, project, scanJson } from '../cli/helpers';

const PICKLE = 'import pickle\npickle.loads(b)\n';
const notebook = (cells: unknown) => JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells });
const codeCell = (source: unknown, outputs: unknown[] = []) => ({ cell_type: 'code', metadata: {}, execution_count: 1, outputs, source });

describe('CLI: a folder of bad input', function () {
  this.timeout(60000);
  before(ensureBuilt);

  it('analyses what it can and names every file it could not, with the reason', () => {
    const dir = project({
      'pyproject.toml': '[tool.secure-ml\nselect = ',
      'empty.py': '',
      'syntax.py': `import pickle\ndef (:\npickle.loads(b)\n`,
      'deep.py': `x = ${'['.repeat(20_000)}${']'.repeat(20_000)}\n${PICKLE}`,
      'binary.py': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x0a]),
      'truncated.ipynb': notebook([codeCell(PICKLE)]).slice(0, 40),
      'empty.ipynb': '',
      'deep.ipynb': '['.repeat(100_000) + ']'.repeat(100_000),
      'source-number.ipynb': notebook([codeCell(42)]),
      'nbformat3.ipynb': JSON.stringify({ nbformat: 3, worksheets: [{ cells: [{ cell_type: 'code', input: PICKLE, outputs: [] }] }] }),
      'odd-outputs.ipynb': notebook([
        codeCell(PICKLE, [{ output_type: 'execute_result', data: { 'text/plain': 5, 'image/png': 'A'.repeat(2_000_000) } }, null, 'text', { output_type: 'stream', text: { a: 1 } }]),
      ]),
    });
    fs.symlinkSync(path.join(dir, 'gone.py'), path.join(dir, 'dangling.py'));
    try {
      const { run, report } = scanJson(['.', '--fail-on', 'never', '--jobs', '1'], dir);
      assert.equal(run.status, 0, run.stderr);
      const errors = Object.fromEntries(report.errors.map((e) => [e.file, e.message]));
      assert.deepEqual(Object.keys(errors).sort(), ['binary.py', 'dangling.py', 'deep.ipynb', 'empty.ipynb', 'source-number.ipynb', 'truncated.ipynb']);
      assert.match(errors['binary.py'], /binary file/);
      assert.match(errors['dangling.py'], /broken symbolic link/);
      assert.match(errors['deep.ipynb'], /nested too deeply/);
      assert.match(errors['empty.ipynb'], /JSON is malformed/);
      assert.match(errors['source-number.ipynb'], /"source" of cell 0 is not text/);
      assert.match(errors['truncated.ipynb'], /JSON is malformed/);
      const pickles = report.findings.filter((f) => f.ruleId === 'pickle-load-unsafe').map((f) => f.file);
      assert.deepEqual(pickles.sort(), ['deep.py', 'nbformat3.ipynb', 'odd-outputs.ipynb', 'syntax.py']);
      const warnings = (report as unknown as { warnings?: { message: string }[] }).warnings ?? [];
      assert.ok(
        warnings.some((w) => /pyproject\.toml: invalid TOML/.test(w.message)),
        JSON.stringify(warnings),
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
