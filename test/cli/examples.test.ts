import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureBuilt, ROOT, runCli, type JsonReport } from './helpers';

describe('examples/ (the target of `npm run scan`)', () => {
  before(ensureBuilt);

  it('has findings in the training script, the data-prep script and the notebook', () => {
    const run = runCli(['scan', 'examples', '--format', 'json'], ROOT);
    assert.equal(run.status, 1);
    const report = JSON.parse(run.stdout) as JsonReport;
    const files = new Set(report.findings.map((f) => f.file));
    for (const file of ['examples/train.py', 'examples/prepare_data.py', 'examples/notebooks/error_analysis.ipynb']) assert.ok(files.has(file), `no finding in ${file}`);
    assert.ok(new Set(report.findings.map((f) => f.ruleId)).size >= 6, 'the example shows several rules');
    assert.deepEqual(report.errors, []);
  });

  it('is scanned by `npm run scan` without failing npm', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    assert.match(pkg.scripts.scan, /scan examples --fail-on never$/);
    assert.equal(runCli(['scan', 'examples', '--fail-on', 'never'], ROOT).status, 0);
  });
});
