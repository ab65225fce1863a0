import { DiagnosticSeverity, DiagnosticTag, type Diagnostic, type Range } from 'vscode-languageserver';
import { ruleDocsUri } from '../engine/docs';
import type { AnalysisDocument } from '../engine/document';
import type { Tree } from '../engine/parser';
import type { AnalysisProblem, AnalysisResult, Finding, Severity, UnusedSuppression } from '../engine/types';

export const SOURCE = 'secure-ml';

/** Where a suppression comment for a finding goes: at the end of its line, or on its own line above. */
export interface SuppressTarget {
  uri: string;
  version: number | null;
  line: number;
  placement: 'end' | 'above';
}

export interface FixData {
  title: string;
  safe: boolean;
  edits: { uri: string; version: number | null; range: Range; newText: string }[];
  /** Absolute paths. */
  fileEdits?: FileEditData[];
  /**
   * The fix also changes other files (`.env`, `.gitignore`). Their text can hold the secret the fix
   * moves, so it is not sent with every diagnostic: the code action request computes it again.
   */
  hasFileEdits?: boolean;
  clearOutputs?: { notebookUri: string; cells: number[] };
}

export interface FileEditData {
  path: string;
  text: string;
  unlessLine?: string;
}

/** What a diagnostic carries so that a code action is a lookup (a re-lint only for fixes that write other files). */
export type DiagnosticData = { kind: 'finding'; ruleId: string; fixes: FixData[]; suppress?: SuppressTarget } | { kind: 'unused'; uri: string; range: Range; ruleIds: string[] } | { kind: 'problem' };

/** How the units of an analysed document appear in the editor. */
export interface UnitView {
  /** URI of each unit (one per cell of an open notebook; the document URI otherwise). */
  uris: string[];
  /**
   * For a notebook shown as one JSON text (opened as text, or scanned from disk): the file line
   * of each source line of each cell. Findings are placed on those lines and cannot be fixed in place.
   */
  jsonLines?: number[][];
  /** Version of each unit's document when analysed (null when not open). */
  versions: (number | null)[];
  /** Document's own URI (the notebook URI for cells). */
  documentUri: string;
  /** Set for a live notebook: fixes that clear outputs name it. */
  notebookUri?: string;
}

const docsCache = new Map<string, string>();

export function ruleHref(ruleId: string): string {
  let href = docsCache.get(ruleId);
  if (!href) {
    href = ruleDocsUri(ruleId);
    docsCache.set(ruleId, href);
  }
  return href;
}

export function toSeverity(severity: Severity): DiagnosticSeverity {
  return severity === 'error' ? DiagnosticSeverity.Error : severity === 'warning' ? DiagnosticSeverity.Warning : DiagnosticSeverity.Information;
}

export interface BuildInput {
  document: AnalysisDocument;
  result: AnalysisResult;
  view: UnitView;
  /** Findings from the saved outputs of the notebook on disk. */
  outputFindings?: Finding[];
  /** Trees of the Python units (for syntax errors and suppression placement), when parsed. */
  treeOf?: (unit: number) => Tree | undefined;
  /** Resolves a fix's file edit path (relative to the project root). */
  resolvePath: (p: string) => string;
  /** Documents whose kind takes no comments (JSON): no suppression action. */
  commentable: boolean;
}

/** Turns an analysis into diagnostics per URI (every unit URI gets an entry, possibly empty). */
export function buildDiagnostics(input: BuildInput): Map<string, Diagnostic[]> {
  const { view } = input;
  const byUri = new Map<string, Diagnostic[]>();
  for (const uri of view.jsonLines ? [view.documentUri] : view.uris) byUri.set(uri, []);
  const add = (uri: string, diagnostic: Diagnostic) => {
    const list = byUri.get(uri);
    if (list) list.push(diagnostic);
    else byUri.set(uri, [diagnostic]);
  };
  const where = (unit: number, range: Range): { uri: string; range: Range; prefix: string } => {
    if (view.jsonLines) {
      const lines = view.jsonLines[unit] ?? [];
      const first = lines[range.start.line] ?? lines[lines.length - 1] ?? 0;
      const last = lines[range.end.line] ?? first;
      return { uri: view.documentUri, range: { start: { line: first, character: 0 }, end: { line: Math.max(first, last), character: 0 } }, prefix: `cell ${unit + 1}: ` };
    }
    return { uri: view.uris[unit] ?? view.documentUri, range, prefix: '' };
  };
  for (const finding of input.result.findings) {
    if (finding.origin) continue;
    const place = where(finding.unit, finding.range);
    add(place.uri, findingDiagnostic(finding, place.range, place.prefix, input, place.uri));
  }
  for (const finding of input.outputFindings ?? []) {
    if (finding.origin?.kind !== 'output') continue;
    const unit = input.document.units[finding.unit];
    if (!unit) continue;
    if (view.jsonLines) {
      // the .ipynb as text: the line of the file that stores the output line
      const stored = unit.outputs.find((o) => o.output === finding.origin?.output);
      const line = stored?.jsonLines[finding.origin.line] ?? stored?.jsonLines[0] ?? view.jsonLines[finding.unit]?.[0] ?? 0;
      add(view.documentUri, findingDiagnostic(finding, { start: { line, character: 0 }, end: { line, character: 0 } }, '', input, view.documentUri, false));
      continue;
    }
    // outputs are not part of the cell's text: the finding sits on the cell's last line, just above them
    const uri = view.uris[finding.unit];
    if (!uri) continue;
    const last = unit.lines.lineCount - 1;
    const range = finding.range.start.line <= last ? finding.range : { start: { line: last, character: 0 }, end: { line: last, character: unit.lines.lineText(last).length } };
    add(uri, findingDiagnostic(finding, range, '', input, uri));
  }
  for (const unused of input.result.unusedSuppressions) {
    const place = where(unused.unit, unused.range);
    add(place.uri, unusedDiagnostic(unused, place.range, place.prefix, view.jsonLines ? undefined : place.uri));
  }
  for (const problem of input.result.problems) {
    const place =
      problem.range && problem.unit !== undefined ? where(problem.unit, problem.range) : { uri: view.uris[problem.unit ?? 0] ?? view.documentUri, range: problem.range ?? zeroRange(), prefix: '' };
    add(place.uri, problemDiagnostic(problem, place.range));
  }
  if (input.treeOf) {
    for (const unit of input.document.units) {
      if (unit.language !== 'python') continue;
      const error = firstSyntaxError(input.treeOf(unit.index));
      if (!error) continue;
      const place = where(unit.index, error);
      add(place.uri, {
        range: place.range,
        severity: DiagnosticSeverity.Information,
        source: SOURCE,
        code: 'syntax-error',
        message: `${place.prefix}Syntax error here: secure-ml still checks the rest of the ${input.document.kind === 'notebook' ? 'cell' : 'file'}, but code around this point may be missed until it parses.`,
        data: { kind: 'problem' } satisfies DiagnosticData,
      });
    }
  }
  return byUri;
}

