// Code actions: the quick fixes carried by the diagnostics, fix-all (re-analysing as fixes apply),
// and the file edits of fixes that write other files, computed again on request.
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, CodeActionParams, Range } from 'vscode-languageserver';
import { applyFixes } from '../engine/apply';
import { notebookDocument, type AnalysisDocument } from '../engine/document';
import type { Fix } from '../engine/types';
import { EditCollector, FIX_ALL_KIND, clearOutputsCommand, collectFix, quickFixes, wants, type ActionEnvironment } from './actions';
import type { FileEditData, FixData } from './diagnostics';
import type { SecureMlServer } from './server';
import { uriToPath } from './uris';

export class FixProvider {
  constructor(private readonly server: SecureMlServer) {}

  environment(): ActionEnvironment {
    return {
      openDocument: (uri) => {
        const document = this.server.documents.get(uri) ?? this.server.notebooks.cellTextDocuments.get(uri);
        return document ? { text: document.getText(), version: document.version } : undefined;
      },
      documentChanges: this.server.clientEdits.documentChanges,
      resourceCreate: this.server.clientEdits.resourceCreate,
      fileEditsOf: (uri, ruleId, range, title) => this.fileEditsOf(uri, ruleId, range, title),
    };
  }

  async codeActions(params: CodeActionParams): Promise<CodeAction[]> {
    try {
      const env = this.environment();
      const actions = await quickFixes(params, env);
      const asked = params.context.only !== undefined && params.context.only.length > 0 && wants(params.context.only, FIX_ALL_KIND);
      // in the light-bulb menu too, when more than one safe fix is shown (one is its own quick fix)
      const offered = !params.context.only && this.server.safeFixCount(params.textDocument.uri) > 1;
      if (asked || offered) {
        const fixAll = await this.fixAll(params.textDocument.uri, env);
        if (fixAll) actions.push(fixAll);
      }
      return actions;
    } catch (error) {
      this.server.connection.console.error(`secure-ml: code actions failed: ${(error as Error)?.stack ?? String(error)}`);
      return [];
    }
  }

  /**
   * `source.fixAll.secure-ml`: applies every safe fix of the document (a notebook: all its
   * cells), re-analysing between rounds so fixes that touched the same place are applied too.
   */
  private async fixAll(uri: string, env: ActionEnvironment): Promise<CodeAction | undefined> {
    const engine = await this.server.readyEngine();
    const notebook = this.server.notebooks.findNotebookDocumentForCell(uri) ?? this.server.notebooks.getNotebookDocument(uri);
    let uris: string[];
    let rebuild: (texts: string[]) => AnalysisDocument | undefined;
    let settingsUri: string;
    let filePath: string | undefined;
    if (notebook) {
      const cells = this.server.notebookCells(notebook);
      uris = cells.uris;
      settingsUri = notebook.uri;
      filePath = uriToPath(notebook.uri);
      rebuild = (texts) =>
        notebookDocument(
          filePath ?? notebook.uri,
          cells.inputs.map((input, i) => ({ ...input, text: texts[i] })),
        );
    } else {
      const document = this.server.documents.get(uri);
      if (!document) return undefined;
      uris = [uri];
      settingsUri = uri;
      filePath = uriToPath(uri);
      rebuild = (texts) => {
        const analysed = this.server.documentForText(TextDocument.create(uri, document.languageId, document.version, texts[0]), filePath);
        return analysed && !('problem' in analysed) && analysed.kind !== 'notebook' ? analysed : undefined;
      };
    }
    const settings = await this.server.settingsFor(settingsUri);
    if (!settings.enable) return undefined;
    const { config } = this.server.configFor(filePath, settings);
    const original = uris.map((u) => env.openDocument(u)?.text ?? '');
    let texts = original;
    const applied: Fix[] = [];
    // the live parse cache: the first round reuses the editor's trees, later ones reparse incrementally
    for (let round = 0; round < 8; round++) {
      const document = rebuild(texts);
      if (!document) return undefined;
      const result = engine.analyzeDocument(document, config, this.server.parseCache);
      const safe = result.findings.filter((f) => !f.origin).flatMap((f) => f.fixes.filter((fix) => fix.safe).slice(0, 1));
      if (safe.length === 0) break;
      const outcome = applyFixes(texts, safe);
      if (outcome.applied.length === 0) break;
      applied.push(...outcome.applied);
      texts = outcome.texts;
      // only fixes that overlapped an applied one get another round (a fix is never applied twice)
      if (outcome.deferred.length === 0) break;
    }
    if (notebook) {
      // clearing saved outputs that show secrets is a safe fix too
      const saved = this.server.savedOutputs.get(notebook.uri);
      if (saved)
        for (const finding of this.server.mapSavedOutputs(saved, this.server.notebookCells(notebook).inputs, config))
          applied.push(...finding.fixes.filter((fix) => fix.safe && fix.clearOutputs && fix.edits.length === 0).slice(0, 1));
    }
    if (applied.length === 0) return undefined;
    const collector = new EditCollector(env);
    texts.forEach((text, i) => {
      const edit = minimalEdit(original[i], text);
      if (edit) collector.add(uris[i], edit);
    });
    const fixData: FixData[] = applied.map((fix) => ({
      title: fix.title,
      safe: true,
      edits: [],
      fileEdits: fix.fileEdits?.map((e) => ({ path: this.server.resolveFilePath(e.path, filePath, config), text: e.text, unlessLine: e.unlessLine })),
      clearOutputs: fix.clearOutputs && notebook ? { notebookUri: notebook.uri, cells: fix.clearOutputs } : undefined,
    }));
    for (const fix of fixData) collectFix(collector, fix);
    const command = clearOutputsCommand(fixData);
    if (collector.empty && !command) return undefined;
    return { title: 'Fix all safe secure-ml problems', kind: FIX_ALL_KIND, ...(collector.empty ? {} : { edit: collector.workspaceEdit() }), ...(command ? { command } : {}) };
  }

