import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { applyAction, codeActions, describeActions, diagnosticFor, diagnosticsWhere, ready, withoutRule, workspaceUri } from './helpers';

describe('secrets in saved notebook outputs', () => {
  it('reports the secret in the saved output of a cell, redacted, and "clear the output" removes it from the file', async () => {
    const uri = workspaceUri('outputs.ipynb');
    const onDisk = fs.readFileSync(uri.fsPath, 'utf8');
    const secret = /'OPENAI_API_KEY': '([^']+)'/.exec(onDisk)![1];
    const notebook = await vscode.workspace.openNotebookDocument(uri);
    await vscode.window.showNotebookDocument(notebook);
    await ready();
    const cell = notebook.cellAt(0);
    assert.equal(cell.outputs.length, 1);
    const diagnostic = await diagnosticFor(cell.document.uri, 'secret-in-notebook-output');
    assert.match(diagnostic.message, /saved output of cell 1/);
    assert.ok(!diagnostic.message.includes(secret), 'the message must not show the secret in full');

    const actions = await codeActions(cell.document.uri, diagnostic.range, vscode.CodeActionKind.QuickFix);
    const clear = actions.find((action) => /clear/i.test(action.title) && /output/i.test(action.title));
    assert.ok(clear, `no "clear the output" action; actions: ${describeActions(actions)}`);
    await applyAction(clear);

    assert.equal(notebook.cellAt(0).outputs.length, 0, 'the output is gone from the open notebook');
    assert.equal(notebook.cellAt(1).outputs.length, 1, "the other cell's output stays");
    const saved = fs.readFileSync(uri.fsPath, 'utf8');
    assert.ok(!saved.includes(secret), 'the secret is gone from the .ipynb on disk');
    assert.ok(saved.includes('3 rows'), "the other cell's output is still saved");
    await diagnosticsWhere(notebook.cellAt(0).document.uri, 'the output finding to go', withoutRule('secret-in-notebook-output'));
  });
});
