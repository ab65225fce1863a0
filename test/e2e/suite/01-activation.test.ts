import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, activatedByEditor, diagnosticsWhere, extension, ready, withRule, workspaceUri } from './helpers';

// Each window of the runner has its own extension host: in the main one a notebook is the first
// document opened, in the @python-first one a Python file is.

function openDocuments(): string {
  return vscode.workspace.textDocuments.map((d) => `${d.uri.toString()} (${d.languageId})`).join(', ') || 'none';
}

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

  it('is activated by opening a notebook (not before) and reports on its cells', async () => {
    assert.equal(extension().isActive, false, `nothing is open yet: the extension must not be active (open documents: ${openDocuments()})`);
    const notebook = await vscode.workspace.openNotebookDocument(workspaceUri('notebook.ipynb'));
    await vscode.window.showNotebookDocument(notebook);
    await activatedByEditor('opening notebook.ipynb');
    await ready();
    await diagnosticsWhere(notebook.cellAt(2).document.uri, 'a torch-load-unsafe diagnostic on the notebook cell', withRule('torch-load-unsafe'));
  });
});

describe('activation on a Python file @python-first', () => {
  it('is activated by opening a Python file (not before) and reports on it', async () => {
    assert.equal(extension().isActive, false, `nothing is open yet: the extension must not be active (open documents: ${openDocuments()})`);
    const document = await vscode.workspace.openTextDocument(workspaceUri('train.py'));
    await vscode.window.showTextDocument(document);
    await activatedByEditor('opening train.py');
    await ready();
    await diagnosticsWhere(document.uri, 'a torch-load-unsafe diagnostic', withRule('torch-load-unsafe'));
  });
});
