import * as fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  type CodeAction,
  type CodeActionParams,
  type Command,
  type CreateFile,
  type Diagnostic,
  type Range,
  type TextDocumentEdit,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { LineIndex } from '../engine/text';
import { SOURCE, type DiagnosticData, type FileEditData, type FixData } from './diagnostics';

export const FIX_ALL_KIND = 'source.fixAll.secure-ml';
export const CLEAR_OUTPUTS_COMMAND = 'secureMl.clearCellOutputs';

/** What code actions need to know about the editor's documents. */
export interface ActionEnvironment {
  /** Text and version of an open document (cells included). */
  openDocument(uri: string): { text: string; version: number } | undefined;
  /** Whether the client takes `documentChanges` with resource operations (create file). */
  documentChanges: boolean;
  resourceCreate: boolean;
  /** The file edits of a fix, computed again from the current document (see FixData.hasFileEdits). */
  fileEditsOf(uri: string, ruleId: string, range: Range, title: string): Promise<FileEditData[] | undefined>;
}

/** Collects edits per URI and renders them as a WorkspaceEdit the client supports. */
export class EditCollector {
  private readonly edits = new Map<string, { version: number | null; edits: TextEdit[] }>();
  private readonly creates: CreateFile[] = [];
  /** Set when part of a change cannot be expressed for this client. */
  incomplete = false;

  constructor(private readonly env: ActionEnvironment) {}

  add(uri: string, edit: TextEdit): void {
    let entry = this.edits.get(uri);
    if (!entry) {
      entry = { version: this.env.openDocument(uri)?.version ?? null, edits: [] };
      this.edits.set(uri, entry);
    }
    if (!entry.edits.some((e) => sameEdit(e, edit))) entry.edits.push(edit);
  }

  /** Appends `text` to a file (creating it when missing) unless a line equal to `unlessLine` is there. */
  append(filePath: string, text: string, unlessLine?: string): void {
    const uri = pathToFileURL(filePath).toString();
    const open = this.env.openDocument(uri);
    let current: string | undefined = open?.text;
    if (current === undefined) {
      try {
        current = fs.readFileSync(filePath, 'utf8');
      } catch {
        current = undefined;
      }
    }
    const body = text.endsWith('\n') ? text : `${text}\n`;
    if (current === undefined) {
      if (!this.env.documentChanges || !this.env.resourceCreate) {
        this.incomplete = true;
        return;
      }
      if (this.creates.some((c) => c.uri === uri)) {
        this.add(uri, { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: body });
        return;
      }
      this.creates.push({ kind: 'create', uri, options: { ignoreIfExists: true } });
      this.add(uri, { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: body });
      return;
    }
    const wanted = (unlessLine ?? '').trim();
    if (wanted && current.split(/\r?\n/).some((line) => line.trim() === wanted)) return;
    const lines = new LineIndex(current);
    const end = lines.positionAt(current.length);
    this.add(uri, { range: { start: end, end }, newText: (current.length === 0 || current.endsWith('\n') ? '' : '\n') + body });
  }

  get empty(): boolean {
    return this.edits.size === 0 && this.creates.length === 0;
  }

  workspaceEdit(): WorkspaceEdit {
    if (this.env.documentChanges) {
      const documentChanges: (TextDocumentEdit | CreateFile)[] = [...this.creates];
      for (const [uri, { version, edits }] of this.edits) documentChanges.push({ textDocument: { uri, version }, edits });
      return { documentChanges };
    }
    const changes: Record<string, TextEdit[]> = {};
    for (const [uri, { edits }] of this.edits) changes[uri] = edits;
    return { changes };
  }
}

function sameEdit(a: TextEdit, b: TextEdit): boolean {
  return (
    a.newText === b.newText &&
    a.range.start.line === b.range.start.line &&
    a.range.start.character === b.range.start.character &&
    a.range.end.line === b.range.end.line &&
    a.range.end.character === b.range.end.character
  );
}

