import * as path from 'node:path';
import type { Rule } from '../engine/rule';
import { SEVERITIES, type Severity } from '../engine/types';
import type { FileFixes } from './fix';
import type { FileReport, ReportedFinding } from './report';

export interface ScanReport {
  files: FileReport[];
  /** Paths that discovery could not read (unreadable folders, broken links). */
  discoveryProblems: { path: string; message: string }[];
  /** The rules that ran. */
  rules: readonly Rule[];
  baseline?: { file: string; hidden: number };
  fixes?: FileFixes[];
}

/** A path as users see it: relative to the working folder when inside it, with `/`. */
export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative.split(path.sep).join('/') : file;
}

/** Files not analysed, with the reason: never dropped silently. */
export function notAnalysed(report: ScanReport): { file: string; message: string }[] {
  return [
    ...report.discoveryProblems.map((p) => ({ file: displayPath(p.path), message: p.message })),
    ...report.files.filter((f) => f.skipped).map((f) => ({ file: displayPath(f.path), message: f.skipped! })),
  ];
}

/** Configuration problems and rules that failed: the scan went on, but the user should know. */
export function warnings(report: ScanReport): { file?: string; message: string }[] {
  const seen = new Set<string>();
  const result: { file?: string; message: string }[] = [];
  for (const file of report.files) {
    for (const message of file.configProblems) {
      if (seen.has(message)) continue;
      seen.add(message);
      result.push({ message: `configuration: ${message}` });
    }
    for (const error of file.ruleErrors) result.push({ file: displayPath(file.path), message: `rule ${error.ruleId} failed on this file (its findings are missing): ${error.message}` });
  }
  return result;
}

export function countBySeverity(files: readonly FileReport[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const file of files) for (const finding of file.findings) counts[finding.severity]++;
  return counts;
}

/** Where a finding is, for people: `line:col`, or for notebooks `cell N line L:col` (N and L 1-based). */
function location(file: FileReport, finding: ReportedFinding): string {
  const { start } = finding.range;
  if (file.kind !== 'notebook') return `${displayPath(file.path)}:${start.line + 1}:${start.character + 1}`;
  if (finding.origin) return `${displayPath(file.path)} cell ${finding.unit + 1} output ${finding.origin.output + 1} line ${finding.origin.line + 1}`;
  return `${displayPath(file.path)} cell ${finding.unit + 1} line ${start.line + 1}:${start.character + 1}`;
}

const COLORS = { error: '\u001b[31m', warning: '\u001b[33m', info: '\u001b[36m', dim: '\u001b[2m', bold: '\u001b[1m', green: '\u001b[32m', reset: '\u001b[0m' };

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

