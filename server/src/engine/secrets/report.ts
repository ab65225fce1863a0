import type { SourceUnit } from '../document';
import type { Report, RuleContext } from '../rule';
import type { Fix, Range } from '../types';
import { secretsOfOutputs, secretsOfUnit, type OutputSecret, type UnitSecret } from './analyze';
import { redact } from './redact';
import type { SecretKind } from './scan';

/** Helpers the secret rules share: which secrets a rule reports, and how it says so. */

const WHERE: Record<UnitSecret['where'], string> = {
  string: 'in a string literal',
  comment: 'in a comment',
  code: 'in the code',
  magic: 'in a notebook magic / shell command',
  text: 'in this file',
};

/** Reports the unit's secrets of `kinds` with `describe` building the message. */
export function reportUnitSecrets(unit: SourceUnit, context: RuleContext, kinds: readonly SecretKind[], describe: (secret: UnitSecret, where: string) => string): void {
  for (const secret of secretsOfUnit(unit, context)) {
    if (!kinds.includes(secret.kind)) continue;
    const report: Report = {
      range: unit.lines.rangeOf(secret.start, secret.end),
      message: describe(secret, WHERE[secret.where]),
      fixes: secret.fix ? [secret.fix] : [],
    };
    if (secret.kind === 'provider') report.severity = secret.severity;
    context.report(report);
  }
}

/** How a secret is named in a message: "OpenAI API key sk-p…(164 chars)". */
export function shown(secret: { label: string; secret: string }): string {
  return `${secret.label} \`${redact(secret.secret)}\``;
}

/**
 * Where an output finding is shown on the cell: its last non-blank line, right above the output
 * in the notebook. The finding's `origin` says which output and which line of it.
 */
export function outputAnchor(unit: SourceUnit): Range {
  const lines = unit.lines;
  let line = lines.lineCount - 1;
  while (line > 0 && lines.lineText(line).trim() === '') line--;
  return { start: { line, character: 0 }, end: { line, character: lines.lineText(line).length } };
}

export function clearOutputFix(unit: SourceUnit): Fix {
  return { title: `Clear the saved output of cell ${unit.index + 1}`, safe: true, edits: [], clearOutputs: [unit.index] };
}

/** The secrets in a cell's saved outputs, grouped by output. */
export function outputSecretsByOutput(unit: SourceUnit, context: RuleContext): Map<number, OutputSecret[]> {
  const groups = new Map<number, OutputSecret[]>();
  for (const secret of secretsOfOutputs(unit, context.document)) {
    const list = groups.get(secret.output) ?? [];
    list.push(secret);
    groups.set(secret.output, list);
  }
  return groups;
}

const MIME_NAMES: Record<string, string> = {
  'stream/stdout': 'printed output',
  'stream/stderr': 'stderr output',
  'text/plain': 'displayed result',
  'text/html': 'HTML output',
  'text/markdown': 'Markdown output',
  'application/json': 'JSON output',
  'error/traceback': 'error traceback',
  'error/evalue': 'error message',
};

export function mimeName(mime: string): string {
  return MIME_NAMES[mime] ?? `${mime} output`;
}