/** Adds a fix's edits and file edits. */
export function collectFix(collector: EditCollector, fix: FixData): void {
  for (const edit of fix.edits) collector.add(edit.uri, { range: edit.range, newText: edit.newText });
  for (const fileEdit of fix.fileEdits ?? []) collector.append(fileEdit.path, fileEdit.text, fileEdit.unlessLine);
}

export function clearOutputsCommand(fixes: readonly FixData[]): Command | undefined {
  const byNotebook = new Map<string, Set<number>>();
  for (const fix of fixes) {
    if (!fix.clearOutputs) continue;
    const cells = byNotebook.get(fix.clearOutputs.notebookUri) ?? new Set<number>();
    fix.clearOutputs.cells.forEach((c) => cells.add(c));
    byNotebook.set(fix.clearOutputs.notebookUri, cells);
  }
  const [first] = byNotebook;
  if (!first) return undefined;
  return { title: 'Clear cell outputs', command: CLEAR_OUTPUTS_COMMAND, arguments: [first[0], [...first[1]].sort((a, b) => a - b)] };
}

export function wants(only: readonly string[] | undefined, kind: string): boolean {
  if (!only || only.length === 0) return true;
  return only.some((o) => kind === o || kind.startsWith(`${o}.`));
}

const SUPPRESSION = /#[ \t]*secure-ml:[ \t]*ignore(?:\[([^\]\n]*)\])?/;

/** Quick fixes for the secure-ml diagnostics of a request: the rule's fixes, ignore-on-this-line, remove an unused suppression. */
export async function quickFixes(params: CodeActionParams, env: ActionEnvironment): Promise<CodeAction[]> {
  if (!wants(params.context.only, CodeActionKind.QuickFix)) return [];
  const actions: CodeAction[] = [];
  const fixActions: CodeAction[] = [];
  for (const diagnostic of params.context.diagnostics) {
    if (diagnostic.source !== SOURCE || !diagnostic.data) continue;
    const data = diagnostic.data as DiagnosticData;
    if (data.kind === 'finding') {
      let preferredGiven = false;
      for (const stored of data.fixes) {
        if (!upToDate(stored, env)) continue;
        let fix = stored;
        if (stored.hasFileEdits) {
          const fileEdits = await env.fileEditsOf(params.textDocument.uri, data.ruleId, diagnostic.range, stored.title);
          if (!fileEdits) continue;
          fix = { ...stored, fileEdits };
        }
        const collector = new EditCollector(env);
        collectFix(collector, fix);
        const command = clearOutputsCommand([fix]);
        if (collector.incomplete || (collector.empty && !command)) continue;
        const preferred: boolean = fix.safe && !preferredGiven;
        preferredGiven ||= preferred;
        fixActions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: preferred,
          ...(collector.empty ? {} : { edit: collector.workspaceEdit() }),
          ...(command ? { command } : {}),
        });
      }
      const suppress = data.suppress && suppressionAction(diagnostic, data.ruleId, data.suppress, env);
      if (suppress) actions.push(suppress);
    } else if (data.kind === 'unused') {
      const remove = removeSuppressionAction(diagnostic, data, env);
      if (remove) actions.push(remove);
    }
  }
  return [...fixActions, ...actions];
}

function upToDate(fix: FixData, env: ActionEnvironment): boolean {
  return fix.edits.every((edit) => edit.version === null || env.openDocument(edit.uri)?.version === edit.version);
}

function suppressionAction(diagnostic: Diagnostic, ruleId: string, target: NonNullable<Extract<DiagnosticData, { kind: 'finding' }>['suppress']>, env: ActionEnvironment): CodeAction | undefined {
  const open = env.openDocument(target.uri);
  if (!open || (target.version !== null && open.version !== target.version)) return undefined;
  const edit = suppressionEdit(open.text, target.line, target.placement, ruleId);
  if (!edit) return undefined;
  const collector = new EditCollector(env);
  collector.add(target.uri, edit);
  return { title: `Ignore ${ruleId} on this line`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: collector.workspaceEdit() };
}

