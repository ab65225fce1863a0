// The language server over real JSON-RPC: Python files, incremental edits, code actions.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver-protocol';
import { LspHarness, fileUri, serverPerTest } from './harness';

const TRAIN = `import torch as th
import yaml

model = th.load("model.pt")
config = yaml.load(open("c.yaml"))
`;

function codes(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => String(d.code)).sort();
}

describe('language server: Python files', function () {
  this.timeout(30000);
  let workspace: string;
  let h: LspHarness;
  serverPerTest('secure-ml-lsp-', (server, folder) => {
    h = server;
    workspace = folder;
  });

  it('publishes findings with source, rule id, documentation link and severity', async () => {
    const uri = fileUri(path.join(workspace, 'train.py'));
    const published = h.waitFor(uri);
    await h.open(uri, 'python', TRAIN);
    const diagnostics = await published;
    assert.deepEqual(codes(diagnostics), ['torch-load-unsafe', 'yaml-load-unsafe']);
    const torch = diagnostics.find((d) => d.code === 'torch-load-unsafe')!;
    assert.equal(torch.source, 'secure-ml');
    assert.equal(torch.severity, DiagnosticSeverity.Error);
    assert.deepEqual(torch.range.start, { line: 3, character: 8 });
    const href = torch.codeDescription?.href ?? '';
    assert.match(href, /^file:\/\/.*\/docs\/rules\/torch-load-unsafe\.md$/);
    assert.ok(fs.existsSync(new URL(href)), `${href} exists`);
  });

  it('re-analyses after incremental edits', async () => {
    const uri = fileUri(path.join(workspace, 'train.py'));
    let published = h.waitFor(uri);
    await h.open(uri, 'python', TRAIN);
    await published;
    // add weights_only=True inside the call: the torch finding goes
    published = h.waitFor(uri, (d) => !d.some((x) => x.code === 'torch-load-unsafe'));
    await h.change(uri, [{ range: { start: { line: 3, character: 26 }, end: { line: 3, character: 26 } }, newText: ', weights_only=True' }]);
    assert.deepEqual(codes(await published), ['yaml-load-unsafe']);
    // an alias introduced by an edit elsewhere in the file is resolved too
    published = h.waitFor(uri, (d) => d.some((x) => x.code === 'pickle-load-unsafe'));
    await h.change(uri, [{ range: { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } }, newText: 'from pickle import loads as l\nobj = l(b"")\n' }]);
    const after = await published;
    assert.deepEqual(codes(after), ['pickle-load-unsafe', 'yaml-load-unsafe']);
    assert.equal(after.find((d) => d.code === 'pickle-load-unsafe')!.range.start.line, 6);
  });

  it('offers the rule fix as the preferred quick fix, and applying it clears the finding', async () => {
    const uri = fileUri(path.join(workspace, 'train.py'));
    let published = h.waitFor(uri);
    await h.open(uri, 'python', TRAIN);
    const diagnostics = await published;
    const torch = diagnostics.filter((d) => d.code === 'torch-load-unsafe');
    const actions = await h.codeActions(uri, torch, ['quickfix']);
    const fix = actions.find((a) => a.isPreferred);
    assert.ok(fix, `a preferred fix among ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(fix.kind, 'quickfix');
    published = h.waitFor(uri, (d) => !d.some((x) => x.code === 'torch-load-unsafe'));
    await h.applyEdit(fix.edit!);
    assert.match(h.text(uri), /th\.load\("model\.pt", weights_only=True\)/);
    assert.deepEqual(codes(await published), ['yaml-load-unsafe']);
  });

  it('"Ignore <rule> on this line" writes a suppression comment, merging into an existing one', async () => {
    const uri = fileUri(path.join(workspace, 'train.py'));
    const text = 'import torch, yaml\nm = torch.load(yaml.load(open("p")))  # secure-ml: ignore[yaml-load-unsafe]\nn = torch.load("q")\n';
    let published = h.waitFor(uri);
    await h.open(uri, 'python', text);
    const diagnostics = await published;
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.range.start.line]),
      [
        ['torch-load-unsafe', 1],
        ['torch-load-unsafe', 2],
      ],
    );
    const onLine1 = diagnostics.filter((d) => d.range.start.line === 1);
    const ignore1 = (await h.codeActions(uri, onLine1)).find((a) => a.title === 'Ignore torch-load-unsafe on this line');
    assert.ok(ignore1);
    published = h.waitFor(uri, (d) => d.length === 1);
    await h.applyEdit(ignore1.edit!);
    assert.equal(h.text(uri).split('\n')[1], 'm = torch.load(yaml.load(open("p")))  # secure-ml: ignore[yaml-load-unsafe, torch-load-unsafe]');
    const remaining = await published;
    const ignore2 = (await h.codeActions(uri, remaining)).find((a) => a.title === 'Ignore torch-load-unsafe on this line');
    published = h.waitFor(uri, (d) => d.length === 0);
    await h.applyEdit(ignore2!.edit!);
    assert.equal(h.text(uri).split('\n')[2], 'n = torch.load("q")  # secure-ml: ignore[torch-load-unsafe]');
    await published;
  });

  it('puts the suppression above a line that ends inside a multi-line string', async () => {
    const uri = fileUri(path.join(workspace, 'train.py'));
    const text = 'import torch\n    \nm = torch.load("""a\nb""")\n';
    const published = h.waitFor(uri);
    await h.open(uri, 'python', text);
    const diagnostics = await published;
    const ignore = (await h.codeActions(uri, diagnostics)).find((a) => a.title.startsWith('Ignore'));
    const next = h.waitFor(uri, (d) => d.length === 0);
    await h.applyEdit(ignore!.edit!);
    assert.equal(h.text(uri), 'import torch\n    \n# secure-ml: ignore[torch-load-unsafe]\nm = torch.load("""a\nb""")\n');
    await next;
  });

  it('reports an unused suppression as an unnecessary info diagnostic and removes it', async () => {
    const uri = fileUri(path.join(workspace, 'clean.py'));
    const published = h.waitFor(uri);
    await h.open(uri, 'python', 'import json\ndata = json.loads("{}")  # secure-ml: ignore[pickle-load-unsafe]\n');
    const diagnostics = await published;
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].code, 'unused-suppression');
    assert.equal(diagnostics[0].severity, DiagnosticSeverity.Information);
    assert.deepEqual(diagnostics[0].tags, [DiagnosticTag.Unnecessary]);
    const remove = (await h.codeActions(uri, diagnostics)).find((a) => a.title === 'Remove unused suppression');
    assert.ok(remove);
    const next = h.waitFor(uri, (d) => d.length === 0);
    await h.applyEdit(remove.edit!);
    assert.equal(h.text(uri), 'import json\ndata = json.loads("{}")\n');
    await next;
  });

  it('source.fixAll.secure-ml applies every safe fix and nothing else', async () => {
    const uri = fileUri(path.join(workspace, 'train.py'));
    const text =
      'import torch\nimport requests\na = torch.load("a.pt")\nb = torch.load("b.pt", map_location="cpu")\nr = requests.get("https://x", verify=False)\nimport pickle\np = pickle.loads(b"")\n';
    let published = h.waitFor(uri);
    await h.open(uri, 'python', text);
    const before = await published;
    assert.deepEqual(codes(before), ['pickle-load-unsafe', 'requests-verify-disabled', 'torch-load-unsafe', 'torch-load-unsafe']);
    const actions = await h.codeActions(uri, [], ['source.fixAll.secure-ml']);
    assert.equal(actions.length, 1);
    assert.equal(actions[0].kind, 'source.fixAll.secure-ml');
    published = h.waitFor(uri, (d) => !d.some((x) => x.code === 'torch-load-unsafe'));
    await h.applyEdit(actions[0].edit!);
    const after = await published;
    assert.match(h.text(uri), /torch\.load\("a\.pt", weights_only=True\)/);
    assert.match(h.text(uri), /torch\.load\("b\.pt", map_location="cpu", weights_only=True\)/);
    // pickle has no mechanical fix: it stays
    assert.ok(after.some((d) => d.code === 'pickle-load-unsafe'));
    const safeRemaining = after.filter((d) => (d.data as { fixes: { safe: boolean }[] }).fixes.some((f) => f.safe));
    assert.deepEqual(safeRemaining, []);
  });

  it('offers fix-all in the light bulb only when more than one safe fix is shown', async () => {
    const one = fileUri(path.join(workspace, 'one.py'));
    await h.open(one, 'python', 'import torch\na = torch.load("a.pt")\n');
    const single = await h.current(one, (d) => d.length === 1);
    assert.deepEqual(
      (await h.codeActions(one, single)).map((a) => a.kind),
      ['quickfix', 'quickfix'],
    );
    const two = fileUri(path.join(workspace, 'two.py'));
    await h.open(two, 'python', 'import torch\na = torch.load("a.pt")\nb = torch.load("b.pt")\n');
    const both = await h.current(two, (d) => d.length === 2);
    assert.deepEqual(
      (await h.codeActions(two, [both[0]])).map((a) => a.kind),
      ['quickfix', 'quickfix', 'source.fixAll.secure-ml'],
    );
  });

  it('drops a stale fix instead of editing a changed document', async () => {
    const uri = fileUri(path.join(workspace, 'train.py'));
    const published = h.waitFor(uri);
    await h.open(uri, 'python', TRAIN);
    const diagnostics = await published;
    const next = h.waitFor(uri);
    await h.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: '# header\n' }]);
    await next;
    const actions = await h.codeActions(
      uri,
      diagnostics.filter((d) => d.code === 'torch-load-unsafe'),
      ['quickfix'],
    );
    assert.deepEqual(
      actions.map((a) => a.title),
      [],
    );
  });

  it('reports a syntax error once, as information, and still reports findings around it', async () => {
    const uri = fileUri(path.join(workspace, 'typing.py'));
    const published = h.waitFor(uri);
    await h.open(uri, 'python', 'import torch\nm = torch.load("a.pt")\ndef broken(:\n    pass\nn = torch.load("b.pt")\n');
    const diagnostics = await published;
    const syntax = diagnostics.filter((d) => d.code === 'syntax-error');
    assert.equal(syntax.length, 1);
    assert.equal(syntax[0].severity, DiagnosticSeverity.Information);
    assert.equal(syntax[0].range.start.line, 2);
    assert.match(String(syntax[0].message), /Syntax error here: secure-ml still checks the rest of the file/);
    assert.deepEqual(
      diagnostics.filter((d) => d.code === 'torch-load-unsafe').map((d) => d.range.start.line),
      [1, 4],
    );
  });

  it('never crashes on odd input: binary-looking text, huge lines, an unknown language', async () => {
    const odd = fileUri(path.join(workspace, 'odd.py'));
    const published = h.waitFor(odd);
    await h.open(odd, 'python', '\u0000\u0001def (((\n' + 'x = "' + 'a'.repeat(200000) + '"\nimport pickle\npickle.loads(b)\n');
    assert.ok((await published).some((d) => d.code === 'pickle-load-unsafe'));
    const huge = fileUri(path.join(workspace, 'dump.json'));
    const hugePublished = h.waitFor(huge);
    await h.open(huge, 'json', `{"rows": "${'x'.repeat(9 * 1024 * 1024)}"}`);
    const [tooLarge] = await hugePublished;
    assert.equal(tooLarge.code, 'analysis-problem');
    assert.match(String(tooLarge.message), /larger than 8 MB .* not analysed/);
    const other = fileUri(path.join(workspace, 'notes.txt'));
    await h.open(other, 'plaintext', 'import pickle\npickle.loads(b)\n');
    const check = fileUri(path.join(workspace, 'check.py'));
    const alive = h.waitFor(check);
    await h.open(check, 'python', 'import pickle\npickle.loads(b)\n');
    assert.equal((await alive).length, 1);
    assert.equal(h.diagnostics.get(other), undefined, 'a plain text file is not analysed');
  });
});
