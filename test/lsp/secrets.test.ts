// The language server over real JSON-RPC with the secret rules: saved notebook outputs read from
// disk and shown on the live cells, the clear-outputs command, and the fix that moves a secret
// to `.env` (create + insert), whose text never travels with the diagnostics.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { samples } from '../secrets/samples';
import { LspHarness, fileUri, serverPerTest } from './harness';

function notebookWithOutput(source: string, printed: string): string {
  return JSON.stringify(
    {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: { kernelspec: { name: 'python3', language: 'python', display_name: 'Python 3' } },
      cells: [{ cell_type: 'code', metadata: {}, execution_count: 1, source: source.split(/(?<=\n)/), outputs: [{ output_type: 'stream', name: 'stdout', text: [printed] }] }],
    },
    null,
    1,
  );
}

describe('language server: secrets in outputs and .env fixes', function () {
  this.timeout(30000);
  let workspace: string;
  let h: LspHarness;
  serverPerTest('secure-ml-lsp-secrets-', (server, folder) => {
    h = server;
    workspace = folder;
  });
  const token = samples()['github-token'].token!;

  it('shows a secret in a saved output on the live cell, redacted, with a clear-outputs action', async () => {
    const file = path.join(workspace, 'explore.ipynb');
    const source = 'import os\nprint(os.environ)\n';
    fs.writeFileSync(file, notebookWithOutput(source, `{'GITHUB_TOKEN': '${token}'}\n`));
    const uri = fileUri(file);
    // the live notebook has a new markdown cell on top: the output finding follows its cell
    const [, cell] = await h.openNotebook(uri, [
      { kind: 'markdown', text: '# Exploration\n' },
      { kind: 'code', text: source },
    ]);
    const diagnostics = await h.current(cell, (d) => d.some((x) => x.code === 'secret-in-notebook-output'));
    const output = diagnostics.find((d) => d.code === 'secret-in-notebook-output')!;
    assert.equal(output.range.start.line, 1, 'on the last line of the cell, above its outputs');
    assert.ok(!JSON.stringify(h.publishLog).includes(token), 'the secret is never sent in full');
    const actions = await h.codeActions(cell, [output]);
    const clear = actions.find((a) => a.command?.command === 'secureMl.clearCellOutputs');
    assert.ok(clear, `a clear-outputs action among ${actions.map((a) => a.title).join(', ')}`);
    assert.deepEqual(clear.command!.arguments, [uri, [1]]);
    assert.equal(clear.isPreferred, true);
    const [fixAll] = await h.codeActions(cell, [], ['source.fixAll.secure-ml']);
    assert.deepEqual(fixAll?.command?.arguments, [uri, [1]]);

    // what the client's command does: the outputs are cleared and the notebook saved
    fs.writeFileSync(file, notebookWithOutput(source, '').replace(/"outputs": \[[^\]]*\]/s, '"outputs": []'));
    const cleared = h.waitFor(cell, (d) => !d.some((x) => x.code === 'secret-in-notebook-output'));
    await h.saveNotebook(uri);
    await cleared;
  });

  it('moves a secret to .env: the action creates .env, appends to .gitignore, and rewrites the literal', async () => {
    fs.writeFileSync(path.join(workspace, '.gitignore'), 'build/\n');
    fs.writeFileSync(path.join(workspace, 'pyproject.toml'), '[project]\nname = "demo"\n');
    const uri = fileUri(path.join(workspace, 'client.py'));
    const text = `from github import Github\n\nclient = Github("${token}")\n`;
    await h.open(uri, 'python', text);
    const diagnostics = await h.current(uri, (d) => d.some((x) => String(x.code).startsWith('hardcoded-')));
    assert.ok(!JSON.stringify(h.publishLog).includes(token), 'fix data sent with diagnostics holds no secret');
    const secret = diagnostics.find((d) => String(d.code).startsWith('hardcoded-'))!;
    const move = (await h.codeActions(uri, [secret], ['quickfix'])).find((a) => /^Move to environment variable/.test(a.title));
    assert.ok(move, 'a move-to-.env action');
    assert.equal(move.isPreferred, false, 'not preferred: the program now needs the variable');
    const changes = move.edit!.documentChanges!;
    const envUri = fileUri(path.join(workspace, '.env'));
    assert.deepEqual(changes[0], { kind: 'create', uri: envUri, options: { ignoreIfExists: true } });
    const published = h.waitFor(uri, (d) => !d.some((x) => String(x.code).startsWith('hardcoded-')));
    await h.applyEdit(move.edit!);
    await published;
    assert.equal(fs.readFileSync(path.join(workspace, '.env'), 'utf8'), `GITHUB_TOKEN=${token}\n`);
    assert.equal(fs.readFileSync(path.join(workspace, '.gitignore'), 'utf8'), 'build/\n.env\n');
    assert.match(h.text(uri), /^import os$/m);
    assert.match(h.text(uri), /Github\(os\.environ\["GITHUB_TOKEN"\]\)/);
  });

  it('finds secrets in config and env documents, and suppresses them with a comment line above', async () => {
    const uri = fileUri(path.join(workspace, 'deploy', 'settings.yaml'));
    const text = `service:\n  github_token: ${token}\n`;
    await h.open(uri, 'yaml', text);
    const diagnostics = await h.current(uri, (d) => d.length > 0);
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].range.start.line, 1);
    assert.ok(!String(diagnostics[0].message).includes(token));
    const ignore = (await h.codeActions(uri, diagnostics)).find((a) => a.title.startsWith('Ignore'));
    const quiet = h.waitFor(uri, (d) => d.length === 0);
    await h.applyEdit(ignore!.edit!);
    await quiet;
    assert.equal(h.text(uri), `service:\n  # secure-ml: ignore[${diagnostics[0].code}]\n  github_token: ${token}\n`);
  });
});
