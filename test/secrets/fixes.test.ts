import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createEngine, type Engine } from '../../server/src/engine/engine';
import { dotenvLine } from '../../server/src/engine/secrets/analyze';
import { allRules } from '../../rules';
import { ensureBuilt, notebookJson, project, runCli } from '../cli/helpers';
import { pythonExecutable } from '../helpers/python';
import { mixed, samples } from './samples';

describe('secret fixes', function () {
  this.timeout(60_000);
  let engine: Engine;
  before(async () => {
    engine = await createEngine(allRules);
  });

  it('writes .env lines python-dotenv reads back unchanged', () => {
    const values: Record<string, string> = { HF_TOKEN: 'hf_abc123', DB_PASSWORD: 'a#b"c$d\\e f', URL: 'postgresql://u:p%40ss@h/db', QUOTE: "it's" };
    const dir = project({
      '.env': Object.entries(values)
        .map(([k, v]) => dotenvLine(k, v) + '\n')
        .join(''),
    });
    try {
      const read = spawnSync(pythonExecutable(), ['-c', 'import json, sys; from dotenv import dotenv_values; print(json.dumps(dotenv_values(sys.argv[1])))', path.join(dir, '.env')], {
        encoding: 'utf8',
      });
      assert.equal(read.status, 0, read.stderr);
      assert.deepEqual(JSON.parse(read.stdout), values);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('moves a token to .env (in the project root) and lists .env in .gitignore', () => {
    const token = samples()['github-token'].token!;
    const dir = project({ 'pyproject.toml': '[tool.secure-ml]\n', 'src/sync.py': `import requests\nGITHUB_TOKEN = "${token}"\n` });
    const result = engine.analyzeFile(path.join(dir, 'src', 'sync.py'));
    const finding = result.findings.find((f) => f.ruleId === 'hardcoded-provider-secret');
    assert.ok(finding, 'no finding');
    const fix = finding.fixes[0];
    assert.equal(fix.safe, false);
    assert.deepEqual(
      fix.edits.map((e) => e.newText),
      ['import os\n', 'os.environ["GITHUB_TOKEN"]'],
    );
    const envEdit = fix.fileEdits?.find((e) => e.path.endsWith('.env'));
    assert.ok(envEdit);
    assert.equal(envEdit.path, path.join(dir, '.env'), 'not in the project root');
    assert.equal(envEdit.text, `GITHUB_TOKEN=${token}\n`);
    assert.equal(envEdit.unlessLine, `GITHUB_TOKEN=${token}`);
    assert.deepEqual(
      fix.fileEdits?.filter((e) => e.path.endsWith('.gitignore')).map((e) => [e.text, e.unlessLine]),
      [['.env\n', '.env']],
    );
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('secure-ml scan --fix clears a saved output that shows a secret, and keeps the cell', () => {
    ensureBuilt();
    const key = `sk-proj-${mixed(80)}`;
    const dir = project({
      'explore.ipynb': notebookJson([
        { source: 'import os\nprint(os.environ)', executionCount: 1, outputs: [{ name: 'stdout', output_type: 'stream', text: [`environ({'OPENAI_API_KEY': '${key}'})\n`] }] },
        { source: 'x = 1', executionCount: 2, outputs: [{ name: 'stdout', output_type: 'stream', text: ['1\n'] }] },
      ]),
    });
    try {
      const run = runCli(['scan', '.', '--fix', '--fail-on', 'never'], dir);
      assert.equal(run.status, 0, run.stderr);
      assert.ok(!run.stdout.includes(key), 'the CLI printed the secret');
      const saved = fs.readFileSync(path.join(dir, 'explore.ipynb'), 'utf8');
      assert.ok(!saved.includes(key), 'the output still holds the secret');
      const notebook = JSON.parse(saved) as { cells: { source: string[]; outputs: unknown[] }[] };
      assert.deepEqual(notebook.cells[0].source, ['import os\n', 'print(os.environ)']);
      assert.deepEqual(notebook.cells[0].outputs, []);
      assert.equal(notebook.cells[1].outputs.length, 1, 'another cell lost its output');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
