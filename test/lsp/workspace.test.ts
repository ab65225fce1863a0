// The language server over real JSON-RPC: settings, config files, config/env documents, the
// workspace scan with progress and cancellation, and `secure-ml server --stdio`.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CancellationTokenSource, type Diagnostic } from 'vscode-languageserver-protocol';
import { CLI, LspHarness, fileUri, type HarnessOptions } from './harness';

const TRAIN = 'import torch\nimport yaml\nm = torch.load("m.pt")\nc = yaml.load(open("c.yaml"))\n';

interface ScanResult {
  files: number;
  findings: number;
  filesWithFindings: number;
  problems: { path: string; message: string }[];
  cancelled: boolean;
}

function codes(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => String(d.code)).sort();
}

describe('language server: workspace, configuration and other editors', function () {
  this.timeout(30000);
  let workspace: string;
  let h: LspHarness;

  const start = async (options: Partial<HarnessOptions> = {}) => {
    h = new LspHarness({ workspace, ...options });
    await h.initialize();
  };
  const write = (relative: string, text: string) => {
    const file = path.join(workspace, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return file;
  };

  beforeEach(() => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'secure-ml-lsp-ws-'));
    fs.mkdirSync(path.join(workspace, '.git'));
  });

  afterEach(async () => {
    await h?.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  it('re-lints when settings change (pulled per resource with workspace/configuration)', async () => {
    await start({ settings: { secureMl: {} } });
    const uri = fileUri(write('train.py', TRAIN));
    await h.open(uri, 'python', TRAIN);
    assert.deepEqual(codes(await h.current(uri, (d) => d.length === 2)), ['torch-load-unsafe', 'yaml-load-unsafe']);

    let next = h.waitFor(uri, (d) => d.length === 1);
    await h.setSettings({ secureMl: { ignore: ['torch-load-unsafe'] } });
    assert.deepEqual(codes(await next), ['yaml-load-unsafe']);

    next = h.waitFor(uri, (d) => d.length === 2);
    await h.setSettings({ secureMl: { severity: { 'unsafe-deserialization': 'info' } } });
    assert.deepEqual(
      (await next).map((d) => d.severity),
      [3, 3],
    );

    next = h.waitFor(uri, (d) => d.length === 0);
    await h.setSettings({ secureMl: { enable: false } });
    await next;
  });

  it('warns about invalid settings and keeps working with the defaults', async () => {
    await start({ settings: { secureMl: { select: 42, severity: { 'torch-load-unsafe': 'fatal' }, enable: 'yes' } } });
    const uri = fileUri(write('train.py', TRAIN));
    await h.open(uri, 'python', TRAIN);
    assert.deepEqual(codes(await h.current(uri, (d) => d.length === 2)), ['torch-load-unsafe', 'yaml-load-unsafe']);
    const warnings = h.messages.map((m) => m.message).join('\n');
    assert.match(warnings, /secureMl\.select must be a list of strings/);
    assert.match(warnings, /secureMl\.severity: "torch-load-unsafe" must be "error", "warning" or "info"/);
    assert.match(warnings, /secureMl\.enable must be true or false/);
    // a rule id that does not exist is reported too, not silently ignored
    await h.setSettings({ secureMl: { ignore: ['torch-load-unsafe', 'no-such-rule'] } });
    await h.current(uri, (d) => d.length === 1);
    assert.match(h.messages.map((m) => m.message).join('\n'), /"no-such-rule" is neither a rule id nor a category/);
  });

  it('applies secureMl.sensitiveColumns and secureMl.allowedHosts on top of the project config', async () => {
    const code =
      'import pandas as pd\nimport requests\n\nmembers = pd.read_csv("members.csv", usecols=["member_no", "plan"])\nprint(members)\nrequests.get("http://mirror.internal/plans.csv", timeout=10)\n';
    await start({ settings: { secureMl: {} } });
    const uri = fileUri(write('members.py', code));
    await h.open(uri, 'python', code);
    assert.deepEqual(codes(await h.current(uri, (d) => d.length === 1)), ['plain-http-url']);
    const next = h.waitFor(uri, (d) => d.length === 1 && d[0].code === 'pii-printed');
    await h.setSettings({ secureMl: { sensitiveColumns: ['member_no'], allowedHosts: ['mirror.internal'] } });
    assert.match(String((await next)[0].message), /member_no/);
  });

  it('takes settings pushed with didChangeConfiguration from clients without workspace/configuration', async () => {
    await start({ configuration: false });
    const uri = fileUri(write('train.py', TRAIN));
    await h.open(uri, 'python', TRAIN);
    await h.current(uri, (d) => d.length === 2);
    const next = h.waitFor(uri, (d) => d.length === 1);
    await h.setSettings({ secureMl: { select: ['yaml-load-unsafe'] } });
    assert.deepEqual(codes(await next), ['yaml-load-unsafe']);
  });

  it('reads [tool.secure-ml] and re-lints when the config file changes; settings win', async () => {
    write('pyproject.toml', '[project]\nname = "demo"\n\n[tool.secure-ml]\nignore = ["yaml-load-unsafe"]\n');
    await start({ settings: { secureMl: {} } });
    for (let i = 0; i < 100 && !h.registrations.includes('workspace/didChangeWatchedFiles'); i++) await new Promise((r) => setTimeout(r, 20));
    assert.ok(h.registrations.includes('workspace/didChangeWatchedFiles'), 'watches config files itself when the client can register watchers');
    const uri = fileUri(write('src/train.py', TRAIN));
    await h.open(uri, 'python', TRAIN);
    assert.deepEqual(codes(await h.current(uri, (d) => d.length === 1)), ['torch-load-unsafe']);

    const config = write('secure-ml.toml', 'ignore = ["torch-load-unsafe"]\n[severity]\nyaml-load-unsafe = "warning"\n');
    let next = h.waitFor(uri, (d) => d.length === 1 && d[0].code === 'yaml-load-unsafe');
    await h.fileChanged(config, 1);
    assert.equal((await next)[0].severity, 2);

    next = h.waitFor(uri, (d) => d.length === 1 && d[0].severity === 1);
    await h.setSettings({ secureMl: { severity: { 'yaml-load-unsafe': 'error' } } });
    await next;

    fs.writeFileSync(config, 'ignore = [\n');
    next = h.waitFor(uri, (d) => d.length === 2);
    await h.fileChanged(config);
    await next;
    assert.match(h.messages.map((m) => m.message).join('\n'), /invalid TOML, the configuration is ignored/);
  });

  it('ignores workspace config files in an untrusted workspace', async () => {
    write('secure-ml.toml', 'ignore = ["torch-load-unsafe", "yaml-load-unsafe"]\n');
    write('closed/prep.py', TRAIN);
    await start({ initializationOptions: { workspaceTrusted: false } });
    const uri = fileUri(write('train.py', TRAIN));
    await h.open(uri, 'python', TRAIN);
    assert.deepEqual(codes(await h.current(uri, (d) => d.length === 2)), ['torch-load-unsafe', 'yaml-load-unsafe']);
    // files read from disk by a workspace scan too
    await h.connection.sendRequest('secureMl/scanWorkspace', {});
    assert.deepEqual(codes(h.diagnostics.get(fileUri(path.join(workspace, 'closed/prep.py')))!), ['torch-load-unsafe', 'yaml-load-unsafe']);
  });

  it('analyses config and env documents through the same engine entry', async () => {
    await start();
    const yamlUri = fileUri(write('conf/params.yaml', 'lr: 0.1\n# secure-ml: ignore[torch-load-unsafe]\nepochs: 3\n'));
    await h.open(yamlUri, 'yaml', fs.readFileSync(new URL(yamlUri), 'utf8'));
    const yamlDiagnostics = await h.current(yamlUri, (d) => d.length > 0);
    assert.deepEqual(
      yamlDiagnostics.map((d) => [d.code, d.range.start.line]),
      [['unused-suppression', 1]],
    );
    const envUri = fileUri(write('.env.local', 'A=1 # secure-ml: ignore[bogus-rule]\n'));
    await h.open(envUri, 'dotenv', 'A=1 # secure-ml: ignore[bogus-rule]\n');
    assert.match(String((await h.current(envUri, (d) => d.length > 0))[0].message), /Unknown rule id in suppression: bogus-rule/);
    // a Dockerfile is recognised by its name, whatever language id the editor gives it
    const dockerUri = fileUri(write('Dockerfile', 'FROM python:3.12\n# secure-ml: ignore[pickle-load-unsafe]\n'));
    await h.open(dockerUri, 'plaintext', 'FROM python:3.12\n# secure-ml: ignore[pickle-load-unsafe]\n');
    assert.equal((await h.current(dockerUri, (d) => d.length > 0))[0].code, 'unused-suppression');
  });

  it('scans the workspace: honours .gitignore and exclude, publishes closed files, reports progress', async () => {
    write('.gitignore', 'build/\n');
    write('train.py', TRAIN);
    write('build/generated.py', TRAIN);
    write('vendor/lib.py', TRAIN);
    write('clean.py', 'print("ok")\n');
    write(
      'nb/explore.ipynb',
      JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [{ cell_type: 'code', metadata: {}, outputs: [], source: ['import pickle\n', 'pickle.loads(b"")\n'] }] }, null, 1),
    );
    write('broken.ipynb', '{"cells": [');
    write('.env', 'A=1\n');
    await start({ settings: { secureMl: { exclude: ['vendor/'] } } });
    const openUri = fileUri(path.join(workspace, 'clean.py'));
    await h.open(openUri, 'python', 'import torch\ntorch.load("x")\n');
    await h.current(openUri, (d) => d.length === 1);

    const result = (await h.connection.sendRequest('secureMl/scanWorkspace', { workDoneToken: 'scan-1' })) as ScanResult;
    assert.equal(result.cancelled, false);
    assert.equal(result.files, 5, 'train.py, clean.py, nb/explore.ipynb, broken.ipynb, .env');
    assert.equal(result.findings, 2 + 1 + 1, 'train.py, the open clean.py as shown, the notebook');
    assert.deepEqual(
      result.problems.map((p) => path.basename(p.path)),
      ['broken.ipynb'],
    );
    assert.deepEqual(codes(h.diagnostics.get(fileUri(path.join(workspace, 'train.py')))!), ['torch-load-unsafe', 'yaml-load-unsafe']);
    const notebook = h.diagnostics.get(fileUri(path.join(workspace, 'nb/explore.ipynb')))!;
    assert.equal(notebook.length, 1);
    assert.match(String(notebook[0].message), /^cell 1: /);
    assert.equal(h.diagnostics.get(fileUri(path.join(workspace, 'build/generated.py'))), undefined, '.gitignore honoured');
    assert.equal(h.diagnostics.get(fileUri(path.join(workspace, 'vendor/lib.py'))), undefined, 'exclude honoured');
    assert.equal(h.diagnostics.get(fileUri(path.join(workspace, 'broken.ipynb')))?.[0].code, 'analysis-problem');
    const kinds = h.progress.filter((p) => p.token === 'scan-1').map((p) => p.value.kind);
    assert.equal(kinds[0], 'begin');
    assert.equal(kinds[kinds.length - 1], 'end');
    assert.ok(kinds.filter((k) => k === 'report').length >= 5);
  });

  it('hands scanned files over to the editor when opened, and back to the scan when closed', async () => {
    const notebookFile = write(
      'explore.ipynb',
      JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [{ cell_type: 'code', metadata: {}, outputs: [], source: ['import pickle\n', 'pickle.loads(b"")\n'] }] }),
    );
    const scriptFile = write('prep.py', 'import pickle\npickle.loads(b"")\n');
    await start({ settings: { secureMl: { exclude: ['excluded/'] } } });
    await h.connection.sendRequest('secureMl/scanWorkspace', {});
    const notebookUri = fileUri(notebookFile);
    assert.equal(h.diagnostics.get(notebookUri)?.length, 1);
    const cleared = h.waitFor(notebookUri, (d) => d.length === 0);
    const [cell] = await h.openNotebook(notebookUri, [{ kind: 'code', text: 'import pickle\npickle.loads(b"")\n' }]);
    await cleared;
    assert.deepEqual(codes(await h.current(cell, (d) => d.length > 0)), ['pickle-load-unsafe']);

    const scriptUri = fileUri(scriptFile);
    await h.open(scriptUri, 'python', 'x = 1\n');
    await h.current(scriptUri, (d) => d.length === 0);
    const back = h.waitFor(scriptUri, (d) => d.length === 1);
    await h.close(scriptUri);
    assert.deepEqual(codes(await back), ['pickle-load-unsafe']);

    // an open file under an excluded folder is not analysed either
    const excludedUri = fileUri(write('excluded/gen.py', 'import pickle\npickle.loads(b"")\n'));
    await h.open(excludedUri, 'python', 'import pickle\npickle.loads(b"")\n');
    const probe = fileUri(write('probe.py', 'import pickle\npickle.loads(b"")\n'));
    await h.open(probe, 'python', 'import pickle\npickle.loads(b"")\n');
    await h.current(probe, (d) => d.length === 1);
    assert.equal(h.diagnostics.get(excludedUri), undefined);
  });

  it('stops a workspace scan when the request is cancelled', async () => {
    for (let i = 0; i < 150; i++) write(`pkg/m${String(i).padStart(3, '0')}.py`, TRAIN);
    await start();
    const source = new CancellationTokenSource();
    let reports = 0;
    h.onProgress = (params) => {
      if (params.token === 'scan-2' && params.value.kind === 'report' && ++reports === 3) source.cancel();
    };
    const result = (await h.connection.sendRequest('secureMl/scanWorkspace', { workDoneToken: 'scan-2' }, source.token)) as ScanResult;
    assert.equal(result.cancelled, true);
    assert.ok(result.files < 150, `stopped early (${result.files} files)`);
  });

  it('creates its own progress when the client gives no token', async () => {
    write('a.py', TRAIN);
    await start();
    const result = (await h.connection.sendRequest('secureMl/scanWorkspace', {})) as ScanResult;
    assert.equal(result.files, 1);
    assert.equal(h.createdProgressTokens.length, 1);
    assert.ok(h.progress.some((p) => p.token === h.createdProgressTokens[0] && p.value.kind === 'end'));
  });

  it('runs as `secure-ml server --stdio` for other editors', async () => {
    await start({ command: [process.execPath, CLI, 'server', '--stdio'] });
    const uri = fileUri(write('train.py', TRAIN));
    await h.open(uri, 'python', TRAIN);
    assert.deepEqual(codes(await h.current(uri, (d) => d.length === 2)), ['torch-load-unsafe', 'yaml-load-unsafe']);
    const rules = (await h.connection.sendRequest('secureMl/rules')) as { id: string; documentation: string }[];
    assert.ok(rules.some((r) => r.id === 'torch-load-unsafe' && r.documentation.endsWith('torch-load-unsafe.md')));
    await h.stop();
    assert.equal(h.exitCode, 0);
  });
});