  /** Re-analyses the document of `uri` and returns the file edits of one fix of one finding. */
  private async fileEditsOf(uri: string, ruleId: string, range: Range, title: string): Promise<FileEditData[] | undefined> {
    const engine = await this.server.readyEngine();
    const notebook = this.server.notebooks.findNotebookDocumentForCell(uri);
    const targetUri = notebook?.uri ?? uri;
    const settings = await this.server.settingsFor(targetUri);
    const filePath = uriToPath(targetUri);
    const { config } = this.server.configFor(filePath, settings);
    let document: AnalysisDocument | undefined;
    let unit = 0;
    if (notebook) {
      const cells = this.server.notebookCells(notebook);
      document = notebookDocument(filePath ?? notebook.uri, cells.inputs);
      unit = cells.uris.indexOf(uri);
    } else {
      const open = this.server.documents.get(uri);
      const analysed = open ? this.server.documentForText(open, filePath) : undefined;
      document = analysed && !('problem' in analysed) && analysed.kind !== 'notebook' ? analysed : undefined;
    }
    if (!document) return undefined;
    const result = engine.analyzeDocument(document, config, this.server.parseCache);
    const same = (a: Range, b: Range) => a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
    const finding = result.findings.find((f) => f.ruleId === ruleId && f.unit === unit && !f.origin && same(f.range, range));
    const fix = finding?.fixes.find((f) => f.title === title);
    return fix?.fileEdits?.map((e) => ({ path: this.server.resolveFilePath(e.path, filePath, config), text: e.text, unlessLine: e.unlessLine }));
  }
}

/** One replacement covering the span where two texts differ (positions in the old text). */
export function minimalEdit(before: string, after: string): { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string } | undefined {
  if (before === after) return undefined;
  let prefix = 0;
  const max = Math.min(before.length, after.length);
  while (prefix < max && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < max - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  const document = TextDocument.create('x:', 'text', 0, before);
  return { range: { start: document.positionAt(prefix), end: document.positionAt(before.length - suffix) }, newText: after.slice(prefix, after.length - suffix) };
}
