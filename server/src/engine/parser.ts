import * as fs from 'node:fs';
import * as path from 'node:path';
import { Edit, Language, Parser, type Range, type Tree } from 'web-tree-sitter';

export type { Node, Tree } from 'web-tree-sitter';

let loading: Promise<Language> | undefined;
let language: Language | undefined;

/**
 * Finds a wasm file: beside the bundle (dist/, the .vsix) or in node_modules (tests, development).
 */
function locateWasm(fileName: string, packagePath: string): string {
  const besideBundle = path.join(__dirname, fileName);
  if (fs.existsSync(besideBundle)) return besideBundle;
  return require.resolve(packagePath);
}

/** Loads web-tree-sitter and the Python grammar once per process. */
export function loadPython(): Promise<Language> {
  loading ??= (async () => {
    const runtime = locateWasm('web-tree-sitter.wasm', 'web-tree-sitter/web-tree-sitter.wasm');
    await Parser.init({ locateFile: () => runtime });
    const wasm = locateWasm('tree-sitter-python.wasm', 'tree-sitter-python/tree-sitter-python.wasm');
    language = await Language.load(fs.readFileSync(wasm));
    return language;
  })();
  return loading;
}

function loadedLanguage(): Language {
  if (!language) throw new Error('secure-ml: the Python grammar is not loaded; await loadPython() first');
  return language;
}

let sharedParser: Parser | undefined;

function parser(): Parser {
  if (!sharedParser) {
    sharedParser = new Parser();
    sharedParser.setLanguage(loadedLanguage());
  }
  return sharedParser;
}

/** Parses `code` from scratch. The caller owns the tree (call `tree.delete()` when done). */
export function parsePython(code: string): Tree {
  const tree = parser().parse(code);
  if (!tree) throw new Error('secure-ml: tree-sitter returned no tree');
  return tree;
}

/** Parses only `ranges` of `code` (positions stay those of the whole text). The caller owns the tree. */
export function parseRanges(code: string, ranges: Range[]): Tree {
  // hand tree-sitter the text up to the last range only: given the whole string, each read copies
  // up to 10 KB of the text after the offset asked for, which for a one-line statement in a large
  // file costs far more than the parse (repair.ts parses many such statements after a typing error)
  const end = ranges.reduce((max, range) => Math.max(max, range.endIndex), 0);
  const tree = parser().parse((index) => (index < end ? code.slice(index, end) : ''), null, { includedRanges: ranges });
  if (!tree) throw new Error('secure-ml: tree-sitter returned no tree');
  return tree;
}

function pointAt(text: string, offset: number): { row: number; column: number } {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}

/**
 * Keeps the last tree per key (a document URI, a cell URI...) and reparses incrementally:
 * the edit is the span between the common prefix and suffix of the old and new code, so any
 * change (typing, a paste, a fix) reuses the unchanged parts of the tree.
 */
export class ParseCache {
  private readonly entries = new Map<string, { code: string; tree: Tree }>();

  get(key: string, code: string): Tree {
    const entry = this.entries.get(key);
    if (entry && entry.code === code) return entry.tree;
    let tree: Tree;
    if (entry) {
      const old = entry.code;
      let prefix = 0;
      const maxPrefix = Math.min(old.length, code.length);
      while (prefix < maxPrefix && old.charCodeAt(prefix) === code.charCodeAt(prefix)) prefix++;
      let suffix = 0;
      const maxSuffix = Math.min(old.length, code.length) - prefix;
      while (suffix < maxSuffix && old.charCodeAt(old.length - 1 - suffix) === code.charCodeAt(code.length - 1 - suffix)) suffix++;
      const oldEnd = old.length - suffix;
      const newEnd = code.length - suffix;
      const start = pointAt(old, prefix);
      entry.tree.edit(
        new Edit({
          startIndex: prefix,
          oldEndIndex: oldEnd,
          newEndIndex: newEnd,
          startPosition: start,
          oldEndPosition: pointAt(old, oldEnd),
          newEndPosition: pointAt(code, newEnd),
        }),
      );
      const reparsed = parser().parse(code, entry.tree);
      entry.tree.delete();
      if (!reparsed) throw new Error('secure-ml: tree-sitter returned no tree');
      tree = reparsed;
    } else {
      tree = parsePython(code);
    }
    this.entries.set(key, { code, tree });
    return tree;
  }

  delete(key: string): void {
    this.entries.get(key)?.tree.delete();
    this.entries.delete(key);
  }

  /** Drops every key for which `keep` returns false. */
  retain(keep: (key: string) => boolean): void {
    for (const key of [...this.entries.keys()]) if (!keep(key)) this.delete(key);
  }

  clear(): void {
    for (const key of [...this.entries.keys()]) this.delete(key);
  }
}
