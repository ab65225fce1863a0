import * as fs from 'node:fs';
import * as path from 'node:path';
import { fingerprint, type FileReport, type ReportedFinding } from './report';
import { writeFileAtomic } from './write';

/**
 * A baseline, like detect-secrets': the findings accepted when it was written, by fingerprint
 * (rule + file + hash of the normalised line + occurrence index). No line numbers, so it does not
 * churn when code moves, and no secrets, so it can be committed.
 */
export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  file: string;
}

export interface BaselineFile {
  version: 1;
  tool: 'secure-ml';
  findings: BaselineEntry[];
}

export class BaselineError extends Error {}

/** File paths in a baseline are relative to the baseline's folder, with `/` separators. */
export function baselinePath(baselineFile: string, file: string): string {
  return path
    .relative(path.dirname(path.resolve(baselineFile)), file)
    .split(path.sep)
    .join('/');
}

export function baselineEntries(baselineFile: string, reports: readonly FileReport[]): BaselineEntry[] {
  const entries: BaselineEntry[] = [];
  for (const report of reports) {
    const file = baselinePath(baselineFile, report.path);
    for (const finding of report.findings) entries.push({ fingerprint: fingerprint(finding, file), ruleId: finding.ruleId, file });
  }
  entries.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : a.fingerprint < b.fingerprint ? -1 : 1));
  return entries;
}

export function writeBaseline(baselineFile: string, reports: readonly FileReport[]): number {
  const entries = baselineEntries(baselineFile, reports);
  const content: BaselineFile = { version: 1, tool: 'secure-ml', findings: entries };
  writeFileAtomic(baselineFile, JSON.stringify(content, null, 2) + '\n');
  return entries.length;
}

export function readBaseline(baselineFile: string): Set<string> {
  let text: string;
  try {
    text = fs.readFileSync(baselineFile, 'utf8');
  } catch (error) {
    throw new BaselineError(`cannot read the baseline ${baselineFile}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new BaselineError(`the baseline ${baselineFile} is not valid JSON (${(error as Error).message})`);
  }
  const findings = (data as Partial<BaselineFile> | null)?.findings;
  if (!data || typeof data !== 'object' || (data as BaselineFile).version !== 1 || !Array.isArray(findings)) {
    throw new BaselineError(`the baseline ${baselineFile} is not a secure-ml baseline (expected {"version": 1, "findings": [...]}); write one with --write-baseline`);
  }
  return new Set(findings.map((entry) => (entry as BaselineEntry).fingerprint).filter((f): f is string => typeof f === 'string'));
}

/** Removes the findings recorded in the baseline; returns how many were hidden. */
export function applyBaseline(baselineFile: string, known: ReadonlySet<string>, reports: FileReport[]): number {
  let hidden = 0;
  for (const report of reports) {
    const file = baselinePath(baselineFile, report.path);
    const kept: ReportedFinding[] = [];
    for (const finding of report.findings) {
      if (known.has(fingerprint(finding, file))) hidden++;
      else kept.push(finding);
    }
    report.findings = kept;
  }
  return hidden;
}
