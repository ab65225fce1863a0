import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureBuilt, project, runCli, scanJson, TRAIN_PY } from './helpers';

describe('baseline', () => {
  before(ensureBuilt);

  function withBaseline(): string {
    const dir = project({ 'train.py': TRAIN_PY });
    const run = runCli(['scan', '.', '--write-baseline', '.secure-ml-baseline.json'], dir);
    assert.equal(run.status, 0, 'writing a baseline accepts the findings');
    assert.match(run.stderr, /wrote 2 findings to the baseline/);
    return dir;
  }

  it('records findings by fingerprint, without line numbers or source text', () => {
    const dir = withBaseline();
    const text = fs.readFileSync(path.join(dir, '.secure-ml-baseline.json'), 'utf8');
    const baseline = JSON.parse(text);
    assert.equal(baseline.version, 1);
    assert.deepEqual(
      baseline.findings.map((f: { ruleId: string; file: string }) => [f.file, f.ruleId]),
      [
        ['train.py', 'requests-verify-disabled'],
        ['train.py', 'torch-load-unsafe'],
      ],
    );
    for (const entry of baseline.findings) assert.deepEqual(Object.keys(entry).sort(), ['file', 'fingerprint', 'ruleId']);
    assert.ok(!text.includes('torch.load(') && !text.includes('verify=False'), 'no source text in the baseline');
  });

  it('reports only new findings; moving lines does not bring old ones back', () => {
    const dir = withBaseline();
    const same = scanJson(['.', '--baseline', '.secure-ml-baseline.json'], dir);
    assert.deepEqual(same.report.findings, []);
    assert.equal(same.run.status, 0);
    assert.deepEqual(same.report.baseline, { file: '.secure-ml-baseline.json', hidden: 2 });
    fs.writeFileSync(path.join(dir, 'train.py'), '"""Docs."""\nimport os\n\n\n' + TRAIN_PY.replace('    return torch.load', '    if path:\n        return  torch.load'));
    const moved = scanJson(['.', '--baseline', '.secure-ml-baseline.json'], dir);
    assert.deepEqual(moved.report.findings, []);
  });

  it('treats a second identical finding on a new line as new (occurrence index)', () => {
    const dir = withBaseline();
    fs.appendFileSync(path.join(dir, 'train.py'), '\n\ndef load_again(path):\n    return torch.load(path, map_location="cpu")\n');
    const { run, report } = scanJson(['.', '--baseline', '.secure-ml-baseline.json'], dir);
    assert.equal(run.status, 1);
    assert.deepEqual(
      report.findings.map((f) => [f.ruleId, f.range.start.line]),
      [['torch-load-unsafe', 16]],
    );
  });

  it('is read from the config `baseline`, relative to the config file', () => {
    const dir = withBaseline();
    fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[tool.secure-ml]\nbaseline = ".secure-ml-baseline.json"\n');
    fs.mkdirSync(path.join(dir, 'sub'));
    assert.deepEqual(scanJson(['..'], path.join(dir, 'sub')).report.findings, []);
  });

  it('exits 2 with a message for a missing or malformed --baseline', () => {
    const dir = project({ 'train.py': TRAIN_PY, 'bad.json': '{"findings": 3}' });
    const missing = runCli(['scan', '.', '--baseline', 'nope.json'], dir);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /cannot read the baseline nope\.json: no such file/);
    const bad = runCli(['scan', '.', '--baseline', 'bad.json'], dir);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /not a secure-ml baseline/);
  });
});
