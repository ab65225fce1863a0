/**
 * Plain data shared by the engine, the language server and the CLI.
 * Nothing here imports tree-sitter or vscode.
 */

export const CATEGORIES = [
  'unsafe-deserialization',
  'remote-code-execution',
  'unpinned-artifact',
  'insecure-transport',
  'hardcoded-secret',
  'secret-exposure',
  'pii-exposure',
  'unencrypted-storage',
  'weak-crypto',
  'unauthenticated-endpoint',
  'insecure-server-config',
  'command-injection',
  'sql-injection',
  'path-traversal',
  'insecure-temp-file',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const SEVERITIES = ['error', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Zero-based line and UTF-16 column, as LSP counts them. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** A text replacement inside one unit (a Python file, a notebook cell, a config file). */
export interface UnitEdit {
  unit: number;
  range: Range;
  newText: string;
}

/** A change to a file other than the one analysed (for example appending to `.env`). */
export interface FileEdit {
  /** Path relative to the project root of the analysed file, or absolute. */
  path: string;
  /** `append`: add `text` at the end (creating the file if needed) unless a line equal to `unlessLine` exists. */
  kind: 'append';
  text: string;
  unlessLine?: string;
}

export interface Fix {
  title: string;
  /** Safe fixes keep the program's meaning apart from removing the risk; they go into fix-all and `--fix`. */
  safe: boolean;
  edits: UnitEdit[];
  fileEdits?: FileEdit[];
  /** Notebook cells (unit indexes) whose saved outputs the fix clears. */
  clearOutputs?: number[];
}

export interface Finding {
  ruleId: string;
  category: Category;
  severity: Severity;
  message: string;
  /** Unit index: the cell index among all cells for notebooks, 0 otherwise. */
  unit: number;
  range: Range;
  fixes: Fix[];
  /** Where the finding was seen: the code (default) or a saved notebook output of the cell `unit`. */
  origin?: { kind: 'output'; output: number; line: number };
}

/** A `# secure-ml: ignore[...]` comment that silenced nothing. */
export interface UnusedSuppression {
  unit: number;
  range: Range;
  /** The rule ids named in the comment that silenced nothing (empty for a bare `ignore`). */
  ruleIds: string[];
  message: string;
}

/** A problem with the input itself (malformed notebook, unreadable file...), not a security finding. */
export interface AnalysisProblem {
  message: string;
  unit?: number;
  range?: Range;
}

export interface AnalysisResult {
  findings: Finding[];
  unusedSuppressions: UnusedSuppression[];
  problems: AnalysisProblem[];
  /** Rules that threw: their findings are missing, the others ran. */
  ruleErrors: { ruleId: string; message: string }[];
}

export function isCategory(value: unknown): value is Category {
  return typeof value === 'string' && (CATEGORIES as readonly string[]).includes(value);
}

export function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);
}

export function severityRank(severity: Severity): number {
  return severity === 'error' ? 3 : severity === 'warning' ? 2 : 1;
}
