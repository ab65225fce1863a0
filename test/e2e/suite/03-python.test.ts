import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { applyAction, codeActions, describeActions, diagnosticFor, diagnosticsWhere, findLine, openPython, ready, ruleIdOf, withRule, withoutRule } from './helpers';

describe('Python files', () => {
  before(ready);

  it('reports torch.load with rule id, source, severity, range, message and docs link', async () => {
    const editor = await openPython('quickfix.py');
    const diagnostic = await diagnosticFor(editor.document.uri, 'torch-load-unsafe');
    const line = findLine(editor.document, 'th.load(');
    assert.equal(diagnostic.source, 'secure-ml');
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(diagnostic.range.start.line, line);
    assert.match(editor.document.getText(diagnostic.range), /^th\.load\(/);
    assert.match(diagnostic.message, /weights_only/);
    const code = diagnostic.code;
    assert.ok(typeof code === 'object' && code.target, 'the rule id links to its documentation (codeDescription.href)');
    assert.match(code.target.toString(), /torch-load-unsafe/);
  });

  it('applies the quick fix from vscode.executeCodeActionProvider', async () => {
    const editor = await openPython('quickfix.py');
    const diagnostic = await diagnosticFor(editor.document.uri, 'torch-load-unsafe');
    const actions = await codeActions(editor.document.uri, diagnostic.range, vscode.CodeActionKind.QuickFix);
    const fix = actions.find((action) => action.isPreferred && !/ignore/i.test(action.title));
    assert.ok(fix, `no preferred quick fix; actions: ${describeActions(actions)}`);
    await applyAction(fix);
    assert.equal(editor.document.lineAt(diagnostic.range.start.line).text, 'state = th.load("model.pt", map_location="cpu", weights_only=True)');
    await diagnosticsWhere(editor.document.uri, 'the torch-load-unsafe diagnostic to go', withoutRule('torch-load-unsafe'));
  });

  it('re-lints as the user types', async () => {
    const editor = await openPython('quickfix.py');
    await diagnosticsWhere(editor.document.uri, 'no torch-load-unsafe diagnostic', withoutRule('torch-load-unsafe'));
    const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
    assert.ok(await editor.edit((builder) => builder.insert(end, '\nbackup = th.load("backup.pt")\n')));
    const diagnostic = await diagnosticFor(editor.document.uri, 'torch-load-unsafe');
    assert.equal(diagnostic.range.start.line, findLine(editor.document, 'backup = th.load'));
  });

  it('"ignore this rule on this line" writes a suppression comment and silences the finding', async () => {
    const editor = await openPython('suppress.py');
    const diagnostic = await diagnosticFor(editor.document.uri, 'pickle-load-unsafe');
    const actions = await codeActions(editor.document.uri, diagnostic.range, vscode.CodeActionKind.QuickFix);
    // (vscode.executeCodeActionProvider drops CodeAction.diagnostics: match on the title)
    const ignore = actions.find((action) => /ignore/i.test(action.title) && action.title.includes('pickle-load-unsafe'));
    assert.ok(ignore, `no ignore action; actions: ${describeActions(actions)}`);
    assert.ok(!ignore.isPreferred, 'silencing a finding is never the preferred fix');
    await applyAction(ignore);
    const text = editor.document.getText();
    assert.match(text, /# secure-ml: ignore\[pickle-load-unsafe\]/);
    assert.match(text, /features = pickle\.load\(handle\)/, 'the code itself is unchanged');
    await diagnosticsWhere(editor.document.uri, 'the pickle-load-unsafe diagnostic to go', withoutRule('pickle-load-unsafe'));
  });

  it('fix-all (source.fixAll.secure-ml) applies every safe fix and leaves what has none', async () => {
    const editor = await openPython('fixall.py');
    const uri = editor.document.uri;
    await diagnosticsWhere(uri, 'the four findings', (ds) => ['torch-load-unsafe', 'yaml-load-unsafe', 'requests-verify-disabled', 'pickle-load-unsafe'].every((id) => withRule(id)(ds)));
    const all = new vscode.Range(0, 0, editor.document.lineCount, 0);
    const actions = await codeActions(uri, all, vscode.CodeActionKind.SourceFixAll);
    const fixAll = actions.find((action) => action.kind?.value === 'source.fixAll.secure-ml');
    assert.ok(fixAll, `no source.fixAll.secure-ml action; actions: ${describeActions(actions)}`);
    await applyAction(fixAll);
    const text = editor.document.getText();
    assert.match(text, /torch\.load\("weights\.pt", weights_only=True\)/);
    assert.match(text, /yaml\.safe_load\(/);
    assert.doesNotMatch(text, /verify=False/);
    assert.match(text, /cache = pickle\.load\(handle\)$/m, 'no suppression comment is added by fix-all');
    const left = await diagnosticsWhere(uri, 'only pickle-load-unsafe to be left', (ds) => ds.length > 0 && ds.every((d) => ruleIdOf(d) === 'pickle-load-unsafe'));
    assert.equal(left.length, 1);
  });
});
