// The VS Code client: starts the bundled language server over IPC and adds the commands, the
// status bar item and the notebook output clearing that LSP cannot do. All analysis is in the server.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, WorkDoneProgress, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { COMMANDS, DOCUMENT_SELECTOR, RULES_REQUEST, SCAN_WORKSPACE_REQUEST, type RuleInfo, type ScanWorkspaceArgs, type ScanWorkspaceResult } from './protocol';
import { registerScaffoldCommand } from './scaffold';
import { StatusItem } from './status';

/** What `activate` returns: used by the editor tests to wait for the server. */
export interface SecureMlApi {
  /** Resolves once the language server has started (again, after a restart). */
  whenReady(): Promise<void>;
}

let client: LanguageClient | undefined;
let ready: Promise<void> = Promise.resolve();

function createClient(context: vscode.ExtensionContext): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const configWatcher = vscode.workspace.createFileSystemWatcher('**/{pyproject.toml,secure-ml.toml}');
  context.subscriptions.push(configWatcher);
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    // configurationSection: the client sends workspace/didChangeConfiguration when a secureMl.*
    // setting changes, so the server drops its per-resource settings cache and re-lints
    synchronize: { fileEvents: configWatcher, configurationSection: 'secureMl' },
    initializationOptions: { workspaceTrusted: vscode.workspace.isTrusted, clientWatchesConfig: true },
    diagnosticCollectionName: 'secure-ml',
  };
  return new LanguageClient('secureMl', 'Secure ML', serverOptions, clientOptions);
}

async function start(context: vscode.ExtensionContext, status: StatusItem): Promise<void> {
  client = createClient(context);
  ready = client.start();
  await ready;
  status.attach(client);
}

export async function activate(context: vscode.ExtensionContext): Promise<SecureMlApi> {
  const status = new StatusItem();
  context.subscriptions.push(status);
  registerScaffoldCommand(context);

  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.scanWorkspace, (args?: ScanWorkspaceArgs) => scanWorkspace(args)),
    vscode.commands.registerCommand(COMMANDS.showRuleDocumentation, (ruleId?: string) => showRuleDocumentation(ruleId)),
    vscode.commands.registerCommand(COMMANDS.restartServer, async () => {
      if (client) await client.restart();
      ready = Promise.resolve();
      if (client) status.attach(client);
    }),
    vscode.commands.registerCommand(COMMANDS.clearCellOutputs, (notebookUri: string, cellIndexes: number[]) => clearCellOutputs(notebookUri, cellIndexes)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('secureMl.enable')) status.refresh();
    }),
    // trust granted: restart so the server reads the workspace's config files
    vscode.workspace.onDidGrantWorkspaceTrust(async () => {
      await client?.stop();
      await start(context, status);
    }),
  );

  await start(context, status);
  return { whenReady: () => ready };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

async function scanWorkspace(args: ScanWorkspaceArgs = {}): Promise<ScanWorkspaceResult | undefined> {
  if (!client) return undefined;
  const current = client;
  await ready;
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Secure ML: scanning the workspace', cancellable: true }, async (progress, token) => {
    const workDoneToken = `secure-ml-scan-${Date.now()}`;
    let last = 0;
    const listener = current.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
      if (value.kind === 'report') {
        const percentage = value.percentage ?? last;
        progress.report({ message: value.message, increment: Math.max(0, percentage - last) });
        last = percentage;
      }
    });
    try {
      return await current.sendRequest<ScanWorkspaceResult>(SCAN_WORKSPACE_REQUEST, { paths: args.paths, workDoneToken }, token);
    } finally {
      listener.dispose();
    }
  });
  if (!args.silent) {
    const problems = result.problems.length > 0 ? `; ${result.problems.length} could not be analysed (see Problems)` : '';
    void vscode.window.showInformationMessage(
      result.cancelled
        ? `Secure ML: scan cancelled after ${result.files} files (${result.findings} findings so far).`
        : `Secure ML: scanned ${result.files} files: ${result.findings} findings in ${result.filesWithFindings} files${problems}.`,
    );
  }
  return result;
}

async function showRuleDocumentation(ruleId?: string): Promise<string | undefined> {
  if (!client) return undefined;
  await ready;
  const rules = await client.sendRequest<RuleInfo[]>(RULES_REQUEST);
  let rule = ruleId ? rules.find((r) => r.id === ruleId) : undefined;
  if (ruleId && !rule) {
    void vscode.window.showWarningMessage(`Secure ML: no rule "${ruleId}".`);
    return undefined;
  }
  if (!rule) {
    const picked = await vscode.window.showQuickPick(
      rules.map((r) => ({ label: r.id, description: `${r.category} · ${r.severity}`, detail: r.message, rule: r })),
      { placeHolder: 'Show the documentation of a Secure ML rule', matchOnDescription: true, matchOnDetail: true },
    );
    rule = picked?.rule;
  }
  if (!rule) return undefined;
  const uri = vscode.Uri.parse(rule.documentation);
  if (uri.scheme === 'file') await vscode.commands.executeCommand('markdown.showPreview', uri);
  else await vscode.env.openExternal(uri);
  return rule.documentation;
}

/**
 * Clears the saved outputs of some cells (a fix for a secret printed in an output): each cell is
 * replaced by a copy without outputs, then the notebook is saved so the file on disk no longer
 * holds them. LSP has no notebook edits, so the server asks for this through a command.
 */
async function clearCellOutputs(notebookUri: string, cellIndexes: number[]): Promise<boolean> {
  const uri = vscode.Uri.parse(notebookUri);
  const notebook = vscode.workspace.notebookDocuments.find((n) => n.uri.toString() === uri.toString()) ?? (await vscode.workspace.openNotebookDocument(uri));
  const edits = [...new Set(cellIndexes)]
    .filter((index) => Number.isInteger(index) && index >= 0 && index < notebook.cellCount)
    .sort((a, b) => b - a)
    .map((index) => {
      const cell = notebook.cellAt(index);
      const data = new vscode.NotebookCellData(cell.kind, cell.document.getText(), cell.document.languageId);
      data.metadata = cell.metadata;
      data.outputs = [];
      return vscode.NotebookEdit.replaceCells(new vscode.NotebookRange(index, index + 1), [data]);
    });
  if (edits.length === 0) return false;
  const edit = new vscode.WorkspaceEdit();
  edit.set(notebook.uri, edits);
  const applied = await vscode.workspace.applyEdit(edit);
  if (applied && !notebook.isUntitled) await notebook.save();
  return applied;
}
