import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { applyAction, codeActions, describeActions, diagnosticFor, diagnosticsWhere, extension, openPython, ready, secureMlDiagnostics, withTimeout, withoutRule, workspaceUri } from './helpers';

const COMMANDS = ['secureMl.scanWorkspace', 'secureMl.showRuleDocumentation', 'secureMl.restartServer'];

describe('commands', () => {
  before(ready);

  it('contributes its commands under the "Secure ML" category, all registered', async () => {
    const contributed: { command: string; category?: string }[] = extension().packageJSON.contributes?.commands ?? [];
    const registered = await vscode.commands.getCommands(true);
    for (const id of COMMANDS) {
      const entry = contributed.find((c) => c.command === id);
      assert.ok(entry, `${id} is not contributed`);
      assert.equal(entry.category, 'Secure ML');
      assert.ok(registered.includes(id), `${id} is contributed but not registered`);
    }
  });

  it('Scan Workspace reports files that are not open', async () => {
    const unopened = workspaceUri('pipelines/unopened.py');
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === unopened.toString()), 'the file must not be open');
    assert.deepEqual(secureMlDiagnostics(unopened), [], 'nothing is known about it before the scan');
    await withTimeout(vscode.commands.executeCommand('secureMl.scanWorkspace'), 60_000, 'Scan Workspace to finish');
    await diagnosticFor(unopened, 'joblib-load-unsafe');
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === unopened.toString()), 'scanning does not open the file');
  });

  it('Show Rule Documentation opens the page of the given rule', async () => {
    const before = new Set(vscode.window.tabGroups.all.flatMap((group) => group.tabs.map((tab) => tab.label)));
    await vscode.commands.executeCommand('secureMl.showRuleDocumentation', 'torch-load-unsafe');
    const deadline = Date.now() + 15_000;
    let shown: string | undefined;
    while (!shown && Date.now() < deadline) {
      const editorText = vscode.window.activeTextEditor?.document.getText() ?? '';
      if (/torch-load-unsafe/.test(editorText) && /weights_only/.test(editorText)) shown = `editor ${vscode.window.activeTextEditor!.document.uri.toString()}`;
      const tab = vscode.window.tabGroups.all.flatMap((group) => group.tabs).find((t) => !before.has(t.label) && /torch-load-unsafe|torch\.load/i.test(t.label));
      if (tab) shown = `tab "${tab.label}"`;
      if (!shown) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    assert.ok(shown, `no editor or tab with the torch-load-unsafe page; tabs: ${vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.label)).join(', ')}`);
  });

  it('Restart Server brings the server back: diagnostics and fixes work after it', async () => {
    await withTimeout(vscode.commands.executeCommand('secureMl.restartServer'), 30_000, 'Restart Server');
    await ready();
    const editor = await openPython('restart.py');
    const diagnostic = await diagnosticFor(editor.document.uri, 'numpy-load-allow-pickle');
    const actions = await codeActions(editor.document.uri, diagnostic.range, vscode.CodeActionKind.QuickFix);
    const fix = actions.find((action) => action.isPreferred && !/ignore/i.test(action.title));
    assert.ok(fix, `no quick fix after the restart; actions: ${describeActions(actions)}`);
    await applyAction(fix);
    await diagnosticsWhere(editor.document.uri, 'the diagnostic to go after the fix', withoutRule('numpy-load-allow-pickle'));
  });
});
