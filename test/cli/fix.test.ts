import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { rewriteNotebook } from '../../server/src/cli/fix';
import { ensureBuilt, notebookJson, project, runCli, scanJson, TRAIN_PY } from './helpers';

/** The lines of `after` that differ from `before` (same line count expected). */
function changedLines(before: string, after: string): { line: number; before: string; after: string }[] {
  const a = before.split('\n');
  const b = after.split('\n');
  assert.equal(b.length, a.length, 'the line count changed');
  return a.flatMap((line, i) => (line === b[i] ? [] : [{ line: i, before: line, after: b[i] }]));
}

describe('scan --fix', () => {
  before(ensureBuilt);

  it('fixes a Python file in place, reports what it changed and what remains', () => {
    const source = TRAIN_PY + '\nimport pickle\nrows = pickle.loads(blob)\n';
    const dir = project({ 'train.py': source });
    const run = runCli(['scan', '.', '--fix'], dir);
    assert.match(run.stdout, /^Fixed 2 findings in train\.py: (torch-load-unsafe, requests-verify-disabled|requests-verify-disabled, torch-load-unsafe)$/m);
    const after = fs.readFileSync(path.join(dir, 'train.py'), 'utf8');
    assert.deepEqual(changedLines(source, after), [
      { line: 7, before: '    return torch.load(path, map_location="cpu")', after: '    return torch.load(path, map_location="cpu", weights_only=True)' },
      { line: 11, before: '    return requests.get(url, verify=False, timeout=30).json()', after: '    return requests.get(url, timeout=30).json()' },
    ]);
    // the unfixable finding remains and sets the exit code
    assert.match(run.stdout, /train\.py:15:8 {2}error {2}pickle-load-unsafe/);
    assert.match(run.stdout, /1 finding \(1 error, 0 warning, 0 info\) in 1 file scanned/);
    assert.equal(run.status, 1);
    assert.deepEqual(
      fs.readdirSync(dir).filter((f) => f.includes('secure-ml')),
      [],
      'no temporary files left behind',
    );
  });

  it('applies the fixes that change behaviour only with --unsafe-fixes: the secret moves to .env, which .gitignore lists', () => {
    const source = 'import psycopg2\n\nconn = psycopg2.connect(host="db", user="ml", password="3OXBhqm#C9h")\n';
    const dir = project({ 'db.py': source, '.gitignore': '__pycache__/\n' });
    const safeOnly = runCli(['scan', '.', '--fix'], dir);
    assert.doesNotMatch(safeOnly.stdout, /^Fixed/m);
    assert.equal(fs.readFileSync(path.join(dir, 'db.py'), 'utf8'), source);
    assert.equal(runCli(['scan', '.', '--unsafe-fixes'], dir).status, 2, '--unsafe-fixes without --fix is a usage error');

    const run = runCli(['scan', '.', '--fix', '--unsafe-fixes'], dir);
    assert.match(run.stdout, /^Fixed 1 finding in db\.py: hardcoded-generic-secret/m);
    const after = fs.readFileSync(path.join(dir, 'db.py'), 'utf8');
    assert.doesNotMatch(after, /3OXBhqm/);
    assert.match(after, /^import os$/m);
    assert.match(after, /password=os\.environ\["[A-Z_]+"\]/);
    assert.match(fs.readFileSync(path.join(dir, '.env'), 'utf8'), /^[A-Z_]+='3OXBhqm#C9h'$/m);
    assert.match(fs.readFileSync(path.join(dir, '.gitignore'), 'utf8'), /^\.env$/m);
    assert.doesNotMatch(run.stdout + run.stderr, /3OXBhqm#C9h/, 'the secret is not printed');
    assert.equal(run.status, 0);
  });

  it('rewrites only the edited cell sources of a notebook, byte for byte elsewhere (outputs, metadata, indentation, trailing newline)', () => {
    const notebook = notebookJson(
      [
        { type: 'markdown', source: '# Fine-tune\nLoad the base checkpoint.' },
        { source: 'import torch\nimport requests\n', executionCount: 1 },
        {
          source: 'state = torch.load("base.pt")\nprint(len(state))\n',
          executionCount: 2,
          outputs: [{ name: 'stdout', output_type: 'stream', text: ['412\n'] }],
        },
        {
          source: 'resp = requests.get(URL, verify=False)',
          executionCount: 3,
          outputs: [{ data: { 'text/plain': ['<Response [200]>'] }, execution_count: 3, metadata: {}, output_type: 'execute_result' }],
        },
      ],
      2,
    );
    const dir = project({ 'finetune.ipynb': notebook });
    const run = runCli(['scan', 'finetune.ipynb', '--fix', '--format', 'json'], dir);
    assert.equal(run.status, 0, run.stdout + run.stderr);
    const report = JSON.parse(run.stdout);
    assert.deepEqual(report.findings, []);
    assert.deepEqual(report.fixed, [{ file: 'finetune.ipynb', fixed: { 'torch-load-unsafe': 1, 'requests-verify-disabled': 1 }, clearedOutputs: [], appendedTo: [] }]);
    const after = fs.readFileSync(path.join(dir, 'finetune.ipynb'), 'utf8');
    assert.deepEqual(
      changedLines(notebook, after).map((c) => c.after),
      ['        "state = torch.load(\\"base.pt\\", weights_only=True)\\n",', '        "resp = requests.get(URL)"'],
    );
    assert.ok(after.endsWith('}\n'));
    assert.doesNotThrow(() => JSON.parse(after));
  });

  it('clears the saved output that shows a secret, keeps the other outputs, and never prints the secret', () => {
    const key = '9c1f4e7a2b8d3f6e0a5c7b9d1e3f5a7c9b2d4f6e';
    const notebook = notebookJson([
      { source: 'import os\n', executionCount: 1 },
      { source: 'print(len(rows))', executionCount: 2, outputs: [{ name: 'stdout', output_type: 'stream', text: ['412\n'] }] },
      {
        source: '{k: v for k, v in os.environ.items() if k.startswith("WANDB")}',
        executionCount: 3,
        outputs: [{ data: { 'text/plain': ["{'WANDB_PROJECT': 'tickets',\n", ` 'WANDB_API_KEY': '${key}'}`] }, execution_count: 3, metadata: {}, output_type: 'execute_result' }],
      },
    ]);
    const dir = project({ 'nb.ipynb': notebook });
    const sarif = JSON.parse(runCli(['scan', '.', '--format', 'sarif'], dir).stdout);
    const result = sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'secret-in-notebook-output');
    assert.ok(result, 'the secret in the output is reported');
    const line = notebook.split('\n')[result.locations[0].physicalLocation.region.startLine - 1];
    assert.ok(line.includes("'WANDB_API_KEY'"), `SARIF points at the JSON line of the output: ${line}`);
    assert.equal(result.properties.cell, 2);
    const run = runCli(['scan', '.', '--fix'], dir);
    for (const output of [run.stdout, run.stderr, JSON.stringify(sarif)]) assert.ok(!output.includes(key), 'the secret is printed in full');
    assert.match(run.stdout, /Fixed 1 finding in nb\.ipynb: secret-in-notebook-output; cleared the outputs of cell 3/);
    const after = JSON.parse(fs.readFileSync(path.join(dir, 'nb.ipynb'), 'utf8'));
    const expected = JSON.parse(notebook);
    expected.cells[2].outputs = [];
    expected.cells[2].execution_count = null;
    assert.deepEqual(after, expected);
  });

  it('leaves files without safe fixes untouched', () => {
    const source = 'import pickle\nrows = pickle.loads(blob)\n';
    const dir = project({ 'load.py': source });
    const stat = fs.statSync(path.join(dir, 'load.py'));
    runCli(['scan', '.', '--fix'], dir);
    assert.equal(fs.readFileSync(path.join(dir, 'load.py'), 'utf8'), source);
    assert.equal(fs.statSync(path.join(dir, 'load.py')).mtimeMs, stat.mtimeMs);
  });

  it('keeps CRLF line endings and a byte-order mark', () => {
    const source = '\ufeffimport torch\r\nstate = torch.load("a.pt")\r\n';
    const dir = project({ 'crlf.py': source });
    runCli(['scan', '.', '--fix'], dir);
    assert.equal(fs.readFileSync(path.join(dir, 'crlf.py'), 'utf8'), '\ufeffimport torch\r\nstate = torch.load("a.pt", weights_only=True)\r\n');
    assert.deepEqual(scanJson(['.'], dir).report.findings, []);
  });
});

