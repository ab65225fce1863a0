import * as path from 'node:path';
import type { DiscoveryProblem } from '../engine/files';
import type { FileAnalysis } from '../engine/engine';
import type { Finding } from '../engine/types';

export interface ScanReport {
  results: FileAnalysis[];
  discoveryProblems: DiscoveryProblem[];
}

function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') ? relative : file;
}

/** 1-based line and column of a finding, as users and the JSON contract count them. */
function where(finding: Finding): { line: number; column: number; endLine: number; endColumn: number } {
  return { line: finding.range.start.line + 1, column: finding.range.start.character + 1, endLine: finding.range.end.line + 1, endColumn: finding.range.end.character + 1 };
}

export function formatJson(report: ScanReport): string {
  const findings = report.results.flatMap((result) =>
    result.findings.map((finding) => {
      const position = where(finding);
      return {
        ruleId: finding.ruleId,
        category: finding.category,
        severity: finding.severity,
        message: finding.message,
        file: displayPath(result.path),
        range: { start: { line: position.line, column: position.column }, end: { line: position.endLine, column: position.endColumn } },
        ...(result.document?.kind === 'notebook' ? { cell: finding.unit } : {}),
        fixable: finding.fixes.length > 0,
      };
    }),
  );
  const errors = [
    ...report.discoveryProblems.map((p) => ({ file: displayPath(p.path), message: p.message })),
    ...report.results.filter((r) => r.skipped).map((r) => ({ file: displayPath(r.path), message: r.problems.map((p) => p.message).join('; ') })),
  ];
  return JSON.stringify({ version: 1, findings, errors }, null, 2) + '\n';
}

const COLORS = { error: '\u001b[31m', warning: '\u001b[33m', info: '\u001b[36m', dim: '\u001b[2m', bold: '\u001b[1m', reset: '\u001b[0m' };

export function formatText(report: ScanReport, options: { color: boolean }): string {
  const paint = (color: keyof typeof COLORS, text: string) => (options.color ? `${COLORS[color]}${text}${COLORS.reset}` : text);
  const out: string[] = [];
  let total = 0;
  const counts = { error: 0, warning: 0, info: 0 };
  for (const result of report.results) {
    if (result.findings.length === 0) continue;
    out.push(paint('bold', displayPath(result.path)));
    for (const finding of result.findings) {
      const position = where(finding);
      const cell = result.document?.kind === 'notebook' ? `cell ${finding.unit} ` : '';
      out.push(`  ${cell}${position.line}:${position.column}  ${paint(finding.severity, finding.severity.padEnd(7))}  ${finding.message}  ${paint('dim', finding.ruleId)}`);
      counts[finding.severity]++;
      total++;
    }
    out.push('');
  }
  const skipped = [
    ...report.discoveryProblems.map((p) => `${displayPath(p.path)}: ${p.message}`),
    ...report.results.filter((r) => r.skipped).map((r) => `${displayPath(r.path)}: ${r.problems.map((p) => p.message).join('; ')}`),
  ];
  if (skipped.length > 0) {
    out.push(paint('bold', 'Not analysed:'));
    for (const line of skipped) out.push(`  ${line}`);
    out.push('');
  }
  const analysed = report.results.filter((r) => !r.skipped).length;
  out.push(
    `${total} finding${total === 1 ? '' : 's'} (${counts.error} error, ${counts.warning} warning, ${counts.info} info) in ${analysed} file${analysed === 1 ? '' : 's'}${skipped.length > 0 ? `; ${skipped.length} not analysed` : ''}.`,
  );
  return out.join('\n') + '\n';
}
