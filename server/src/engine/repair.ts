import type { SourceUnit } from './document';
import { parseRanges, type Node, type Tree } from './parser';

/**
 * tree-sitter recovers from most syntax errors, but one unclosed bracket (as when a line is
 * being typed) turns the rest of the file into ERROR nodes in which calls are mangled. For code
 * inside an ERROR node the engine re-parses just its statement (the physical lines of a logical
 * line) with `includedRanges`: the small tree keeps file positions, costs a fraction of a
 * millisecond, and reads the statement as the user meant it.
 */
export class UnitTrees {
  private readonly repaired = new Map<number, Tree>();

  constructor(
    private readonly unit: SourceUnit,
    readonly main: Tree,
  ) {}

  /** The smallest node spanning [start, end), taken from a repaired statement when the main tree has it inside an ERROR. */
  nodeAt(start: number, end: number): Node | null {
    const node = this.main.rootNode.descendantForIndex(start, end);
    if (!node || !this.main.rootNode.hasError || !insideError(node)) return node;
    const tree = this.repairAt(start);
    return tree ? tree.rootNode.descendantForIndex(start, end) : node;
  }

  private repairAt(offset: number): Tree | undefined {
    const lines = this.unit.lines;
    const { first, last } = statementLines(this.unit.code, lines.lineStart.bind(lines), lines.lineEnd.bind(lines), lines.lineCount, lines.positionAt(offset).line);
    const cached = this.repaired.get(first);
    if (cached) return cached;
    const startIndex = lines.lineStart(first);
    const endIndex = Math.min(this.unit.code.length, lines.lineEnd(last) + 1);
    const end = lines.positionAt(endIndex);
    const tree = parseRanges(this.unit.code, [{ startIndex, endIndex, startPosition: { row: first, column: 0 }, endPosition: { row: end.line, column: end.character } }]);
    this.repaired.set(first, tree);
    return tree;
  }

  dispose(): void {
    for (const tree of this.repaired.values()) tree.delete();
    this.repaired.clear();
  }
}

/** Whether `node` is an ERROR or inside one: stepping down from the root (each `parent` walks down from the root in tree-sitter, so climbing is quadratic in the depth). */
export function insideError(node: Node): boolean {
  let current: Node | null = node.tree.rootNode;
  while (current && current.id !== node.id) {
    if (current.type === 'ERROR') return true;
    current = current.childWithDescendant(node);
  }
  if (current) return node.type === 'ERROR';
  // not reached from the root (an empty node on an edge): climb
  for (let up: Node | null = node; up; up = up.parent) if (up.type === 'ERROR') return true;
  return false;
}

const MAX_STATEMENT_LINES = 40;

function indentation(text: string): number {
  return /^[ \t]*/.exec(text)?.[0].length ?? 0;
}

/** The code of a line without a trailing comment (roughly: a `#` outside quotes). */
function codeOf(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#') return line.slice(0, i).trimEnd();
  }
  return line.trimEnd();
}

/**
 * The physical lines of the logical line around `line`: upwards while the line above leaves a
 * bracket, a comma or a backslash open; downwards while lines are more indented than the first
 * or close a bracket.
 */
export function statementLines(code: string, lineStart: (line: number) => number, lineEnd: (line: number) => number, lineCount: number, line: number): { first: number; last: number } {
  const text = (n: number) => code.slice(lineStart(n), lineEnd(n));
  let first = line;
  while (first > 0 && line - first < MAX_STATEMENT_LINES) {
    const above = codeOf(text(first - 1));
    const current = text(first).trimStart();
    if (/[([{,\\]$/.test(above) || /^[)\]}.]/.test(current)) first--;
    else break;
  }
  const baseIndent = indentation(text(first));
  let last = line;
  while (last + 1 < lineCount && last - first < MAX_STATEMENT_LINES) {
    const next = text(last + 1);
    if (next.trim() === '') break;
    if (indentation(next) > baseIndent || /^[ \t]*[)\]}]/.test(next) || /[([{,\\]$/.test(codeOf(text(last)))) last++;
    else break;
  }
  return { first, last };
}
