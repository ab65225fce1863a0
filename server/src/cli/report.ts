import { createHash } from 'node:crypto';
import type { AnalysisDocument, DocumentKind } from '../engine/document';
import type { FileAnalysis } from '../engine/engine';
import type { Category, Finding, Range, Severity } from '../engine/types';

/**
 * What the CLI keeps of one analysed file: plain data (it crosses from the worker threads), with
 * everything the formats need already computed where the document is at hand: the line on disk
 * (for a notebook, the line of the `.ipynb` JSON holding the source line), and the pieces of the
 * baseline fingerprint. Nothing here holds a secret in full: findings carry the rule's (redacted)
 * message and a hash of the line, never the line.
 */
export interface ReportedFinding {
  ruleId: string;
  category: Category;
  severity: Severity;
  message: string;
  /** Zero-based, in the coordinates of the unit (the cell for notebooks). */
  range: Range;
  /** Cell index among all cells (notebooks), 0 otherwise. */
  unit: number;
  origin?: { kind: 'output'; output: number; line: number };
  /** A safe fix exists (`--fix` applies it). */
  fixable: boolean;
  /** Some fix exists, safe or not (`--fix --unsafe-fixes` applies it). */
  hasFix: boolean;
  /** Zero-based line in the file on disk where the finding starts (and ends). */
  fileLine: number;
  fileEndLine: number;
  /** Hash of the normalised text of the finding's line. */
  lineHash: string;
  /** How many earlier findings of the same rule in this file have the same line hash. */
  occurrence: number;
}

export interface ReportedSuppression {
  unit: number;
  range: Range;
  fileLine: number;
  ruleIds: string[];
  message: string;
}

export interface FileReport {
  /** Absolute path. */
  path: string;
  kind?: DocumentKind;
  /** Lines of the file (for throughput figures). */
  lineCount: number;
  /** Why the file was not analysed; undefined when it was. */
  skipped?: string;
  findings: ReportedFinding[];
  unusedSuppressions: ReportedSuppression[];
  ruleErrors: { ruleId: string; message: string }[];
  configProblems: string[];
}

/** Whitespace-insensitive text of a line: moving or re-indenting it keeps its fingerprint. */
export function normaliseLine(text: string): string {
  return text.trim().replace(/\s+/g, ' ');
}

export function hashText(text: string, length = 16): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/**
 * The baseline and SARIF fingerprint: rule + file + hash of the normalised line + occurrence
 * index. No line number (findings keep their fingerprint when lines move) and no secret.
 */
export function fingerprint(finding: Pick<ReportedFinding, 'ruleId' | 'lineHash' | 'occurrence'>, file: string): string {
  return hashText(`${finding.ruleId}\u0000${file}\u0000${finding.lineHash}\u0000${finding.occurrence}`, 32);
}

function outputLines(document: AnalysisDocument, finding: Finding): { text: string; jsonLines: number[] } | undefined {
  const origin = finding.origin;
  if (!origin) return undefined;
  const outputs = document.units[finding.unit]?.outputs ?? [];
  const candidates = outputs.filter((o) => o.output === origin.output);
  const output = candidates.find((o) => o.jsonLines.length > origin.line) ?? candidates[0];
  return output ? { text: output.text, jsonLines: output.jsonLines } : undefined;
}

/** The text of the finding's line and its zero-based lines on disk. */
function locate(
  document: AnalysisDocument | undefined,
  finding: { unit: number; range: Range; origin?: Finding['origin'] } & Partial<Finding>,
): { text: string; fileLine: number; fileEndLine: number } {
  const { start, end } = finding.range;
  if (!document) return { text: '', fileLine: start.line, fileEndLine: end.line };
  const unit = document.units[finding.unit];
  if (finding.origin) {
    const output = outputLines(document, finding as Finding);
    const line = finding.origin.line;
    const text = output ? (output.text.split('\n')[line] ?? '') : '';
    const cell = document.notebook?.cells[finding.unit];
    const fileLine = output?.jsonLines[line] ?? cell?.sourceJsonLines[0] ?? 0;
    return { text, fileLine, fileEndLine: fileLine };
  }
  const text = unit ? unit.lines.lineText(start.line) : '';
  if (document.kind === 'notebook') {
    const jsonLines = document.notebook?.cells[finding.unit]?.sourceJsonLines ?? [];
    const at = (line: number) => jsonLines[Math.min(line, jsonLines.length - 1)] ?? 0;
    return { text, fileLine: at(start.line), fileEndLine: at(end.line) };
  }
  return { text, fileLine: start.line, fileEndLine: end.line };
}

/** Plain-data report of an engine analysis. */
export function toFileReport(analysis: FileAnalysis): FileReport {
  const document = analysis.document;
  const occurrences = new Map<string, number>();
  const findings = analysis.findings.map((finding): ReportedFinding => {
    const { text, fileLine, fileEndLine } = locate(document, finding);
    const lineHash = hashText(normaliseLine(text));
    const key = `${finding.ruleId}\u0000${lineHash}`;
    const occurrence = occurrences.get(key) ?? 0;
    occurrences.set(key, occurrence + 1);
    return {
      ruleId: finding.ruleId,
      category: finding.category,
      severity: finding.severity,
      message: finding.message,
      range: finding.range,
      unit: finding.unit,
      ...(finding.origin ? { origin: finding.origin } : {}),
      fixable: finding.fixes.some((fix) => fix.safe),
      hasFix: finding.fixes.length > 0,
      fileLine,
      fileEndLine,
      lineHash,
      occurrence,
    };
  });
  const unusedSuppressions = analysis.unusedSuppressions.map((s) => ({ unit: s.unit, range: s.range, fileLine: locate(document, s).fileLine, ruleIds: s.ruleIds, message: s.message }));
  const skipped = analysis.skipped ? analysis.problems.map((p) => p.message).join('; ') || 'not analysed' : undefined;
  return {
    path: analysis.path,
    kind: document?.kind,
    lineCount: document ? document.units.reduce((sum, unit) => sum + unit.lines.lineCount, 0) : 0,
    ...(skipped ? { skipped } : {}),
    findings,
    unusedSuppressions,
    ruleErrors: analysis.ruleErrors,
    configProblems: analysis.configProblems,
  };
}

/** A report for a file whose analysis failed unexpectedly: listed with the reason, never dropped. */
export function failedReport(filePath: string, error: unknown): FileReport {
  return {
    path: filePath,
    lineCount: 0,
    skipped: `internal error while analysing: ${error instanceof Error ? error.message : String(error)}`,
    findings: [],
    unusedSuppressions: [],
    ruleErrors: [],
    configProblems: [],
  };
}