export function formatText(report: ScanReport, options: { color: boolean }): string {
  const paint = (color: keyof typeof COLORS, text: string) => (options.color ? `${COLORS[color]}${text}${COLORS.reset}` : text);
  const out: string[] = [];
  for (const fixed of report.fixes ?? []) {
    if (fixed.problem) {
      out.push(`${paint('bold', displayPath(fixed.path))}: not fixed: ${fixed.problem}`);
      continue;
    }
    const parts = Object.entries(fixed.fixed).map(([ruleId, count]) => `${ruleId}${count > 1 ? ` ×${count}` : ''}`);
    const extras = [
      ...(fixed.clearedOutputs.length > 0 ? [`cleared the outputs of cell${fixed.clearedOutputs.length > 1 ? 's' : ''} ${fixed.clearedOutputs.map((c) => c + 1).join(', ')}`] : []),
      ...fixed.appendedTo.map((p) => `appended to ${displayPath(p)}`),
    ];
    const total = Object.values(fixed.fixed).reduce((a, b) => a + b, 0);
    out.push(`${paint('green', 'Fixed')} ${plural(total, 'finding')} in ${paint('bold', displayPath(fixed.path))}: ${parts.join(', ')}${extras.length > 0 ? `; ${extras.join('; ')}` : ''}`);
  }
  if ((report.fixes ?? []).length > 0) out.push('');
  for (const file of report.files) {
    if (file.findings.length === 0 && file.unusedSuppressions.length === 0) continue;
    out.push(paint('bold', displayPath(file.path)));
    for (const finding of file.findings) {
      out.push(
        `  ${location(file, finding)}  ${paint(finding.severity, finding.severity)}  ${paint('dim', finding.ruleId)}  ${finding.message}${finding.fixable ? `  ${paint('green', '(fixable)')}` : ''}`,
      );
    }
    for (const unused of file.unusedSuppressions) {
      const where = file.kind === 'notebook' ? `cell ${unused.unit + 1} line ${unused.range.start.line + 1}` : `${unused.range.start.line + 1}:${unused.range.start.character + 1}`;
      out.push(
        `  ${file.kind === 'notebook' ? `${displayPath(file.path)} ${where}` : `${displayPath(file.path)}:${where}`}  ${paint('info', 'info')}  ${paint('dim', 'unused-suppression')}  ${unused.message}`,
      );
    }
    out.push('');
  }
  const skipped = notAnalysed(report);
  if (skipped.length > 0) {
    out.push(paint('bold', 'Not analysed:'));
    for (const entry of skipped) out.push(`  ${entry.file}: ${entry.message}`);
    out.push('');
  }
  const notes = warnings(report);
  if (notes.length > 0) {
    out.push(paint('bold', 'Warnings:'));
    for (const note of notes) out.push(`  ${note.file ? `${note.file}: ` : ''}${note.message}`);
    out.push('');
  }
  const counts = countBySeverity(report.files);
  const total = counts.error + counts.warning + counts.info;
  const analysed = report.files.filter((f) => !f.skipped).length;
  const bySeverity = SEVERITIES.map((s) => `${counts[s]} ${s}`).join(', ');
  const fixableCount = report.files.reduce((sum, f) => sum + f.findings.filter((x) => x.fixable).length, 0);
  let summary = `${plural(total, 'finding')} (${bySeverity}) in ${plural(analysed, 'file')} scanned; ${skipped.length} not analysed.`;
  if (fixableCount > 0) summary += ` ${fixableCount} fixable with --fix.`;
  if (report.baseline && report.baseline.hidden > 0) summary += ` ${plural(report.baseline.hidden, 'known finding')} hidden by the baseline ${displayPath(report.baseline.file)}.`;
  out.push(total > 0 ? paint('bold', summary) : summary);
  return out.join('\n') + '\n';
}

/** The JSON contract of shared/DESIGN.md (1-based lines and columns, `cell` 0-based), plus `errors` and `unusedSuppressions`. */
export function formatJson(report: ScanReport): string {
  const findings = report.files.flatMap((file) =>
    file.findings.map((finding) => ({
      ruleId: finding.ruleId,
      category: finding.category,
      severity: finding.severity,
      message: finding.message,
      file: displayPath(file.path),
      range: {
        start: { line: finding.range.start.line + 1, column: finding.range.start.character + 1 },
        end: { line: finding.range.end.line + 1, column: finding.range.end.character + 1 },
      },
      ...(file.kind === 'notebook' ? { cell: finding.unit } : {}),
      ...(finding.origin ? { output: { index: finding.origin.output, line: finding.origin.line + 1 } } : {}),
      fixable: finding.fixable,
    })),
  );
  const unusedSuppressions = report.files.flatMap((file) =>
    file.unusedSuppressions.map((s) => ({
      file: displayPath(file.path),
      range: { start: { line: s.range.start.line + 1, column: s.range.start.character + 1 }, end: { line: s.range.end.line + 1, column: s.range.end.character + 1 } },
      ...(file.kind === 'notebook' ? { cell: s.unit } : {}),
      ruleIds: s.ruleIds,
      message: s.message,
    })),
  );
  const errors = notAnalysed(report);
  const result: Record<string, unknown> = { version: 1, findings, errors, unusedSuppressions };
  const notes = warnings(report);
  if (notes.length > 0) result.warnings = notes;
  if (report.baseline) result.baseline = { file: displayPath(report.baseline.file), hidden: report.baseline.hidden };
  if (report.fixes)
    result.fixed = report.fixes.map((f) => ({
      file: displayPath(f.path),
      fixed: f.fixed,
      clearedOutputs: f.clearedOutputs,
      appendedTo: f.appendedTo.map(displayPath),
      ...(f.problem ? { problem: f.problem } : {}),
    }));
  return JSON.stringify(result, null, 2) + '\n';
}
