// A small LSP client over real JSON-RPC (stdio) for the language server tests and the bench:
// spawns the built server, answers workspace/configuration from a settings object, collects
// published diagnostics and $/progress, and applies WorkspaceEdits to its own copy of the texts.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter, type ProtocolConnection } from 'vscode-languageserver-protocol/node';
import {
  CodeActionRequest,
  ConfigurationRequest,
  DidChangeConfigurationNotification,
  DidChangeNotebookDocumentNotification,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenNotebookDocumentNotification,
  DidOpenTextDocumentNotification,
  DidSaveNotebookDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  NotebookCellKind,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  WorkDoneProgressCreateRequest,
  type CodeAction,
  type Diagnostic,
  type InitializeResult,
  type ProgressToken,
  type ShowMessageParams,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';

export const ROOT = path.resolve(__dirname, '..', '..');
export const SERVER = path.join(ROOT, 'dist', 'server.js');
export const CLI = path.join(ROOT, 'dist', 'cli.js');

export interface HarnessOptions {
  /** Command line (default: node dist/server.js --stdio). */
  command?: string[];
  workspace: string;
  settings?: Record<string, unknown>;
  /** Declare workspace/configuration support (default true). */
  configuration?: boolean;
  initializationOptions?: Record<string, unknown>;
}

interface Waiter {
  uri: string;
  predicate: (diagnostics: Diagnostic[]) => boolean;
  resolve: (diagnostics: Diagnostic[]) => void;
}

export class LspHarness {
  readonly connection: ProtocolConnection;
  readonly diagnostics = new Map<string, Diagnostic[]>();
  /** Every publishDiagnostics in order (uri, count). */
  readonly publishLog: { uri: string; diagnostics: Diagnostic[] }[] = [];
  readonly messages: ShowMessageParams[] = [];
  readonly progress: { token: ProgressToken; value: { kind: string; message?: string; percentage?: number } }[] = [];
  readonly createdProgressTokens: ProgressToken[] = [];
  readonly registrations: string[] = [];
  readonly texts = new Map<string, TextDocument>();
  settings: Record<string, unknown>;
  stderr = '';
  /** Called on every `$/progress`. */
  onProgress: ((params: { token: ProgressToken; value: { kind: string } }) => void) | undefined;
  private readonly waiters: Waiter[] = [];
  private readonly process: ChildProcess;

  constructor(private readonly options: HarnessOptions) {
    this.settings = options.settings ?? {};
    const command = options.command ?? [process.execPath, SERVER, '--stdio'];
    this.process = spawn(command[0], command.slice(1), { cwd: options.workspace, stdio: ['pipe', 'pipe', 'pipe'] });
    this.process.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.connection = createProtocolConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.diagnostics.set(params.uri, params.diagnostics);
      this.publishLog.push({ uri: params.uri, diagnostics: params.diagnostics });
      for (const waiter of [...this.waiters]) {
        if (waiter.uri === params.uri && waiter.predicate(params.diagnostics)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve(params.diagnostics);
        }
      }
    });
    this.connection.onNotification('window/showMessage', (params: ShowMessageParams) => {
      this.messages.push(params);
    });
    this.connection.onNotification('window/logMessage', () => undefined);
    this.connection.onRequest(ConfigurationRequest.type, (params) => params.items.map((item) => (item.section ? this.settings[item.section] : this.settings)));
    this.connection.onRequest(WorkDoneProgressCreateRequest.type, (params) => {
      this.createdProgressTokens.push(params.token);
    });
    this.connection.onRequest(RegistrationRequest.type, (params) => {
      this.registrations.push(...params.registrations.map((r) => r.method));
    });
    this.connection.onNotification('$/progress', (params: { token: ProgressToken; value: { kind: string; message?: string; percentage?: number } }) => {
      this.progress.push(params);
      this.onProgress?.(params);
    });
    this.connection.listen();
  }

  async initialize(): Promise<InitializeResult> {
    const workspaceUri = pathToFileURL(this.options.workspace).toString();
    const result = await this.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: workspaceUri,
      workspaceFolders: [{ uri: workspaceUri, name: path.basename(this.options.workspace) }],
      initializationOptions: this.options.initializationOptions,
      capabilities: {
        workspace: {
          configuration: this.options.configuration ?? true,
          workspaceEdit: { documentChanges: true, resourceOperations: ['create'] },
          didChangeWatchedFiles: { dynamicRegistration: true },
        },
        window: { workDoneProgress: true },
        textDocument: { publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true, dataSupport: true, tagSupport: { valueSet: [1, 2] } } },
        notebookDocument: { synchronization: { dynamicRegistration: false } },
      },
    });
    await this.connection.sendNotification(InitializedNotification.type, {});
    return result;
  }

  /** Resolves with the next diagnostics published for `uri` that satisfy `predicate`. */
  waitFor(uri: string, predicate: (diagnostics: Diagnostic[]) => boolean = () => true, timeoutMs = 15000): Promise<Diagnostic[]> {
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        uri,
        predicate,
        resolve: (d) => {
          clearTimeout(timer);
          resolve(d);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; last: ${JSON.stringify(this.diagnostics.get(uri)?.map((d) => d.code))}\nserver stderr: ${this.stderr}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** The diagnostics last published for `uri` if they satisfy `predicate`, else the next ones that do. */
  current(uri: string, predicate: (diagnostics: Diagnostic[]) => boolean = () => true, timeoutMs = 15000): Promise<Diagnostic[]> {
    const last = this.diagnostics.get(uri);
    if (last && predicate(last)) return Promise.resolve(last);
    return this.waitFor(uri, predicate, timeoutMs);
  }

  /** textDocument/codeAction for `diagnostics` (their first range), optionally only some kinds. */
  async codeActions(uri: string, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    const range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const result = await this.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics, ...(only ? { only } : {}) } });
    return (result ?? []).filter((a): a is CodeAction => 'title' in a && typeof (a as { command?: unknown }).command !== 'string');
  }

  async open(uri: string, languageId: string, text: string): Promise<void> {
    this.texts.set(uri, TextDocument.create(uri, languageId, 1, text));
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
  }

  async close(uri: string): Promise<void> {
    this.texts.delete(uri);
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /** Sends an incremental change and updates the local copy. */
  async change(uri: string, edits: TextEdit[]): Promise<void> {
    const document = this.texts.get(uri);
    if (!document) throw new Error(`${uri} is not open`);
    const version = document.version + 1;
    TextDocument.update(
      document,
      edits.map((e) => ({ range: e.range, text: e.newText })),
      version,
    );
    const notebook = this.notebookOfCell(uri);
    if (notebook) {
      await this.connection.sendNotification(DidChangeNotebookDocumentNotification.type, {
        notebookDocument: { uri: notebook.uri, version: ++notebook.version },
        change: { cells: { textContent: [{ document: { uri, version }, changes: edits.map((e) => ({ range: e.range, text: e.newText })) }] } },
      });
    } else {
      await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: edits.map((e) => ({ range: e.range, text: e.newText })) });
    }
  }

  text(uri: string): string {
    const document = this.texts.get(uri);
    if (!document) throw new Error(`${uri} is not open`);
    return document.getText();
  }

  private readonly notebooks = new Map<string, { uri: string; version: number; cells: string[] }>();

  private notebookOfCell(cellUri: string) {
    for (const notebook of this.notebooks.values()) if (notebook.cells.includes(cellUri)) return notebook;
    return undefined;
  }

  /** Opens a notebook with LSP notebook sync; returns the cell URIs. */
  async openNotebook(uri: string, cells: { kind: 'code' | 'markdown'; text: string }[]): Promise<string[]> {
    const cellUris = cells.map((_, i) => `vscode-notebook-cell:${uri.replace(/^file:/, '')}#C${i}`);
    this.notebooks.set(uri, { uri, version: 1, cells: cellUris });
    cells.forEach((cell, i) => this.texts.set(cellUris[i], TextDocument.create(cellUris[i], cell.kind === 'code' ? 'python' : 'markdown', 1, cell.text)));
    await this.connection.sendNotification(DidOpenNotebookDocumentNotification.type, {
      notebookDocument: {
        uri,
        notebookType: 'jupyter-notebook',
        version: 1,
        cells: cells.map((cell, i) => ({ kind: cell.kind === 'code' ? NotebookCellKind.Code : NotebookCellKind.Markup, document: cellUris[i] })),
      },
      cellTextDocuments: cells.map((cell, i) => ({ uri: cellUris[i], languageId: cell.kind === 'code' ? 'python' : 'markdown', version: 1, text: cell.text })),
    });
    return cellUris;
  }

  async saveNotebook(uri: string): Promise<void> {
    await this.connection.sendNotification(DidSaveNotebookDocumentNotification.type, { notebookDocument: { uri } });
  }

  async setSettings(settings: Record<string, unknown>): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: this.options.configuration === false ? settings : null });
  }

  async fileChanged(filePath: string, type: 1 | 2 | 3 = 2): Promise<void> {
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToFileURL(filePath).toString(), type }] });
  }

  /**
   * Applies a WorkspaceEdit: text edits to the open copies (sent to the server as changes) and to
   * files on disk; `create` operations create files. Returns the URIs touched.
   */
  async applyEdit(edit: WorkspaceEdit): Promise<string[]> {
    const touched: string[] = [];
    const apply = async (uri: string, edits: TextEdit[], version?: number | null) => {
      touched.push(uri);
      const open = this.texts.get(uri);
      if (open) {
        if (version !== undefined && version !== null && version !== open.version) throw new Error(`stale edit for ${uri}: version ${version}, document at ${open.version}`);
        // send the edits from the end so earlier positions stay valid
        const sorted = [...edits].sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character);
        await this.change(uri, sorted);
        return;
      }
      const file = fileURLToPath(uri);
      const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
      const document = TextDocument.create(uri, 'text', 0, current);
      fs.writeFileSync(file, TextDocument.applyEdits(document, edits));
    };
    for (const change of edit.documentChanges ?? []) {
      if ('kind' in change) {
        if (change.kind === 'create') {
          const file = fileURLToPath(change.uri);
          if (!fs.existsSync(file)) fs.writeFileSync(file, '');
        }
        continue;
      }
      await apply(change.textDocument.uri, change.edits as TextEdit[], change.textDocument.version);
    }
    for (const [uri, edits] of Object.entries(edit.changes ?? {})) await apply(uri, edits);
    return touched;
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest(ShutdownRequest.type), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      // the server may already be gone
    }
    const exited = new Promise<void>((resolve) => {
      if (this.process.exitCode !== null) resolve();
      else this.process.once('exit', () => resolve());
    });
    await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
    if (this.process.exitCode === null) this.process.kill();
    this.connection.dispose();
  }

  get exitCode(): number | null {
    return this.process.exitCode;
  }
}

export function fileUri(filePath: string): string {
  return pathToFileURL(filePath).toString();
}

/** Mocha hooks: a fresh workspace folder (a git root) and an initialized server for each test. */
export function serverPerTest(prefix: string, use: (server: LspHarness, workspace: string) => void): void {
  let server: LspHarness | undefined;
  let workspace: string | undefined;
  beforeEach(async () => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    fs.mkdirSync(path.join(workspace, '.git'));
    server = new LspHarness({ workspace });
    await server.initialize();
    use(server, workspace);
  });
  afterEach(async () => {
    await server?.stop();
    if (workspace) fs.rmSync(workspace, { recursive: true, force: true });
  });
}
