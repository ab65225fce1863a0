import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEdits, modify, parseTree, findNodeAtLocation, type FormattingOptions } from 'jsonc-parser';
import { applyFixes } from '../engine/apply';
import { findConfig, mergeConfig, projectRootOf, type Config } from '../engine/config';
import { notebookDocument, pythonDocument, textDocument, type AnalysisDocument } from '../engine/document';
import type { Engine } from '../engine/engine';
import type { FileEdit, Fix } from '../engine/types';
import { configOverrides, type ScanSettings } from './scan';
import { writeFileAtomic } from './write';

/** What `--fix` changed in one file. */
export interface FileFixes {
  path: string;
  /** Rule id → number of findings fixed. */
  fixed: Record<string, number>;
  /** Cells whose saved outputs were cleared (notebooks). */
  clearedOutputs: number[];
  /** Other files appended to (`.env`, `.gitignore`): paths only, never the text (it may hold a secret). */
  appendedTo: string[];
  /** Why the file could not be fixed, if it could not. */
  problem?: string;
}

const MAX_ROUNDS = 5;

function rebuild(document: AnalysisDocument, texts: readonly string[], cleared: ReadonlySet<number>): AnalysisDocument {
  if (document.kind === 'python') return pythonDocument(document.path, texts[0], `${document.path}#fix`);
  if (document.kind === 'text') return textDocument(document.path, texts[0], document.textKind, `${document.path}#fix`);
  return notebookDocument(
    document.path,
    document.units.map((unit, index) => ({
      kind: unit.cellType ?? 'code',
      text: texts[index],
      key: `${document.path}#fix#${index}`,
      language: unit.language === 'python' ? 'python' : (document.notebook?.cells[index]?.language ?? (unit.cellType === 'code' ? 'text' : undefined)),
      outputs: cleared.has(index) ? [] : unit.outputs,
    })),
    document.notebook,
  );
}

/**
 * Applies the safe fixes of one file (all fixes with `unsafe`), re-analysing between rounds (a fix deferred because it
 * overlapped another gets its turn in the next round), then writes the file atomically. Returns
 * undefined when nothing was fixable.
 */
export function fixFile(engine: Engine, file: string, settings: ScanSettings, options: { unsafe?: boolean } = {}): FileFixes | undefined {
  const wanted = (fix: Fix) => fix.safe || options.unsafe === true;
  const analysis = engine.analyzeFile(file, configOverrides(settings));
  const original = analysis.document;
  if (analysis.skipped || !original || !analysis.findings.some((f) => f.fixes.some(wanted))) return undefined;
  const result: FileFixes = { path: file, fixed: {}, clearedOutputs: [], appendedTo: [] };
  if (original.kind === 'notebook' && (original.notebook?.nbformat ?? 4) < 4) {
    result.problem = 'nbformat 3 notebooks are not rewritten; convert it with `jupyter nbconvert --to notebook --nbformat 4`';
    return result;
  }
  const config: Config = mergeConfig(findConfig(file), configOverrides(settings));
  let document = original;
  let findings = analysis.findings;
  let texts = original.units.map((unit) => unit.text);
  const cleared = new Set<number>();
  const fileEdits: FileEdit[] = [];
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const chosen: { fix: Fix; ruleId: string }[] = [];
    for (const finding of findings) {
      const fix = finding.fixes.find(wanted);
      if (fix) chosen.push({ fix, ruleId: finding.ruleId });
    }
    if (chosen.length === 0) break;
    const applied = applyFixes(
      texts,
      chosen.map((c) => c.fix),
    );
    if (applied.applied.length === 0) break;
    for (const fix of applied.applied) {
      const ruleId = chosen.find((c) => c.fix === fix)?.ruleId ?? 'unknown';
      result.fixed[ruleId] = (result.fixed[ruleId] ?? 0) + 1;
      for (const cell of fix.clearOutputs ?? []) cleared.add(cell);
      for (const edit of fix.fileEdits ?? []) if (!fileEdits.some((e) => e.path === edit.path && e.text === edit.text)) fileEdits.push(edit);
    }
    texts = applied.texts;
    document = rebuild(document, texts, cleared);
    findings = engine.analyzeDocument(document, config).findings;
  }
  if (Object.keys(result.fixed).length === 0) return undefined;
  writeFixed(file, original, texts, cleared);
  result.clearedOutputs = [...cleared].sort((a, b) => a - b);
  const root = projectRootOf(file, config) ?? path.dirname(file);
  for (const edit of fileEdits) {
    const target = path.resolve(root, edit.path);
    if (appendOnce(target, edit)) result.appendedTo.push(target);
  }
  return result;
}

