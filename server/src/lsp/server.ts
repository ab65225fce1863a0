import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import ignore from 'ignore';
import {
  CodeActionKind,
  DidChangeWatchedFilesNotification,
  MessageType,
  ShowMessageNotification,
  NotebookCellKind,
  NotebookDocuments,
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
  type NotebookDocument,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { allRules } from '../../../rules';
import { clearConfigCache, defaultConfig, findConfig, mergeConfig, projectRootOf, severityFor, type Config } from '../engine/config';
import { fileKindOf, notebookDocument, notebookFromJson, pythonDocument, textDocument, type AnalysisDocument, type CellInput, type TextFileKind } from '../engine/document';
import { createEngine, MAX_SOURCE_BYTES, type Engine, type FileAnalysis } from '../engine/engine';
import { NotebookError } from '../engine/notebook';
import { ParseCache } from '../engine/parser';
import type { AnalysisResult, Finding } from '../engine/types';
import { FIX_ALL_KIND } from './actions';
import { buildDiagnostics, problemDiagnostic, ruleHref, type DiagnosticData, type UnitView } from './diagnostics';
import { RULES_REQUEST, SCAN_WORKSPACE_REQUEST, type InitializationOptions, type RuleInfo, type ScanWorkspaceParams } from './protocol';
import { FixProvider } from './fixes';
import { Scheduler } from './scheduler';
import { parseSettings, settingsOverride, type Settings } from './settings';
import { scanWorkspace } from './scan';
import { uriToPath } from './uris';

/** Language ids of non-Python documents worth scanning for secrets, when the file name does not say. */
const LANGUAGE_TEXT_KINDS: Record<string, TextFileKind> = {
  dotenv: 'env',
  yaml: 'yaml',
  json: 'json',
  jsonc: 'json',
  toml: 'toml',
  ini: 'ini',
  properties: 'ini',
  dockerfile: 'dockerfile',
};

const CONFIG_FILE_NAMES = new Set(['pyproject.toml', 'secure-ml.toml']);

/** The language server: LSP wiring over the engine. All analysis goes through `Engine.analyzeDocument` / `analyzeFile`. */
export class SecureMlServer {
  readonly documents = new TextDocuments(TextDocument);
  readonly notebooks = new NotebookDocuments(TextDocument);
  readonly parseCache = new ParseCache();
  private readonly scheduler = new Scheduler();
  engine: Engine | undefined;
  private engineReady: Promise<Engine> | undefined;
  private configurationCapability = false;
  /** What WorkspaceEdits the client takes. */
  readonly clientEdits = { documentChanges: false, resourceCreate: false };
  private readonly fixes = new FixProvider(this);
  private workDoneProgress = false;
  private trusted = true;
  private globalSettings: unknown;
  private readonly settingsCache = new Map<string, Promise<Settings>>();
  private readonly warned = new Set<string>();
  private workspaceFolders: string[] = [];
  /** Last diagnostics sent per URI (JSON), to skip sending the same list again. */
  private readonly published = new Map<string, string>();
  /** Text of each cell at its last analysis: a cell whose text changed always gets a fresh publish. */
  private readonly analysedText = new Map<string, string>();
  /** Findings from the saved outputs of open notebooks (read from disk on open and save). */
  readonly savedOutputs = new Map<string, { findings: Finding[]; texts: string[]; problem?: string }>();
  /** Files published by a workspace scan (re-published from disk when their editor closes). */
  readonly scanned = new Set<string>();
  /** Finding counts per URI (for the scan summary). */
  readonly findingCounts = new Map<string, number>();
  /** Diagnostics with a safe fix per URI (whether fix-all is worth offering in the light bulb). */
  private readonly safeFixCounts = new Map<string, number>();

  constructor(readonly connection: Connection) {}

  listen(): void {
    const { connection } = this;
    connection.onInitialize((params) => this.initialize(params));
    connection.onInitialized(() => void this.initialized());
    connection.onDidChangeConfiguration((change) => {
      this.globalSettings = (change.settings as { secureMl?: unknown } | null | undefined)?.secureMl ?? this.globalSettings;
      this.settingsCache.clear();
      this.warned.clear();
      this.revalidateAll();
    });
    connection.onDidChangeWatchedFiles((change) => {
      if (change.changes.some((c) => CONFIG_FILE_NAMES.has(path.basename(uriToPath(c.uri) ?? c.uri)))) {
        clearConfigCache();
        this.warned.clear();
        this.revalidateAll();
      }
    });
    this.documents.onDidOpen((e) => this.scheduleText(e.document.uri));
    this.documents.onDidChangeContent((e) => this.scheduleText(e.document.uri));
    this.documents.onDidClose((e) => this.closeText(e.document.uri));
    this.notebooks.onDidOpen((notebook) => {
      // a workspace scan may have published the file's findings on the .ipynb itself: the cells take over
      this.clear(notebook.uri);
      void this.readSavedOutputs(notebook.uri).then(() => this.scheduleNotebook(notebook.uri));
    });
    this.notebooks.onDidChange((e) => {
      // running a cell changes its execution summary and metadata only: nothing to re-analyse
      const cells = e.cells;
      const relevant = !!cells && (cells.added.length > 0 || cells.removed.length > 0 || cells.changed.textContent.length > 0 || cells.changed.data.some((d) => d.old.kind !== d.new.kind));
      if (relevant) this.scheduleNotebook(e.notebookDocument.uri);
    });
    this.notebooks.onDidSave((notebook) => {
      void this.readSavedOutputs(notebook.uri).then(() => this.scheduleNotebook(notebook.uri));
    });
    this.notebooks.onDidClose((notebook) => this.closeNotebook(notebook));
    connection.onCodeAction((params) => this.fixes.codeActions(params));
    connection.onRequest(SCAN_WORKSPACE_REQUEST, (params: ScanWorkspaceParams | undefined, token) => scanWorkspace(this, params ?? {}, token));
    connection.onRequest(RULES_REQUEST, () => this.rules());
    connection.onShutdown(() => {
      this.scheduler.dispose();
      this.parseCache.clear();
    });
    this.documents.listen(connection);
    this.notebooks.listen(connection);
    connection.listen();
  }

  private async initialize(params: InitializeParams): Promise<InitializeResult> {
    const capabilities = params.capabilities;
    this.configurationCapability = capabilities.workspace?.configuration === true;
    this.clientEdits.documentChanges = capabilities.workspace?.workspaceEdit?.documentChanges === true;
    this.clientEdits.resourceCreate = capabilities.workspace?.workspaceEdit?.resourceOperations?.includes('create') === true;
    this.workDoneProgress = capabilities.window?.workDoneProgress === true;
    const options = (params.initializationOptions ?? {}) as InitializationOptions;
    this.trusted = options.workspaceTrusted !== false;
    if (options.settings !== undefined) this.globalSettings = options.settings;
    this.workspaceFolders = (params.workspaceFolders ?? []).map((f) => uriToPath(f.uri)).filter((p): p is string => !!p);
    if (this.workspaceFolders.length === 0 && params.rootUri) {
      const root = uriToPath(params.rootUri);
      if (root) this.workspaceFolders.push(root);
    }
    this.folderEvents = capabilities.workspace?.workspaceFolders === true;
    this.watchConfigFiles = capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true && options.clientWatchesConfig !== true;
    this.engineReady = createEngine(allRules).then((engine) => (this.engine = engine));
    await this.engineReady;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        // every cell is synced (markdown too: it can hold secrets, and cell indexes then match the .ipynb)
        notebookDocumentSync: { notebookSelector: [{ notebook: { notebookType: 'jupyter-notebook' } }], save: true },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'secure-ml' },
    };
  }

  private watchConfigFiles = false;
  private folderEvents = false;

  private async initialized(): Promise<void> {
    if (this.watchConfigFiles) {
      await this.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/{pyproject.toml,secure-ml.toml}' }] }).catch(() => undefined);
    }
    if (!this.folderEvents) return;
    this.connection.workspace.onDidChangeWorkspaceFolders((event) => {
      const removed = new Set(event.removed.map((f) => uriToPath(f.uri)));
      this.workspaceFolders = [...this.workspaceFolders.filter((f) => !removed.has(f)), ...event.added.map((f) => uriToPath(f.uri)).filter((p): p is string => !!p)];
    });
  }

  get folders(): readonly string[] {
    return this.workspaceFolders;
  }

  get canReportProgress(): boolean {
    return this.workDoneProgress;
  }

  get isTrusted(): boolean {
    return this.trusted;
  }

  async readyEngine(): Promise<Engine> {
    if (this.engine) return this.engine;
    return (this.engineReady ??= createEngine(allRules).then((engine) => (this.engine = engine)));
  }

  // ---------------------------------------------------------------- settings and configuration

  /** Settings for a resource: pulled from the client per URI when it can, else the last pushed ones. */
  settingsFor(uri: string): Promise<Settings> {
    let cached = this.settingsCache.get(uri);
    if (!cached) {
      cached = (
        this.configurationCapability ? this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'secureMl' }).catch(() => this.globalSettings) : Promise.resolve(this.globalSettings)
      ).then((raw: unknown) => {
        const { settings, problems } = parseSettings(raw);
        for (const problem of problems) this.warnOnce(`invalid setting: ${problem}`);
        return settings;
      });
      this.settingsCache.set(uri, cached);
    }
    return cached;
  }

  /** The file config (not in untrusted workspaces) with the settings merged over it. */
  configFor(filePath: string | undefined, settings: Settings): { config: Config; base: Config } {
    const anchor = filePath ?? (this.workspaceFolders[0] ? path.join(this.workspaceFolders[0], '__untitled__') : undefined);
    const base = this.trusted && anchor ? findConfig(anchor) : defaultConfig();
    return { config: mergeConfig(base, settingsOverride(settings)), base };
  }

  folderOf(filePath: string): string | undefined {
    let best: string | undefined;
    for (const folder of this.workspaceFolders) {
      const relative = path.relative(folder, filePath);
      if (!relative.startsWith('..') && !path.isAbsolute(relative) && (!best || folder.length > best.length)) best = folder;
    }
    return best;
  }

  /** Whether `exclude` globs (from the config file, relative to its folder; from settings, relative to the workspace folder) exclude a file. */
  isExcluded(filePath: string, base: Config, settings: Settings): boolean {
    const test = (patterns: readonly string[], root: string | undefined) => {
      if (patterns.length === 0 || !root) return false;
      const relative = path.relative(root, filePath).split(path.sep).join('/');
      if (!relative || relative.startsWith('..')) return false;
      return ignore({ allowRelativePaths: true })
        .add([...patterns])
        .ignores(relative);
    };
    return test(base.exclude, base.root) || test(settings.exclude, this.folderOf(filePath));
  }

  warnOnce(message: string): void {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    void this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `Secure ML: ${message}` });
  }

  /** The config under the settings for a file read from disk: its config file, but never in an untrusted workspace. */
  private fileBaseConfig(filePath: string): Config {
    return this.trusted ? findConfig(filePath) : defaultConfig();
  }

  /** Drops findings of rules the config switches off and applies its severities (for analyses whose config the server did not choose). */
  restrict(findings: Finding[], config: Config): Finding[] {
    const engine = this.engine;
    if (!engine) return findings;
    const enabled = engine.ruleSet(config).ruleSet.ids;
    return findings
      .filter((f) => enabled.has(f.ruleId))
      .map((f) => {
        const rule = engine.ruleById(f.ruleId);
        return rule ? { ...f, severity: severityFor(rule, config.severity) } : f;
      });
  }

  private reportEngineProblems(result: { configProblems: string[]; ruleErrors: AnalysisResult['ruleErrors'] }): void {
    for (const problem of result.configProblems) this.warnOnce(problem);
    for (const error of result.ruleErrors) {
      const key = `rule ${error.ruleId} failed: ${error.message}`;
      if (this.warned.has(key)) continue;
      this.warned.add(key);
      this.connection.console.error(`secure-ml: ${key}`);
    }
  }

  // ---------------------------------------------------------------- publishing

  publish(uri: string, diagnostics: Diagnostic[], force = false): void {
    const json = JSON.stringify(diagnostics);
    if (!force && this.published.get(uri) === json) return;
    if (diagnostics.length === 0 && !this.published.has(uri) && !force) return;
    this.published.set(uri, json);
    this.findingCounts.set(uri, diagnostics.filter((d) => (d.data as { kind?: string } | undefined)?.kind === 'finding').length);
    this.safeFixCounts.set(
      uri,
      diagnostics.filter((d) => (d.data as DiagnosticData | undefined)?.kind === 'finding' && (d.data as Extract<DiagnosticData, { kind: 'finding' }>).fixes.some((f) => f.safe)).length,
    );
    void this.connection.sendDiagnostics({ uri, diagnostics });
  }

  clear(uri: string): void {
    if (!this.published.has(uri)) return;
    this.published.delete(uri);
    this.findingCounts.delete(uri);
    this.safeFixCounts.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  revalidateAll(): void {
    for (const document of this.documents.all()) this.scheduleText(document.uri);
    for (const notebook of this.notebookList()) this.scheduleNotebook(notebook.uri);
  }

  private notebookList(): NotebookDocument[] {
    const result: NotebookDocument[] = [];
    const seen = new Set<string>();
    for (const cell of this.notebooks.cellTextDocuments.all()) {
      const notebook = this.notebooks.findNotebookDocumentForCell(cell.uri);
      if (notebook && !seen.has(notebook.uri)) {
        seen.add(notebook.uri);
        result.push(notebook);
      }
    }
    return result;
  }

  /** Findings currently shown for an open document (all cells of a notebook). */
  findingCountOf(uri: string): number {
    const notebook = this.notebooks.getNotebookDocument(uri);
    if (notebook) return notebook.cells.reduce((sum, cell) => sum + (this.findingCounts.get(cell.document) ?? 0), 0);
    return this.findingCounts.get(uri) ?? 0;
  }

  safeFixCount(uri: string): number {
    const notebook = this.notebooks.findNotebookDocumentForCell(uri);
    if (notebook) return notebook.cells.reduce((sum, cell) => sum + (this.safeFixCounts.get(cell.document) ?? 0), 0);
    return this.safeFixCounts.get(uri) ?? 0;
  }

  isOpen(uri: string): boolean {
    return this.documents.get(uri) !== undefined || this.notebooks.getNotebookDocument(uri) !== undefined;
  }

  // ---------------------------------------------------------------- text documents

  private scheduleText(uri: string): void {
    this.scheduler.schedule(uri, (isCurrent) => this.validateText(uri, isCurrent));
  }

  /** The engine document for an open text document, or undefined when secure-ml does not analyse that kind. */
  documentForText(document: TextDocument, filePath: string | undefined): AnalysisDocument | { problem: Diagnostic } | undefined {
    const name = filePath ?? document.uri;
    const kind = fileKindOf(name);
    const text = document.getText();
    if (document.languageId === 'python' || kind?.kind === 'python') return pythonDocument(name, text, document.uri);
    if (kind?.kind === 'notebook') {
      try {
        return notebookFromJson(name, text);
      } catch (error) {
        if (!(error instanceof NotebookError)) throw error;
        const line = error.line ?? 0;
        return {
          problem: problemDiagnostic(error, {
            start: { line, character: 0 },
            end: { line, character: Math.max(1, document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).trimEnd().length) },
          }),
        };
      }
    }
    const textKind = kind?.kind === 'text' ? kind.textKind : LANGUAGE_TEXT_KINDS[document.languageId];
    if (textKind) return textDocument(name, text, textKind, document.uri);
    return undefined;
  }

  private async validateText(uri: string, isCurrent: () => boolean): Promise<void> {
    const document = this.documents.get(uri);
    if (!document) return;
    try {
      const engine = await this.readyEngine();
      const settings = await this.settingsFor(uri);
      if (!isCurrent() || this.documents.get(uri) !== document) return;
      const filePath = uriToPath(uri);
      const { config, base } = this.configFor(filePath, settings);
      if (!settings.enable || (filePath && this.isExcluded(filePath, base, settings))) {
        this.clear(uri);
        return;
      }
      if (document.getText().length > MAX_SOURCE_BYTES) {
        this.publish(uri, [problemDiagnostic({ message: `the document is larger than ${MAX_SOURCE_BYTES / 1024 / 1024} MB (generated code or a data dump?); not analysed` })], true);
        return;
      }
      const analysed = this.documentForText(document, filePath);
      if (!analysed) {
        this.clear(uri);
        return;
      }
      if ('problem' in analysed) {
        this.publish(uri, [analysed.problem], true);
        return;
      }
      const asJsonNotebook = analysed.kind === 'notebook';
      // a notebook shown as JSON text has no live cells to key trees by: let the engine free them
      const result = engine.analyzeDocument(analysed, config, asJsonNotebook ? undefined : this.parseCache);
      this.reportEngineProblems(result);
      const view: UnitView = asJsonNotebook
        ? { uris: analysed.units.map(() => uri), versions: analysed.units.map(() => null), documentUri: uri, jsonLines: analysed.notebook?.cells.map((c) => c.sourceJsonLines) }
        : { uris: [uri], versions: [document.version], documentUri: uri };
      const diagnostics = buildDiagnostics({
        document: analysed,
        result,
        view,
        outputFindings: asJsonNotebook ? result.findings.filter((f) => f.origin) : undefined,
        treeOf: asJsonNotebook ? undefined : (unit) => this.treeOf(analysed, unit),
        resolvePath: (p) => this.resolveFilePath(p, filePath, config),
        commentable: analysed.kind === 'python' || (analysed.kind === 'text' && analysed.textKind !== 'json'),
      });
      for (const [target, list] of diagnostics) this.publish(target, list, target === uri);
    } catch (error) {
      this.publishCrash(uri, error);
    }
  }

  private treeOf(document: AnalysisDocument, index: number) {
    const unit = document.units[index];
    if (!unit || unit.language !== 'python') return undefined;
    return this.parseCache.get(unit.key, unit.code);
  }

  /** A fix's file path: absolute, or relative to the project root of the analysed file. */
  resolveFilePath(p: string, filePath: string | undefined, config: Config): string {
    if (path.isAbsolute(p)) return p;
    const root = (filePath && projectRootOf(filePath, config)) ?? (filePath ? path.dirname(filePath) : (this.workspaceFolders[0] ?? process.cwd()));
    return path.resolve(root, p);
  }

  /** An unexpected error: reported on the document and in the log, and the server goes on. */
  private publishCrash(uri: string, error: unknown): void {
    this.connection.console.error(`secure-ml: analysing ${uri} failed: ${(error as Error)?.stack ?? String(error)}`);
    this.publish(uri, [problemDiagnostic({ message: `internal error (${(error as Error)?.message ?? String(error)}); see the Secure ML output` })], true);
  }

  private closeText(uri: string): void {
    this.scheduler.cancel(uri);
    this.parseCache.delete(uri);
    if (this.scanned.has(uri)) {
      const filePath = uriToPath(uri);
      if (filePath) {
        void this.publishFromDisk(filePath);
        return;
      }
    }
    this.clear(uri);
  }

  // ---------------------------------------------------------------- notebooks

  private scheduleNotebook(notebookUri: string): void {
    this.scheduler.schedule(notebookUri, (isCurrent) => this.validateNotebook(notebookUri, isCurrent));
  }

  notebookCells(notebook: NotebookDocument): { inputs: CellInput[]; uris: string[]; versions: (number | null)[] } {
    const inputs: CellInput[] = [];
    const uris: string[] = [];
    const versions: (number | null)[] = [];
    for (const cell of notebook.cells) {
      const document = this.notebooks.getCellTextDocument(cell);
      inputs.push({ kind: cell.kind === NotebookCellKind.Code ? 'code' : 'markdown', text: document?.getText() ?? '', key: cell.document, language: document?.languageId });
      uris.push(cell.document);
      versions.push(document?.version ?? null);
    }
    return { inputs, uris, versions };
  }

  private async validateNotebook(notebookUri: string, isCurrent: () => boolean): Promise<void> {
    const notebook = this.notebooks.getNotebookDocument(notebookUri);
    if (!notebook) return;
    const firstCell = notebook.cells[0]?.document ?? notebookUri;
    try {
      const engine = await this.readyEngine();
      const settings = await this.settingsFor(notebookUri);
      if (!isCurrent() || this.notebooks.getNotebookDocument(notebookUri) !== notebook) return;
      const filePath = uriToPath(notebookUri);
      const { config, base } = this.configFor(filePath, settings);
      const { inputs, uris, versions } = this.notebookCells(notebook);
      if (!settings.enable || (filePath && this.isExcluded(filePath, base, settings))) {
        for (const uri of uris) this.clear(uri);
        return;
      }
      const document = notebookDocument(filePath ?? notebookUri, inputs);
      const result = engine.analyzeDocument(document, config, this.parseCache);
      this.reportEngineProblems(result);
      const saved = this.savedOutputs.get(notebookUri);
      const diagnostics = buildDiagnostics({
        document,
        result,
        view: { uris, versions, documentUri: notebookUri, notebookUri },
        outputFindings: saved ? this.mapSavedOutputs(saved, inputs, config) : undefined,
        treeOf: (unit) => this.treeOf(document, unit),
        resolvePath: (p) => this.resolveFilePath(p, filePath, config),
        commentable: true,
      });
      if (saved?.problem) diagnostics.get(firstCell)?.push(problemDiagnostic({ message: saved.problem }));
      for (const [uri, list] of diagnostics) {
        const text = inputs[uris.indexOf(uri)]?.text ?? '';
        const changed = this.analysedText.get(uri) !== text;
        this.analysedText.set(uri, text);
        this.publish(uri, list, changed);
      }
    } catch (error) {
      this.publishCrash(firstCell, error);
    }
  }

  /** Output findings of the saved notebook, moved to the live cell with the same source (cells may have moved since the save). */
  mapSavedOutputs(saved: { findings: Finding[]; texts: string[] }, live: CellInput[], config: Config): Finding[] {
    const result: Finding[] = [];
    for (const finding of this.restrict(saved.findings, config)) {
      const savedText = saved.texts[finding.unit];
      let unit = finding.unit;
      if (live[unit]?.text !== savedText) {
        const same = live.findIndex((c) => c.text === savedText);
        if (same >= 0) unit = same;
        else if (live.length !== saved.texts.length) continue;
      }
      const moved =
        unit === finding.unit ? finding : { ...finding, unit, fixes: finding.fixes.map((fix) => ({ ...fix, clearOutputs: fix.clearOutputs?.map((cell) => (cell === finding.unit ? unit : cell)) })) };
      result.push(moved);
    }
    return result;
  }

  /** Analyses the `.ipynb` on disk for what the editor does not sync: the saved outputs. */
  private async readSavedOutputs(notebookUri: string): Promise<void> {
    const filePath = uriToPath(notebookUri);
    if (!filePath) return;
    try {
      const engine = await this.readyEngine();
      const settings = await this.settingsFor(notebookUri);
      const analysis = engine.analyzeFile(filePath, settingsOverride(settings), this.fileBaseConfig(filePath));
      const texts = analysis.document?.units.map((u) => u.text) ?? [];
      const notFound = analysis.skipped && analysis.problems.some((p) => p.message.includes('ENOENT'));
      this.savedOutputs.set(notebookUri, {
        findings: analysis.findings.filter((f) => f.origin?.kind === 'output'),
        texts,
        problem: analysis.skipped && !notFound ? `the saved notebook could not be read for its outputs: ${analysis.problems[0]?.message ?? 'unknown problem'}` : undefined,
      });
    } catch (error) {
      this.savedOutputs.set(notebookUri, { findings: [], texts: [], problem: `the saved notebook could not be read for its outputs: ${(error as Error).message}` });
    }
  }

  private closeNotebook(notebook: NotebookDocument): void {
    this.scheduler.cancel(notebook.uri);
    this.savedOutputs.delete(notebook.uri);
    for (const cell of notebook.cells) {
      this.parseCache.delete(cell.document);
      this.analysedText.delete(cell.document);
      this.clear(cell.document);
    }
    if (this.scanned.has(notebook.uri)) {
      const filePath = uriToPath(notebook.uri);
      if (filePath) void this.publishFromDisk(filePath);
    }
  }

  // ---------------------------------------------------------------- files that are not open

  /** Analyses a file on disk and publishes its diagnostics on its own URI (notebooks: on the `.ipynb` lines). */
  async publishFromDisk(filePath: string): Promise<FileAnalysis | undefined> {
    const uri = pathToFileURL(filePath).toString();
    const engine = await this.readyEngine();
    const settings = await this.settingsFor(uri);
    const { config } = this.configFor(filePath, settings);
    if (!settings.enable) {
      this.clear(uri);
      return undefined;
    }
    const analysis = engine.analyzeFile(filePath, settingsOverride(settings), this.fileBaseConfig(filePath));
    this.scanned.add(uri);
    if (this.isOpen(uri)) return analysis;
    this.reportEngineProblems(analysis);
    if (analysis.skipped || !analysis.document) {
      const problem = analysis.problems[0];
      this.publish(uri, problem ? [problemDiagnostic(problem, problem.range)] : []);
      return analysis;
    }
    const findings = this.restrict(analysis.findings, config);
    const document = analysis.document;
    const diagnostics = buildDiagnostics({
      document,
      result: { ...analysis, findings: findings.filter((f) => !f.origin) },
      view:
        document.kind === 'notebook'
          ? { uris: document.units.map(() => uri), versions: document.units.map(() => null), documentUri: uri, jsonLines: document.notebook?.cells.map((c) => c.sourceJsonLines) }
          : { uris: [uri], versions: [null], documentUri: uri },
      outputFindings: findings.filter((f) => f.origin),
      resolvePath: (p) => this.resolveFilePath(p, filePath, config),
      commentable: false,
    });
    for (const [target, list] of diagnostics) this.publish(target, list);
    return { ...analysis, findings };
  }

  // ---------------------------------------------------------------- custom requests

  private rules(): RuleInfo[] {
    return allRules.map((rule) => ({ id: rule.id, category: rule.category, severity: rule.severity, message: rule.message, fixable: rule.fixable, documentation: ruleHref(rule.id) }));
  }
}

export function startServer(connection: Connection): SecureMlServer {
  // a bug must not take the editor's diagnostics down with it: log it and keep serving
  process.on('uncaughtException', (error) => process.stderr.write(`secure-ml: unexpected error: ${error?.stack ?? String(error)}\n`));
  process.on('unhandledRejection', (error) => process.stderr.write(`secure-ml: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`));
  const server = new SecureMlServer(connection);
  server.listen();
  return server;
}
