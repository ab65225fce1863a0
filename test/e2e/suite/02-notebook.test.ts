import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { applyAction, codeActions, describeActions, diagnosticFor, diagnosticsWhere, ready, ruleIdOf, secureMlDiagnostics, withRule, withoutRule, workspaceUri } from './helpers';

describe('Jupyter notebooks', () => {
  let notebook: vscode.NotebookDocument;

  before(async () => {
    notebook = await vscode.workspace.openNotebookDocument(workspaceUri('notebook.ipynb'));
    await vscode.window.showNotebookDocument(notebook);
    await ready();
  });

  it('reports th.load in cell 3, where th was imported in cell 2, on that cell only', async () => {
    const [markdown, imports, load] = [notebook.cellAt(0), notebook.cellAt(1), notebook.cellAt(2)];
    assert.equal(markdown.kind, vscode.NotebookCellKind.Markup);
    assert.equal(imports.document.getText(), 'import torch as th');
    const diagnostic = await diagnosticFor(load.document.uri, 'torch-load-unsafe');
    assert.equal(load.document.uri.scheme, 'vscode-notebook-cell');
    assert.equal(diagnostic.range.start.line, 0, 'the range is in the cell, not in the notebook as a whole');
    assert.equal(load.document.getText(diagnostic.range).startsWith('th.load('), true, `range covers "${load.document.getText(diagnostic.range)}"`);
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.deepEqual(secureMlDiagnostics(imports.document.uri).map(ruleIdOf), []);
    assert.deepEqual(secureMlDiagnostics(load.document.uri).map(ruleIdOf), ['torch-load-unsafe'], 'reported once (cells are not also synced as files)');
  });

  it('applies the quick fix inside the cell', async () => {
    const cell = notebook.cellAt(2);
    const diagnostic = await diagnosticFor(cell.document.uri, 'torch-load-unsafe');
    const actions = await codeActions(cell.document.uri, diagnostic.range, vscode.CodeActionKind.QuickFix);
    const fix = actions.find((action) => action.isPreferred && !/ignore/i.test(action.title));
    assert.ok(fix, `no preferred quick fix; actions: ${describeActions(actions)}`);
    await applyAction(fix);
    assert.equal(cell.document.lineAt(0).text, 'model = th.load("model.pt", weights_only=True)');
    await diagnosticsWhere(cell.document.uri, 'the torch-load-unsafe diagnostic to go', withoutRule('torch-load-unsafe'));
  });

  it('reports a cell added at the end, using the import from cell 2', async () => {
    const edit = new vscode.WorkspaceEdit();
    edit.set(notebook.uri, [vscode.NotebookEdit.insertCells(notebook.cellCount, [new vscode.NotebookCellData(vscode.NotebookCellKind.Code, 'extra = th.load("extra.pt")', 'python')])]);
    assert.ok(await vscode.workspace.applyEdit(edit));
    const added = notebook.cellAt(notebook.cellCount - 1);
    assert.equal(added.document.getText(), 'extra = th.load("extra.pt")');
    await diagnosticsWhere(added.document.uri, 'a torch-load-unsafe diagnostic on the new cell', withRule('torch-load-unsafe'));
  });

  it('stops reporting when the import cell no longer binds th to torch', async () => {
    const imports = notebook.cellAt(1);
    const last = notebook.cellAt(notebook.cellCount - 1);
    await diagnosticsWhere(last.document.uri, 'the torch-load-unsafe diagnostic on the last cell', withRule('torch-load-unsafe'));
    const edit = new vscode.WorkspaceEdit();
    edit.replace(imports.document.uri, imports.document.lineAt(0).range, 'import theano as th');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const added = notebook.cellAt(notebook.cellCount - 1);
    await diagnosticsWhere(added.document.uri, 'the diagnostic to go once th is not torch', withoutRule('torch-load-unsafe'));
  });
});
