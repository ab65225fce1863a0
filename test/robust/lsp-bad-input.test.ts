// The language server fed the inputs that broke or stalled tools on real repositories
// (docs/real-world.md): it must answer each one and keep serving the next document.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LspHarness, fileUri, serverPerTest } from '../lsp/harness';

const PICKLE = 'import pickle\npickle.loads(b)\n';
const codes = (diagnostics: { code?: unknown }[]) => diagnostics.map((d) => String(d.code));

describe('language server: bad input', function () {
  this.timeout(60000);
  let workspace: string;
  let h: LspHarness;
  serverPerTest('secure-ml-robust-lsp-', (server, folder) => {
    h = server;
    workspace = folder;
  });

  /** Opens `text` as a Python file and returns what the server publishes for it. */
  async function openPython(name: string, text: string) {
    const uri = fileUri(path.join(workspace, name));
    const published = h.waitFor(uri);
    await h.open(uri, 'python', text);
    return { uri, diagnostics: await published };
  }

  it('analyses deeply nested expressions, very long lines and NUL bytes without dying', async () => {
    const inputs: Record<string, string> = {
      'parens.py': `x = ${'('.repeat(50_000)}1${')'.repeat(50_000)}\n${PICKLE}`,
      'calls.py': `x = ${'f('.repeat(20_000)}${')'.repeat(20_000)}\n${PICKLE}`,
      'long.py': `x = ${Array(100_000).fill('1').join('+')}\n${PICKLE}`,
      'nul.py': `import pickle\n\u0000\npickle.loads(b)\n`,
    };
    for (const [name, text] of Object.entries(inputs)) {
      const { diagnostics } = await openPython(name, text);
      assert.ok(codes(diagnostics).includes('pickle-load-unsafe'), `${name}: ${JSON.stringify(codes(diagnostics))}`);
    }
    assert.equal(h.exitCode, null);
  });

  it('keeps up with edits that open and close brackets in a 20,000-line file', async () => {
    const body = Array.from({ length: 10_000 }, (_, i) => `def f${i}(x):\n    return x + ${i}`).join('\n');
    const { uri } = await openPython('big.py', `import pickle\n${body}\n`);
    const edits = ['pickle.loads(b', ')\n', '# note\n'];
    for (const [i, text] of edits.entries()) {
      const next = h.waitFor(uri);
      const line = 5_000 + i;
      await h.change(uri, [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: text }]);
      await next;
    }
    const final = await h.current(uri, (d) => codes(d).includes('pickle-load-unsafe'));
    assert.equal(final.filter((d) => d.code === 'pickle-load-unsafe').length, 1);
  });

  it('answers a malformed notebook opened as text with a diagnostic and goes on', async () => {
    const file = path.join(workspace, 'broken.ipynb');
    const json = '['.repeat(100_000) + ']'.repeat(100_000);
    fs.writeFileSync(file, json);
    const uri = fileUri(file);
    const published = h.waitFor(uri);
    await h.open(uri, 'json', json);
    const diagnostics = await published;
    assert.ok(
      diagnostics.some((d) => /nested too deeply/.test(String(d.message))),
      JSON.stringify(diagnostics.map((d) => d.message)),
    );
    const { diagnostics: after } = await openPython('after.py', PICKLE);
    assert.deepEqual(codes(after), ['pickle-load-unsafe']);
  });

  it('analyses notebook cells with syntax errors, and cells edited into invalid code', async () => {
    const uri = fileUri(path.join(workspace, 'nb.ipynb'));
    const cellsReady = h.openNotebook(uri, [
      { kind: 'code', text: 'import pickle\ndef (:\n' },
      { kind: 'code', text: 'obj = pickle.loads(data)\n' },
    ]);
    const [, second] = await cellsReady;
    await h.current(second, (d) => codes(d).includes('pickle-load-unsafe'));
    const next = h.waitFor(second);
    await h.change(second, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: '))]]{{' }]);
    await next;
    const { diagnostics: after } = await openPython('after.py', PICKLE);
    assert.deepEqual(codes(after), ['pickle-load-unsafe']);
    assert.equal(h.exitCode, null);
  });

  it('warns about settings of the wrong types and requests about unknown documents, and keeps analysing', async () => {
    await h.setSettings({ secureMl: { enable: 'yes', select: 5, ignore: [1, null], severity: 'loud', exclude: { a: 1 }, sensitiveColumns: { ssn: true } } });
    const unknown = fileUri(path.join(workspace, 'never-opened.py'));
    await h.connection.sendNotification('textDocument/didChange', { textDocument: { uri: unknown, version: 2 }, contentChanges: [{ text: 'x = 1' }] });
    const actions = await h.codeActions(unknown, []);
    assert.deepEqual(actions, []);
    const { diagnostics } = await openPython('after.py', PICKLE);
    assert.deepEqual(codes(diagnostics), ['pickle-load-unsafe']);
    const warned = h.messages.map((m) => m.message).join('\n');
    for (const name of ['enable', 'select', 'ignore', 'severity', 'exclude', 'sensitiveColumns']) assert.match(warned, new RegExp(`secureMl\\.${name}`), warned);
    assert.equal(h.exitCode, null);
  });
});