function zeroRange(): Range {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

function findingDiagnostic(finding: Finding, range: Range, prefix: string, input: BuildInput, uri: string, inPlace = !input.view.jsonLines): Diagnostic {
  const { view } = input;
  const fixes: FixData[] = inPlace
    ? finding.fixes.map((fix) => ({
        title: fix.title,
        safe: fix.safe,
        edits: fix.edits.map((edit) => ({ uri: view.uris[edit.unit] ?? view.documentUri, version: view.versions[edit.unit] ?? null, range: edit.range, newText: edit.newText })),
        ...(fix.fileEdits && fix.fileEdits.length > 0 ? { hasFileEdits: true } : {}),
        ...(fix.clearOutputs && fix.clearOutputs.length > 0 && view.notebookUri ? { clearOutputs: { notebookUri: view.notebookUri, cells: fix.clearOutputs } } : {}),
      }))
    : [];
  let suppress: SuppressTarget | undefined;
  if (inPlace && input.commentable && !finding.origin) {
    const tree = input.treeOf?.(finding.unit);
    const unit = input.document.units[finding.unit];
    const line = finding.range.start.line;
    const placement = unit?.language === 'python' ? commentPlacement(tree, line, unit.lines.lineText(line).length) : 'above';
    if (placement) suppress = { uri, version: view.versions[finding.unit] ?? null, line, placement };
  }
  return {
    range,
    severity: toSeverity(finding.severity),
    source: SOURCE,
    code: finding.ruleId,
    codeDescription: { href: ruleHref(finding.ruleId) },
    message: prefix + finding.message,
    data: { kind: 'finding', ruleId: finding.ruleId, fixes, suppress } satisfies DiagnosticData,
  };
}

function unusedDiagnostic(unused: UnusedSuppression, range: Range, prefix: string, uri: string | undefined): Diagnostic {
  return {
    range,
    severity: DiagnosticSeverity.Information,
    source: SOURCE,
    code: 'unused-suppression',
    message: prefix + unused.message,
    tags: [DiagnosticTag.Unnecessary],
    data: (uri ? { kind: 'unused', uri, range: unused.range, ruleIds: unused.ruleIds } : { kind: 'problem' }) satisfies DiagnosticData,
  };
}

export function problemDiagnostic(problem: Pick<AnalysisProblem, 'message'>, range: Range = zeroRange()): Diagnostic {
  return {
    range,
    severity: DiagnosticSeverity.Warning,
    source: SOURCE,
    code: 'analysis-problem',
    message: `secure-ml could not analyse this: ${problem.message}`,
    data: { kind: 'problem' } satisfies DiagnosticData,
  };
}

/** The first ERROR or MISSING node of a tree, as a range; undefined when the tree parses cleanly. */
export function firstSyntaxError(tree: Tree | undefined): Range | undefined {
  if (!tree || !tree.rootNode.hasError) return undefined;
  const cursor = tree.walk();
  try {
    for (;;) {
      const node = cursor.currentNode;
      if (node.isError || node.isMissing) {
        const start = { line: node.startPosition.row, character: node.startPosition.column };
        const end =
          node.endPosition.row === node.startPosition.row
            ? { line: node.endPosition.row, character: Math.max(node.endPosition.column, node.startPosition.column + 1) }
            : { line: node.startPosition.row, character: node.startPosition.column + 1 };
        return { start, end };
      }
      if (node.hasError && cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) if (!cursor.gotoParent()) return undefined;
    }
  } finally {
    cursor.delete();
  }
}

/**
 * Where a suppression comment for `line` can go: at its end, unless the line ends inside a string
 * that goes on (the comment would become text): then on its own line above, when the string starts
 * on this line; undefined when the whole line is inside a string.
 */
function commentPlacement(tree: Tree | undefined, line: number, column: number): 'end' | 'above' | undefined {
  if (!tree) return 'end';
  let node: ReturnType<Tree['rootNode']['descendantForPosition']> | null = tree.rootNode.descendantForPosition({ row: line, column });
  for (let depth = 0; node && depth < 6; depth++, node = node.parent) {
    if (node.type === 'string' && node.endPosition.row > line) return node.startPosition.row === line ? 'above' : undefined;
  }
  return 'end';
}
