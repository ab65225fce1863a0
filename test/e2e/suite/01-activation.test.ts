import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, diagnosticsWhere, extension, ready, withRule, workspaceUri } from './helpers';

describe('activation', () => {
  it('runs in a VS Code with the extension under test installed', () => {
    assert.ok(vscode.version.startsWith('1.'), `unexpected VS Code version ${vscode.version}`);
    assert.equal(extension().id, EXTENSION_ID);
  });

  it('declares activation on Python files and Jupyter notebooks', () => {
    const events: string[] = extension().packageJSON.activationEvents ?? [];
    assert.ok(events.includes('onLanguage:python'), `activationEvents: ${JSON.stringify(events)}`);
    assert.ok(events.includes('onNotebook:jupyter-notebook'), `activationEvents: ${JSON.stringify(events)}`);
  });

  it('activates when a notebook is opened (not before) and reports on its cells', async () => {
    assert.equal(extension().isActive, false, 'nothing is open yet: the extension must not be active');
    const notebook = await vscode.workspace.openNotebookDocument(workspaceUri('notebook.ipynb'));
    await vscode.window.showNotebookDocument(notebook);
    await ready();
    assert.ok(extension().isActive);
    const cell = notebook.cellAt(2);
    await diagnosticsWhere(cell.document.uri, 'a torch-load-unsafe diagnostic on the notebook cell', withRule('torch-load-unsafe'));
  });

  it('is active and ready with a Python file open', async () => {
    const document = await vscode.workspace.openTextDocument(workspaceUri('train.py'));
    await vscode.window.showTextDocument(document);
    await ready();
    await diagnosticsWhere(document.uri, 'a torch-load-unsafe diagnostic', withRule('torch-load-unsafe'));
  });
});
