// Helpers for the extension-host suite: it runs inside VS Code with the real `vscode` API.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'secure-ml.secure-ml';

interface SecureMlApi {
  whenReady(): Promise<void>;
}

export function extension(): vscode.Extension<SecureMlApi> {
  const found = vscode.extensions.getExtension<SecureMlApi>(EXTENSION_ID);
  assert.ok(found, `extension ${EXTENSION_ID} is not installed in this window`);
  return found;
}

/** Waits until VS Code has activated the extension by itself (an activation event fired). */
export async function activatedByEditor(what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!extension().isActive) {
    if (Date.now() > deadline) throw new Error(`the extension was not activated within 20 s of ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Activates (if not yet) and waits until the language server has answered `initialize`. */
export async function ready(): Promise<void> {
  const api = await extension().activate();
  assert.equal(typeof api?.whenReady, 'function', 'activate() must return { whenReady() }');
  await withTimeout(api.whenReady(), 30_000, 'the language server to be ready');
}

export function workspaceUri(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test window has no workspace folder');
  return vscode.Uri.joinPath(folder.uri, relative);
}

export async function openPython(relative: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceUri(relative));
  return vscode.window.showTextDocument(document);
}

export function ruleIdOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}

export function secureMlDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'secure-ml');
}

export function describeDiagnostics(uri: vscode.Uri): string {
  const all = vscode.languages.getDiagnostics(uri);
  if (all.length === 0) return 'none';
  return all.map((d) => `${d.source}:${ruleIdOf(d)}@${d.range.start.line + 1}:${d.range.start.character + 1}`).join(', ');
}

export async function withTimeout<T>(promise: Thenable<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms / 1000} s waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([Promise.resolve(promise), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits until the secure-ml diagnostics of `uri` satisfy `accept`, and returns them. */
export async function diagnosticsWhere(uri: vscode.Uri, what: string, accept: (diagnostics: vscode.Diagnostic[]) => boolean, ms = 20_000): Promise<vscode.Diagnostic[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const current = secureMlDiagnostics(uri);
    if (accept(current)) return current;
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${ms / 1000} s waiting for ${what} on ${vscode.workspace.asRelativePath(uri)}; diagnostics there: ${describeDiagnostics(uri)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export function withRule(ruleId: string): (diagnostics: vscode.Diagnostic[]) => boolean {
  return (diagnostics) => diagnostics.some((d) => ruleIdOf(d) === ruleId);
}

export function withoutRule(ruleId: string): (diagnostics: vscode.Diagnostic[]) => boolean {
  return (diagnostics) => !diagnostics.some((d) => ruleIdOf(d) === ruleId);
}

export async function diagnosticFor(uri: vscode.Uri, ruleId: string): Promise<vscode.Diagnostic> {
  const diagnostics = await diagnosticsWhere(uri, `a ${ruleId} diagnostic`, withRule(ruleId));
  return diagnostics.find((d) => ruleIdOf(d) === ruleId)!;
}

/** Code actions VS Code gathers from every provider, resolved, as the lightbulb would show them. */
export async function codeActions(uri: vscode.Uri, range: vscode.Range, kind?: vscode.CodeActionKind): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', uri, range, kind?.value, 50);
  return (actions ?? []).filter((action): action is vscode.CodeAction => 'title' in action && !('command' in action && typeof action.command === 'string'));
}

export function describeActions(actions: vscode.CodeAction[]): string {
  if (actions.length === 0) return 'none';
  return JSON.stringify(actions.map((a) => ({ title: a.title, kind: a.kind?.value, isPreferred: a.isPreferred, diagnostics: a.diagnostics?.map((d) => ({ code: d.code, source: d.source })) })));
}

/** Applies a code action the way the editor does: its edit, then its command. */
export async function applyAction(action: vscode.CodeAction): Promise<void> {
  assert.ok(action.edit || action.command, `code action "${action.title}" has neither an edit nor a command`);
  if (action.edit) assert.ok(await vscode.workspace.applyEdit(action.edit), `applying "${action.title}" failed`);
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}

export function lineText(document: vscode.TextDocument, line: number): string {
  return document.lineAt(line).text;
}

export function findLine(document: vscode.TextDocument, needle: string): number {
  for (let line = 0; line < document.lineCount; line++) if (document.lineAt(line).text.includes(needle)) return line;
  assert.fail(`no line with "${needle}" in ${vscode.workspace.asRelativePath(document.uri)}`);
}
