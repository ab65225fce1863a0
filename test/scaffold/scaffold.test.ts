import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { allRules } from '../../rules';
import { defaultConfig } from '../../server/src/engine/config';
import { createEngine } from '../../server/src/engine/engine';
import { discoverFiles } from '../../server/src/engine/files';
import { packageNameOf, planProject, projectNameProblem, ScaffoldError, writeProject } from '../../server/src/scaffold';
import { compilePython, pythonExecutable } from '../helpers/python';

const root = path.resolve(__dirname, '../..');

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'secure-ml-scaffold-'));
}

describe('scaffold', () => {
  it('derives a Python package name from the project name', () => {
    assert.equal(packageNameOf('Churn Model-2'), 'churn_model_2');
    assert.equal(packageNameOf('2024 forecast'), 'ml_2024_forecast');
    assert.equal(packageNameOf('...'), 'pipeline');
  });

  it('refuses names that are not names', () => {
    assert.equal(projectNameProblem('churn'), undefined);
    assert.match(projectNameProblem('') ?? '', /empty/);
    assert.match(projectNameProblem('../escape') ?? '', /not a valid project name/);
    assert.throws(() => planProject({ directory: tempDir(), name: 'a/b' }), ScaffoldError);
  });

  it('fills every template variable and renames dot- files and the package folder', () => {
    const plan = planProject({ directory: '/nowhere/fraud-detector' });
    assert.equal(plan.name, 'fraud-detector');
    const paths = plan.files.map((f) => f.path);
    for (const expected of ['.gitignore', '.env.example', '.pre-commit-config.yaml', 'src/fraud_detector/serve.py', 'tests/test_serve.py']) assert.ok(paths.includes(expected), expected);
    for (const file of plan.files) {
      assert.doesNotMatch(file.content, /\{\{\w+\}\}/, `${file.path} still has a template variable`);
      assert.doesNotMatch(file.path, /__package__|(^|\/)dot-/, file.path);
    }
    assert.match(plan.files.find((f) => f.path === '.gitignore')!.content, /^\.env$/m);
  });

  it('leaves the inference service out on request', () => {
    const plan = planProject({ directory: '/nowhere/batch', serve: false });
    const paths = plan.files.map((f) => f.path);
    assert.ok(!paths.some((p) => p.endsWith('serve.py') || p.endsWith('test_serve.py')));
    for (const file of plan.files) assert.doesNotMatch(file.content, /fastapi|SERVICE_API_KEY/i, file.path);
  });

  it('never overwrites an existing file and writes nothing when one would clash', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'README.md'), 'mine\n');
    assert.throws(() => writeProject({ directory: dir, name: 'clash' }), /README\.md.*nothing was written/);
    assert.deepEqual(fs.readdirSync(dir), ['README.md']);
    assert.equal(fs.readFileSync(path.join(dir, 'README.md'), 'utf8'), 'mine\n');
  });

  it('writes Python that compiles', () => {
    const plan = planProject({ directory: '/nowhere/compile-check' });
    const sources = plan.files.filter((f) => f.path.endsWith('.py')).map((f) => ({ name: f.path, code: f.content }));
    assert.ok(sources.length >= 10);
    assert.deepEqual([...compilePython(sources)], []);
  });

  it('is clean under every secure-ml rule', async () => {
    const dir = path.join(tempDir(), 'clean-project');
    writeProject({ directory: dir });
    const engine = await createEngine(allRules);
    const { files } = discoverFiles([dir]);
    assert.ok(files.length >= 10, `discovered ${files.length} files`);
    const findings = files.flatMap((file) => engine.analyzeFile(file, defaultConfig()).findings.map((f) => `${path.relative(dir, file)}:${f.range.start.line + 1} ${f.ruleId}: ${f.message}`));
    assert.deepEqual(findings, []);
    const suppressions = files.filter((file) => /secure-ml: ignore|nosec/.test(fs.readFileSync(file, 'utf8')));
    assert.deepEqual(suppressions, [], 'the scaffold must be clean without suppressions');
  });

  it("passes its own test suite (pytest on Debian's python3)", function () {
    this.timeout(120_000);
    const dir = path.join(tempDir(), 'tested-project');
    writeProject({ directory: dir, name: 'Tested Project' });
    const result = spawnSync(pythonExecutable(), ['-m', 'pytest', '-q', '-p', 'no:cacheprovider'], { cwd: dir, encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
    assert.equal(result.status, 0, `pytest failed:\n${result.stdout}\n${result.stderr}`);
    assert.match(result.stdout, /10 passed/);
  });

  it('secure-ml init creates the project and refuses to overwrite it', () => {
    const cli = path.join(root, 'dist/cli.js');
    assert.ok(fs.existsSync(cli), 'dist/cli.js is built by npm test');
    const parent = tempDir();
    const first = spawnSync(process.execPath, [cli, 'init', 'demo', '--name', 'Demo Pipeline', '--no-serve'], { cwd: parent, encoding: 'utf8' });
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /Created Demo Pipeline in demo .*package demo_pipeline/);
    assert.ok(fs.existsSync(path.join(parent, 'demo/src/demo_pipeline/privacy.py')));
    assert.ok(!fs.existsSync(path.join(parent, 'demo/src/demo_pipeline/serve.py')));
    const second = spawnSync(process.execPath, [cli, 'init', 'demo'], { cwd: parent, encoding: 'utf8' });
    assert.equal(second.status, 2);
    assert.match(second.stderr, /would overwrite.*nothing was written/);
  });
});