/**
 * The edit that silences `ruleId` on `line`: the id merged into a `# secure-ml: ignore[...]`
 * comment already on the line (or alone on the line above), else a new comment at the end of the
 * line, or on its own line above when the line cannot take one (it ends inside a string, or the
 * file is not Python). Undefined when the line is already silenced for that rule.
 */
export function suppressionEdit(text: string, line: number, placement: 'end' | 'above', ruleId: string): TextEdit | undefined {
  const lines = new LineIndex(text);
  if (line >= lines.lineCount) return undefined;
  const candidates = [line];
  if (line > 0 && /^\s*#/.test(lines.lineText(line - 1))) candidates.push(line - 1);
  for (const candidate of candidates) {
    const lineText = lines.lineText(candidate);
    const match = SUPPRESSION.exec(lineText);
    if (!match) continue;
    if (match[1] === undefined) return undefined; // a bare `ignore` silences every rule already
    const ids = match[1]
      .split(',')
      .map((id) => id.trim())
      .filter((id) => id.length > 0);
    if (ids.includes(ruleId)) return undefined;
    const open = match.index + match[0].lastIndexOf('[');
    const close = match.index + match[0].length;
    return { range: { start: { line: candidate, character: open }, end: { line: candidate, character: close } }, newText: `[${[...ids, ruleId].join(', ')}]` };
  }
  const comment = `# secure-ml: ignore[${ruleId}]`;
  const lineText = lines.lineText(line);
  if (placement === 'end') {
    const end = { line, character: lineText.length };
    return { range: { start: end, end }, newText: `${lineText.trim().length === 0 ? '' : '  '}${comment}` };
  }
  const indent = /^[ \t]*/.exec(lineText)?.[0] ?? '';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const start = { line, character: 0 };
  return { range: { start, end: start }, newText: `${indent}${comment}${eol}` };
}

function removeSuppressionAction(diagnostic: Diagnostic, data: Extract<DiagnosticData, { kind: 'unused' }>, env: ActionEnvironment): CodeAction | undefined {
  const open = env.openDocument(data.uri);
  if (!open) return undefined;
  const lines = new LineIndex(open.text);
  const line = data.range.start.line;
  if (line >= lines.lineCount) return undefined;
  const lineText = lines.lineText(line);
  const match = SUPPRESSION.exec(lineText);
  if (!match || match.index !== data.range.start.character) return undefined;
  const ids = (match[1] ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id.length > 0);
  const keep = ids.filter((id) => !data.ruleIds.includes(id));
  let edit: TextEdit;
  let title: string;
  if (data.ruleIds.length > 0 && keep.length > 0) {
    const open = match.index + match[0].lastIndexOf('[');
    edit = { range: { start: { line, character: open }, end: { line, character: match.index + match[0].length } }, newText: `[${keep.join(', ')}]` };
    title = `Remove ${data.ruleIds.join(', ')} from this suppression`;
  } else if (lineText.slice(0, match.index).trim() === '' && lineText.slice(match.index + match[0].length).trim() === '') {
    const next = line + 1 < lines.lineCount ? { line: line + 1, character: 0 } : { line, character: lineText.length };
    edit = { range: { start: { line, character: 0 }, end: next }, newText: '' };
    title = 'Remove unused suppression';
  } else {
    const before = lineText.slice(0, match.index).replace(/[ \t]+$/, '').length;
    edit = { range: { start: { line, character: before }, end: { line, character: match.index + match[0].length } }, newText: '' };
    title = 'Remove unused suppression';
  }
  const collector = new EditCollector(env);
  collector.add(data.uri, edit);
  return { title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: true, edit: collector.workspaceEdit() };
}
