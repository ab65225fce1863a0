// The code action builders in process: file edits (append / create), suppression comments in
// non-Python files, the clear-outputs command, and settings validation.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { EditCollector, clearOutputsCommand, suppressionEdit, type ActionEnvironment } from '../../server/src/lsp/actions';
import { parseSettings } from '../../server/src/lsp/settings';

describe('language server: code action builders', () => {
  let folder: string;
  const env = (open: Record<string, string> = {}, documentChanges = true): ActionEnvironment => ({
    openDocument: (uri) => (uri in open ? { text: open[uri], version: 7 } : undefined),
    documentChanges,
    resourceCreate: documentChanges,
    fileEditsOf: () => Promise.resolve(undefined),
  });

  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'secure-ml-actions-'));
  });
  afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('appends to a missing file with create + insert, once, and to an existing one after its last line', () => {
    const env1 = env();
    const collector = new EditCollector(env1);
    const dotenv = path.join(folder, '.env');
    collector.append(dotenv, 'OPENAI_API_KEY=sk-x', 'OPENAI_API_KEY=sk-x');
    fs.writeFileSync(path.join(folder, '.gitignore'), 'build/');
    collector.append(path.join(folder, '.gitignore'), '.env\n', '.env');
    const edit = collector.workspaceEdit();
    const envUri = pathToFileURL(dotenv).toString();
    const gitignoreUri = pathToFileURL(path.join(folder, '.gitignore')).toString();
    assert.deepEqual(edit.documentChanges, [
      { kind: 'create', uri: envUri, options: { ignoreIfExists: true } },
      { textDocument: { uri: envUri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: 'OPENAI_API_KEY=sk-x\n' }] },
      { textDocument: { uri: gitignoreUri, version: null }, edits: [{ range: { start: { line: 0, character: 6 }, end: { line: 0, character: 6 } }, newText: '\n.env\n' }] },
    ]);
  });

  it('does not append a line that is already there, and reads an open document before the disk', () => {
    const gitignore = path.join(folder, '.gitignore');
    fs.writeFileSync(gitignore, 'build/\n');
    const uri = pathToFileURL(gitignore).toString();
    const already = new EditCollector(env({ [uri]: 'build/\n  .env  \n' }));
    already.append(gitignore, '.env\n', '.env');
    assert.equal(already.empty, true);
    const fresh = new EditCollector(env());
    fresh.append(gitignore, '.env\n', '.env');
    assert.deepEqual(fresh.workspaceEdit().documentChanges, [
      { textDocument: { uri, version: null }, edits: [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, newText: '.env\n' }] },
    ]);
  });

  it('cannot create a file for a client without resource operations, and says so', () => {
    const collector = new EditCollector(env({}, false));
    collector.append(path.join(folder, '.env'), 'A=1\n');
    assert.equal(collector.incomplete, true);
    assert.equal(collector.empty, true);
  });

  it('writes suppressions on their own line above in non-Python files, keeping indentation and line endings', () => {
    assert.deepEqual(suppressionEdit('a: 1\r\n  token: abc\r\n', 1, 'above', 'generic-secret'), {
      range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } },
      newText: '  # secure-ml: ignore[generic-secret]\r\n',
    });
    // a standalone comment above already names another rule: merged into it
    assert.deepEqual(suppressionEdit('# secure-ml: ignore[a-rule]\nTOKEN=abc\n', 1, 'above', 'generic-secret'), {
      range: { start: { line: 0, character: 19 }, end: { line: 0, character: 27 } },
      newText: '[a-rule, generic-secret]',
    });
    // a bare ignore, or the rule already named: nothing to do
    assert.equal(suppressionEdit('x = 1  # secure-ml: ignore\n', 0, 'end', 'r-one'), undefined);
    assert.equal(suppressionEdit('x = 1  # secure-ml: ignore[r-one]\n', 0, 'end', 'r-one'), undefined);
  });

  it('turns clearOutputs into one secureMl.clearCellOutputs command with sorted cell indexes', () => {
    const command = clearOutputsCommand([
      { title: 'a', safe: true, edits: [], clearOutputs: { notebookUri: 'file:///n.ipynb', cells: [4] } },
      { title: 'b', safe: true, edits: [], clearOutputs: { notebookUri: 'file:///n.ipynb', cells: [1, 4] } },
    ]);
    assert.deepEqual(command, { title: 'Clear cell outputs', command: 'secureMl.clearCellOutputs', arguments: ['file:///n.ipynb', [1, 4]] });
    assert.equal(clearOutputsCommand([{ title: 'c', safe: true, edits: [] }]), undefined);
  });

  it('checks every setting and explains what was wrong', () => {
    assert.deepEqual(
      parseSettings({ enable: false, select: 'a-rule, b-rule', ignore: ['x-rule', 3], severity: { 'a-rule': 'warning' }, exclude: ['build/'], sensitiveColumns: ['member_no'], allowedHosts: 7 }),
      {
        settings: { enable: false, select: ['a-rule', 'b-rule'], ignore: ['x-rule'], severity: { 'a-rule': 'warning' }, exclude: ['build/'], sensitiveColumns: ['member_no'], allowedHosts: [] },
        problems: ['secureMl.ignore: every entry must be a string; the others are ignored', 'secureMl.allowedHosts must be a list of strings; ignored'],
      },
    );
    const { settings, problems } = parseSettings('on');
    assert.equal(settings.enable, true);
    assert.deepEqual(problems, ['secureMl settings must be an object; using the defaults']);
    assert.deepEqual(parseSettings({ severity: [] }).problems, ['secureMl.severity must be an object of rule id or category to "error" | "warning" | "info"; ignored']);
  });
});