function writeFixed(file: string, original: AnalysisDocument, texts: readonly string[], cleared: ReadonlySet<number>): void {
  const bytes = fs.readFileSync(file);
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const bom = hasBom ? '\ufeff' : '';
  if (original.kind !== 'notebook') {
    writeFileAtomic(file, bom + texts[0]);
    return;
  }
  const changed = original.units.map((unit, index) => unit.text !== texts[index]);
  writeFileAtomic(file, bom + rewriteNotebook(bytes.toString('utf8').slice(hasBom ? 1 : 0), texts, changed, cleared));
}

/** The notebook's own formatting: indentation unit and line ending, so rewritten cells look like the rest. */
function formattingOf(json: string): FormattingOptions {
  const eol = json.includes('\r\n') ? '\r\n' : '\n';
  const indent = /\n([ \t]+)\S/.exec(json)?.[1] ?? ' ';
  return indent.startsWith('\t') ? { insertSpaces: false, tabSize: 1, eol } : { insertSpaces: true, tabSize: indent.length, eol };
}

/** Cell source as nbformat stores it: a list of lines, each but the last ending in a newline. */
function sourceLines(text: string): string[] {
  return text.split(/(?<=\n)/).filter((line) => line.length > 0);
}

/**
 * Rewrites only the edited cells' `source` (and the cleared cells' `outputs` and
 * `execution_count`) in the notebook's JSON text; every other byte stays as it was.
 */
export function rewriteNotebook(json: string, texts: readonly string[], changed: readonly boolean[], cleared: ReadonlySet<number>): string {
  const formattingOptions = formattingOf(json);
  let out = json;
  const set = (location: (string | number)[], value: unknown) => {
    out = applyEdits(out, modify(out, location, value, { formattingOptions }));
  };
  for (let cell = texts.length - 1; cell >= 0; cell--) {
    if (cleared.has(cell)) {
      const root = parseTree(out);
      if (root && findNodeAtLocation(root, ['cells', cell, 'execution_count'])) set(['cells', cell, 'execution_count'], null);
      set(['cells', cell, 'outputs'], []);
    }
    if (!changed[cell]) continue;
    const root = parseTree(out);
    const existing = root ? findNodeAtLocation(root, ['cells', cell, 'source']) : undefined;
    set(['cells', cell, 'source'], existing?.type === 'string' ? texts[cell] : sourceLines(texts[cell]));
  }
  return out;
}

/** Appends `edit.text` to `target` unless a line equal to `unlessLine` is already there. Returns whether it wrote. */
function appendOnce(target: string, edit: FileEdit): boolean {
  let existing = '';
  try {
    existing = fs.readFileSync(target, 'utf8');
  } catch {
    existing = '';
  }
  if (edit.unlessLine !== undefined && existing.split(/\r?\n/).some((line) => line.trim() === edit.unlessLine!.trim())) return false;
  const separator = existing.length > 0 && !existing.endsWith('\n') ? '\n' : '';
  const text = edit.text.endsWith('\n') ? edit.text : `${edit.text}\n`;
  writeFileAtomic(target, existing + separator + text);
  return true;
}
