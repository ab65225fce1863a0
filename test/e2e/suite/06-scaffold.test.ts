import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { diagnosticsWhere, extension, ready, ruleIdOf, secureMlDiagnostics, withRule, workspaceUri } from './helpers';

interface ScaffoldResult {
  directory: string;
  name: string;
  packageName: string;
  files: string[];
}

describe('New Project (scaffold)', () => {
  before(ready);

  it('is contributed under "Secure ML" and registered', async () => {
    const contributed: { command: string; category?: string }[] = extension().packageJSON.contributes?.commands ?? [];
    assert.equal(contributed.find((c) => c.command === 'secureMl.newProject')?.category, 'Secure ML');
    assert.ok((await vscode.commands.getCommands(true)).includes('secureMl.newProject'));
  });

  it('writes the project from its arguments, and the generated code is clean in the editor', async () => {
    const directory = path.join(path.dirname(workspaceUri('.').fsPath), 'scaffolded', 'fraud-detector');
    const result = await vscode.commands.executeCommand<ScaffoldResult | undefined>('secureMl.newProject', { directory, name: 'fraud-detector', serve: true });
    assert.ok(result, 'the command returned nothing (it failed or asked questions)');
    assert.equal(result.packageName, 'fraud_detector');
    for (const file of ['pyproject.toml', '.gitignore', '.env.example', 'src/fraud_detector/model_io.py', 'src/fraud_detector/serve.py']) {
      assert.ok(result.files.includes(file), `${file} is not in ${JSON.stringify(result.files)}`);
      assert.ok(fs.existsSync(path.join(directory, file)), `${file} is not on disk`);
    }
    assert.match(fs.readFileSync(path.join(directory, '.gitignore'), 'utf8'), /^\.env$/m);

    // open a generated module, add one unsafe line so we know the server has linted the file,
    // and check that this line is the only thing it reports
    const document = await vscode.workspace.openTextDocument(path.join(directory, 'src/fraud_detector/model_io.py'));
    const editor = await vscode.window.showTextDocument(document);
    const end = document.lineAt(document.lineCount - 1).range.end;
    assert.ok(await editor.edit((builder) => builder.insert(end, '\n\nprobe = np.load("probe.npy", allow_pickle=True)\n')));
    await diagnosticsWhere(document.uri, 'the probe line to be reported', withRule('numpy-load-allow-pickle'));
    const reported = secureMlDiagnostics(document.uri).map((d) => `${ruleIdOf(d)}@${d.range.start.line + 1}`);
    const probeLine = document.lineCount - 1;
    assert.deepEqual(reported, [`numpy-load-allow-pickle@${probeLine}`], 'the generated code itself has no findings');
  });
});
