import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLEAN_PY, ensureBuilt, notebookJson, project, runCli, scanJson, TRAIN_PY } from './helpers';

describe('secure-ml scan', () => {
  before(ensureBuilt);

  describe('text format', () => {
    const dir = project({
      'train.py': TRAIN_PY,
      'explore.ipynb': notebookJson([{ type: 'markdown', source: '# Explore' }, { source: 'import torch as th\n' }, { source: 'x = 1\nstate = th.load("m.pt")\n' }]),
      'clean.py': CLEAN_PY,
    });

    it('groups findings by file with file:line:col, severity, rule id, message and (fixable), and ends with a summary', () => {
      const run = runCli(['scan', '.'], dir);
      assert.equal(run.status, 1, run.stderr);
      const lines = run.stdout.split('\n');
      const header = lines.indexOf('train.py');
      assert.ok(header >= 0, run.stdout);
      const torchLine = lines.find((l) => l.includes('train.py:8:12'));
      assert.ok(torchLine, run.stdout);
      assert.match(torchLine!, /train\.py:8:12 {2}error {2}torch-load-unsafe {2}torch\.load .*\(fixable\)$/);
      assert.ok(lines.some((l) => /train\.py:12:\d+ {2}error {2}requests-verify-disabled/.test(l)));
      assert.ok(!run.stdout.includes('clean.py'), 'a clean file is not listed');
      assert.match(run.stdout, /3 findings \(3 error, 0 warning, 0 info\) in 3 files scanned; 0 not analysed\. 3 fixable with --fix\./);
    });

    it('shows notebook positions as cell N line L with 1-based numbers', () => {
      const run = runCli(['scan', 'explore.ipynb'], dir);
      assert.match(run.stdout, /explore\.ipynb cell 3 line 2:9 {2}error {2}torch-load-unsafe/);
    });

    it('has no colour when standard output is not a terminal', () => {
      const run = runCli(['scan', '.'], dir);
      assert.ok(run.stdout.length > 0);
      assert.ok(!run.stdout.includes('\u001b['), 'ANSI escape in piped output');
    });
  });

  describe('JSON format', () => {
    const dir = project({
      'train.py': TRAIN_PY + '\nimport pickle\nx = pickle.loads(b"")  # secure-ml: ignore[torch-load-unsafe]\n',
      'nb.ipynb': notebookJson([{ type: 'markdown', source: '# Title' }, { source: 'import torch\n' }, { source: '\nm = torch.load(p)\n' }]),
    });

    it('follows the contract: version, findings with 1-based line and column, cell 0-based for notebooks, fixable', () => {
      const { run, report } = scanJson(['.'], dir);
      assert.equal(run.status, 1);
      assert.equal(report.version, 1);
      const torch = report.findings.find((f) => f.file === 'train.py' && f.ruleId === 'torch-load-unsafe');
      assert.deepEqual(torch?.range, { start: { line: 8, column: 12 }, end: { line: 8, column: 48 } });
      assert.equal(torch?.category, 'unsafe-deserialization');
      assert.equal(torch?.severity, 'error');
      assert.equal(torch?.fixable, true);
      assert.equal(torch?.cell, undefined, 'no cell for a Python file');
      const pickle = report.findings.find((f) => f.ruleId === 'pickle-load-unsafe');
      assert.equal(pickle?.fixable, false);
      const cell = report.findings.find((f) => f.file === 'nb.ipynb');
      assert.equal(cell?.cell, 2);
      assert.deepEqual(cell?.range.start, { line: 2, column: 5 });
      for (const finding of report.findings)
        assert.deepEqual(Object.keys(finding).sort(), ['category', 'fixable', 'file', 'message', 'range', 'ruleId', 'severity', ...(finding.cell !== undefined ? ['cell'] : [])].sort());
    });

    it('lists unused suppressions and files not analysed', () => {
      const { report } = scanJson(['.'], dir);
      assert.equal(report.unusedSuppressions.length, 1);
      assert.equal(report.unusedSuppressions[0].file, 'train.py');
      assert.deepEqual(report.unusedSuppressions[0].ruleIds, ['torch-load-unsafe']);
      assert.deepEqual(report.errors, []);
    });
  });

  describe('files that cannot be analysed are listed with a reason', () => {
    const big = 'x = 1\n'.repeat(1_500_000); // 9 MB, over the 8 MB limit
    const dir = project({
      'broken.ipynb': '{"cells": [ {"cell_type": "code", "source": ["import torch\\n"], ',
      'weird.py': Buffer.from([0x69, 0x6d, 0x00, 0x01, 0x02, 0x00, 0xff]),
      'huge.py': big,
      'train.py': TRAIN_PY,
    });

    it('reports a malformed notebook, a binary file and a too-large file, and scans the rest', () => {
      const { run, report } = scanJson(['.'], dir);
      assert.equal(run.status, 1);
      const byFile = new Map(report.errors.map((e) => [e.file, e.message]));
      assert.match(byFile.get('broken.ipynb') ?? '', /not a valid notebook: the JSON is malformed/);
      assert.match(byFile.get('weird.py') ?? '', /binary/);
      assert.match(byFile.get('huge.py') ?? '', /over the 8 MB limit/);
      assert.ok(
        report.findings.some((f) => f.file === 'train.py'),
        'the other files are still scanned',
      );
    });

    it('shows them under "Not analysed" in text, counted in the summary', () => {
      const run = runCli(['scan', '.'], dir);
      assert.match(run.stdout, /Not analysed:\n(?: {2}.+\n){3}/);
      assert.match(run.stdout, / {2}broken\.ipynb: not a valid notebook/);
      assert.match(run.stdout, /in 1 file scanned; 3 not analysed\./);
    });
  });

  describe('exit codes and --fail-on', () => {
    const dir = project({
      'warn.py': 'import torch\n\ndef restore(path, **options):\n    return torch.load(path, **options)\n',
      'clean.py': CLEAN_PY,
      'train.py': TRAIN_PY,
    });

    it('exits 0 when clean, 1 on findings at or above the threshold (default warning)', () => {
      assert.equal(runCli(['scan', 'clean.py'], dir).status, 0);
      assert.equal(runCli(['scan', 'train.py'], dir).status, 1);
      const warnOnly = scanJson(['warn.py'], dir);
      assert.deepEqual(
        warnOnly.report.findings.map((f) => f.severity),
        ['warning'],
      );
      assert.equal(warnOnly.run.status, 1);
      assert.equal(runCli(['scan', 'warn.py', '--fail-on', 'error'], dir).status, 0);
      assert.equal(runCli(['scan', 'train.py', '--fail-on', 'never'], dir).status, 0);
      assert.equal(runCli(['scan', 'warn.py', '--fail-on', 'info'], dir).status, 1);
    });

    it('exits 2 with a clear message for a path that does not exist', () => {
      const run = runCli(['scan', 'clean.py', 'no/such/dir'], dir);
      assert.equal(run.status, 2);
      assert.match(run.stderr, /"no\/such\/dir": no such file or directory/);
      assert.equal(run.stdout, '');
    });

    it('exits 2 on usage errors: unknown format, unknown rule id, bad --fail-on', () => {
      assert.equal(runCli(['scan', '--format', 'xml', '.'], dir).status, 2);
      const unknown = runCli(['scan', '--select', 'no-such-rule', '.'], dir);
      assert.equal(unknown.status, 2);
      assert.match(unknown.stderr, /no-such-rule/);
      assert.equal(runCli(['scan', '--fail-on', 'sometimes', '.'], dir).status, 2);
      assert.equal(runCli(['frobnicate'], dir).status, 2);
    });
  });

  describe('options and configuration', () => {
    it('--output writes the report to a file and nothing to standard output', () => {
      const dir = project({ 'train.py': TRAIN_PY });
      const run = runCli(['scan', '.', '--format', 'json', '--output', 'report.json'], dir);
      assert.equal(run.status, 1);
      assert.equal(run.stdout, '');
      const report = JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8'));
      assert.equal(report.findings.length, 2);
      assert.match(run.stderr, /wrote the json report to report\.json/);
    });

    it('--select and --ignore take rule ids and categories', () => {
      const dir = project({ 'train.py': TRAIN_PY });
      const ids = (args: string[]) => scanJson(['.', ...args], dir).report.findings.map((f) => f.ruleId);
      assert.deepEqual(ids(['--select', 'torch-load-unsafe']), ['torch-load-unsafe']);
      assert.deepEqual(ids(['--select', 'insecure-transport']), ['requests-verify-disabled']);
      assert.deepEqual(ids(['--ignore', 'unsafe-deserialization']), ['requests-verify-disabled']);
      assert.deepEqual(ids(['--ignore', 'torch-load-unsafe,requests-verify-disabled']), []);
    });

    it('picks up [tool.secure-ml] from pyproject.toml: ignore, severity and exclude', () => {
      const dir = project({
        'pyproject.toml': '[tool.secure-ml]\nignore = ["requests-verify-disabled"]\nexclude = ["generated/"]\n\n[tool.secure-ml.severity]\ntorch-load-unsafe = "info"\n',
        'train.py': TRAIN_PY,
        'generated/model.py': TRAIN_PY,
      });
      const { run, report } = scanJson(['.'], dir);
      assert.deepEqual(
        report.findings.map((f) => [f.file, f.ruleId, f.severity]),
        [['train.py', 'torch-load-unsafe', 'info']],
      );
      assert.equal(run.status, 0, 'an info finding is below the default --fail-on warning');
    });

    it('honours .gitignore', () => {
      const dir = project({ '.gitignore': 'scratch/\n', 'train.py': CLEAN_PY, 'scratch/try.py': TRAIN_PY });
      assert.deepEqual(scanJson(['.'], dir).report.findings, []);
    });

    it('scans config and env files and lists them among the files scanned', () => {
      const dir = project({ 'config.yaml': 'lr: 0.1\n', '.env': 'DEBUG=1\n', 'kaggle.json': '{}\n', Dockerfile: 'FROM python:3.12\n', 'notes.txt': 'x' });
      const run = runCli(['scan', '.'], dir);
      assert.equal(run.status, 0);
      assert.match(run.stdout, /in 4 files scanned; 0 not analysed/);
    });

    it('gives the same report with worker threads as in one thread', () => {
      const files: Record<string, string> = {};
      for (let i = 0; i < 40; i++) files[`pkg/module_${i}.py`] = TRAIN_PY + `\n\ndef helper_${i}(x):\n    return x\n`.repeat(600);
      const dir = project(files);
      const single = runCli(['scan', '.', '--format', 'json', '--jobs', '1'], dir);
      const pooled = runCli(['scan', '.', '--format', 'json', '--jobs', '2'], dir);
      assert.equal(JSON.parse(single.stdout).findings.length, 80);
      assert.equal(pooled.stdout, single.stdout);
    });
  });
});