describe('notebook rewriting', () => {
  const notebook = notebookJson([
    { source: 'import torch\n' },
    { source: 'print(token)\n', executionCount: 7, outputs: [{ name: 'stdout', output_type: 'stream', text: ['hf_secret_value\n'] }] },
    { source: 'x = 1' },
  ]);

  it('clears the outputs and execution count of the cells a fix names, nothing else', () => {
    const texts = ['import torch\n', 'print(token)\n', 'x = 1'];
    const after = rewriteNotebook(notebook, texts, [false, false, false], new Set([1]));
    const parsed = JSON.parse(after);
    assert.deepEqual(parsed.cells[1].outputs, []);
    assert.equal(parsed.cells[1].execution_count, null);
    assert.ok(!after.includes('hf_secret_value'));
    const expected = JSON.parse(notebook);
    expected.cells[1].outputs = [];
    expected.cells[1].execution_count = null;
    assert.equal(after, JSON.stringify(expected, null, 1) + '\n', 'the rest keeps its bytes and its one-space indentation');
  });

  it('writes a source stored as one string back as one string, and a list as a list of lines', () => {
    const single = notebook.replace('"source": [\n    "x = 1"\n   ]', '"source": "x = 1"');
    assert.notEqual(single, notebook);
    const after = rewriteNotebook(single, ['import torch\nimport os\n', 'print(token)\n', 'x = 2'], [true, false, true], new Set());
    const parsed = JSON.parse(after);
    assert.equal(parsed.cells[2].source, 'x = 2');
    assert.deepEqual(parsed.cells[0].source, ['import torch\n', 'import os\n']);
  });
});
