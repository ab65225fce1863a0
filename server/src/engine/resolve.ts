import type { Node, Tree } from './parser';
import type { SourceUnit } from './document';
import { escapeRegExp } from './text';

/**
 * Name resolution over a document's Python units, demand-driven: a name's bindings are found by
 * searching the code for the name and classifying each occurrence with the tree, so the cost is
 * proportional to the names a rule asks about, not to the size of the file.
 */

export type BindingKind = 'import' | 'assign' | 'with' | 'for' | 'param' | 'function' | 'class' | 'except' | 'global' | 'other';

export interface Binding {
  name: string;
  kind: BindingKind;
  unit: number;
  /** Offset of the bound identifier in its unit. */
  offset: number;
  /** Node id of the function/lambda/class whose scope holds the binding; 0 for module scope. */
  scope: number;
  /** For imports: the fully qualified name bound (`torch.load` for `from torch import load as tl`). */
  qualified?: string;
  /** For `import` of star: the module. */
  star?: string;
  /** For assignments and `with ... as`: the expression assigned. */
  value?: Node;
  /** The definition node (function/class) or the identifier. */
  node: Node;
}

export type Value =
  | { kind: 'string'; value: string; node: Node }
  /** A string with parts known only at run time (f-string, `+`, `%`, `.format`). */
  | { kind: 'template'; staticText: string; node: Node }
  | { kind: 'number'; value: number; node: Node }
  | { kind: 'bool'; value: boolean; node: Node }
  | { kind: 'none'; node: Node }
  /** A reference to something imported, e.g. `yaml.SafeLoader`, `ssl.CERT_NONE`. */
  | { kind: 'name'; qualified: string; node: Node }
  /** The result of a call; `callee` when it resolves. */
  | { kind: 'call'; callee: string | undefined; node: Node }
  | { kind: 'sequence'; items: Value[]; node: Node }
  | { kind: 'dict'; entries: { key: Value; value: Value }[]; node: Node }
  | { kind: 'unknown'; node?: Node };

const DEFINITION_BEFORE = /^[ \t]*(?:async[ \t]+)?(?:def|class)[ \t]+$/;
const IMPORT_LINE = /^[ \t]*(?:import|from)\b/;

/**
 * True for an occurrence of a name that is certainly a use, not a binding, judged from the text
 * alone: followed by `.`, `(` or `[` (`x.attr`, `x()`, `x[i]`), except a `def`/`class` name and
 * names on an import line (`import a.b` binds `a`). Saves a tree lookup for most occurrences of
 * common names (`model`, `df`, `np`) when their bindings are collected.
 */
export function isPlainUse(code: string, start: number, end: number): boolean {
  let i = end;
  while (code.charCodeAt(i) === 32 || code.charCodeAt(i) === 9) i++;
  const next = code[i];
  if (next !== '.' && next !== '(' && next !== '[') return false;
  const before = code.slice(code.lastIndexOf('\n', start - 1) + 1, start);
  return !DEFINITION_BEFORE.test(before) && !IMPORT_LINE.test(before);
}

/** Modules known under several names: resolved names use the canonical one. */
const MODULE_ALIASES: [string, string][] = [
  ['sklearn.externals.joblib', 'joblib'],
  ['cPickle', 'pickle'],
  ['_pickle', 'pickle'],
  ['pickle5', 'pickle'],
  ['tensorflow.keras', 'keras'],
  ['tensorflow.python.keras', 'keras'],
  ['tf_keras', 'keras'],
  ['keras.src', 'keras'],
  ['torch.serialization.load', 'torch.load'],
];

export function canonicalName(qualified: string): string {
  for (const [from, to] of MODULE_ALIASES) {
    if (qualified === from) return to;
    if (qualified.startsWith(from + '.')) return to + qualified.slice(from.length);
  }
  return qualified;
}

/** Public names that `from MODULE import *` binds, for the modules rules care about. */
const STAR_EXPORTS: Record<string, string[]> = {
  pickle: ['load', 'loads', 'Unpickler', 'dump', 'dumps', 'Pickler'],
  cPickle: ['load', 'loads', 'Unpickler'],
  dill: ['load', 'loads', 'Unpickler'],
  cloudpickle: ['load', 'loads'],
  joblib: ['load', 'dump'],
  marshal: ['load', 'loads'],
  shelve: ['open', 'Shelf'],
  yaml: ['load', 'load_all', 'unsafe_load', 'unsafe_load_all', 'full_load', 'Loader', 'UnsafeLoader', 'FullLoader', 'SafeLoader', 'safe_load'],
  torch: ['load', 'save'],
  subprocess: ['call', 'run', 'Popen', 'check_call', 'check_output', 'getoutput', 'getstatusoutput'],
  os: ['system', 'popen', 'environ', 'getenv'],
  tempfile: ['mktemp', 'mkstemp', 'NamedTemporaryFile', 'TemporaryDirectory'],
  hashlib: ['md5', 'sha1', 'sha256', 'new'],
  transformers: ['AutoModel', 'AutoTokenizer', 'pipeline', 'AutoModelForCausalLM', 'AutoConfig'],
};

/** A name made only of the characters the occurrence pattern treats as word characters, and a run of them. */
const WORD = /^[\p{L}\p{N}_]+$/u;
const WORDS = /[\p{L}\p{N}_]+/gu;

const SCOPE_TYPES = new Set(['function_definition', 'lambda', 'class_definition']);

export interface TreeSource {
  readonly units: readonly SourceUnit[];
  /** The smallest node spanning [start, end) in a Python unit (parsed on first use; statements inside syntax errors re-parsed). */
  nodeAt(unit: SourceUnit, start: number, end: number): Node | null;
}

function fieldChild(node: Node, field: string): Node | null {
  return node.childForFieldName(field);
}

/** The node if it is exactly an identifier at [offset, offset + length). */
export function asIdentifier(node: Node | null, offset: number, length: number): Node | undefined {
  return node && node.type === 'identifier' && node.startIndex === offset && node.endIndex === offset + length ? node : undefined;
}

/** The innermost function, lambda or class around `node` (its node id), or 0 for module scope. */
export function scopeOf(node: Node): Node | undefined {
  // stepping down from the root (see enclosingScopes): cheaper than climbing parents
  let scope: Node | undefined;
  let current: Node | null = node.tree.rootNode;
  for (let depth = 0; current && current.id !== node.id && depth < 1000; depth++) {
    if (SCOPE_TYPES.has(current.type)) scope = current;
    current = current.childWithDescendant(node);
  }
  return scope;
}

interface ScopeRange {
  id: number;
  isClass: boolean;
  start: number;
  end: number;
}

/** The functions, lambdas and classes of each tree, by start (outer before inner): found once per tree. */
const scopeIndexes = new WeakMap<Tree, ScopeRange[]>();

/** `def`, `class` and `lambda` as whole words: where the scopes of a tree start. */
const SCOPE_KEYWORD = /\b(?:def|class|lambda)\b/g;

function scopeIndex(tree: Tree): ScopeRange[] {
  let index = scopeIndexes.get(tree);
  if (!index) {
    // from the keywords in the text: ten times cheaper than descendantsOfType, which visits every node in wasm
    index = [];
    const root = tree.rootNode;
    const text = root.text;
    const base = root.startIndex;
    SCOPE_KEYWORD.lastIndex = 0;
    for (let match = SCOPE_KEYWORD.exec(text); match; match = SCOPE_KEYWORD.exec(text)) {
      const start = base + match.index;
      const keyword = root.descendantForIndex(start, start + match[0].length);
      if (keyword?.type !== match[0]) continue; // in a string, a comment, or part of a longer name
      const scope = keyword.parent;
      if (scope && SCOPE_TYPES.has(scope.type)) index.push({ id: scope.id, isClass: scope.type === 'class_definition', start: scope.startIndex, end: scope.endIndex });
    }
    index.sort((a, b) => a.start - b.start || b.end - a.end);
    scopeIndexes.set(tree, index);
  }
  return index;
}

/**
 * The functions, lambdas and classes around `node` (its proper ancestors of those types), outermost
 * first: the scopes of its tree whose range holds the node's. (`node.parent` costs a walk from the
 * root in tree-sitter, so climbing parents is quadratic in the depth.)
 */
export function enclosingScopes(node: Node): { id: number; isClass: boolean }[] {
  const start = node.startIndex;
  const end = node.endIndex;
  // an empty node on a scope's edge is ambiguous by range alone
  if (start === end) return enclosingScopesByDescent(node);
  const scopes: { id: number; isClass: boolean }[] = [];
  for (const scope of scopeIndex(node.tree)) {
    if (scope.start > start) break;
    if (scope.end < end || scope.id === node.id) continue;
    // same range as the node: an ancestor or a descendant (`lambda: 0` as a statement)? ask the tree
    if (scope.start === start && scope.end === end) return enclosingScopesByDescent(node);
    scopes.push({ id: scope.id, isClass: scope.isClass });
  }
  return scopes;
}

/** Same, stepping down from the root with `childWithDescendant`. */
function enclosingScopesByDescent(node: Node): { id: number; isClass: boolean }[] {
  const scopes: { id: number; isClass: boolean }[] = [];
  let current: Node | null = node.tree.rootNode;
  for (let depth = 0; current && current.id !== node.id && depth < 1000; depth++) {
    if (SCOPE_TYPES.has(current.type)) scopes.push({ id: current.id, isClass: current.type === 'class_definition' });
    current = current.childWithDescendant(node);
  }
  return scopes;
}

/** Scopes whose names are visible from `node`, innermost first, module scope (0) last. */
function visibleScopes(node: Node): number[] {
  const scopes: number[] = [];
  const enclosing = enclosingScopes(node);
  for (let i = enclosing.length - 1; i >= 0; i--) {
    // a class body's names are not visible from the methods inside it
    if (!enclosing[i].isClass || i === enclosing.length - 1) scopes.push(enclosing[i].id);
  }
  scopes.push(0);
  return scopes;
}

function dottedText(node: Node | null): string {
  return node ? node.text.replace(/\s+/g, '') : '';
}

export class Resolver {
  private readonly bindingCache = new Map<string, Binding[]>();
  private readonly referenceCache = new Map<string, { node: Node; unit: number }[]>();
  /** Lookups by identifier position: rules and the personal-data model ask about the same uses many times. */
  private readonly lookupCache = new Map<string, Binding | null>();
  /** Per unit index: word → offsets (see wordIndex). */
  private readonly wordIndexes = new Map<number, Map<string, number[]>>();
  private readonly scopeCache = new Map<string, { byScope: Map<number, Binding[]>; moduleOnly: boolean }>();
  private starScanned = false;
  private starList: { module: string; unit: number; offset: number }[] = [];

  constructor(private readonly source: TreeSource) {}

  /** Every binding of `name` in the document's Python units, in program order. */
  bindings(name: string): Binding[] {
    let list = this.bindingCache.get(name);
    if (list) return list;
    list = [];
    // occurrences that are plainly uses cannot bind: skip their tree lookups unless every reference is known already
    for (const { node, unit } of this.referenceCache.get(name) ?? this.occurrences(name, true)) {
      const binding = classifyBinding(node, unit);
      if (binding) list.push(binding);
    }
    this.bindingCache.set(name, list);
    return list;
  }

  /** Every identifier `name` in the document's Python units (bindings and uses), in program order. */
  references(name: string): { node: Node; unit: number }[] {
    let list = this.referenceCache.get(name);
    if (!list) {
      list = this.occurrences(name, false);
      this.referenceCache.set(name, list);
    }
    return list;
  }

  /** The identifiers `name` in the Python units; with `skipPlainUses`, not those the text shows to be uses (see isPlainUse). */
  private occurrences(name: string, skipPlainUses: boolean): { node: Node; unit: number }[] {
    const list: { node: Node; unit: number }[] = [];
    const indexed = WORD.test(name);
    const pattern = indexed ? undefined : new RegExp(`(?<![\\p{L}\\p{N}_.])${escapeRegExp(name)}(?![\\p{L}\\p{N}_])`, 'gu');
    for (const unit of this.source.units) {
      if (unit.language !== 'python') continue;
      const add = (offset: number) => {
        if (skipPlainUses && isPlainUse(unit.code, offset, offset + name.length)) return;
        const identifier = asIdentifier(this.source.nodeAt(unit, offset, offset + name.length), offset, name.length);
        if (identifier) list.push({ node: identifier, unit: unit.index });
      };
      if (!pattern) {
        for (const offset of this.wordIndex(unit).get(name) ?? []) add(offset);
        continue;
      }
      if (!unit.code.includes(name)) continue;
      pattern.lastIndex = 0;
      for (let match = pattern.exec(unit.code); match; match = pattern.exec(unit.code)) add(match.index);
    }
    return list;
  }

  /**
   * Where each word of a unit starts (a maximal run of letters, digits and `_` not just after a
   * `.`): one pass over the unit, built on first need, instead of a search of the whole unit per
   * name looked up. The same offsets as the pattern `(?<![\p{L}\p{N}_.])name(?![\p{L}\p{N}_])`.
   */
  private wordIndex(unit: SourceUnit): Map<string, number[]> {
    let index = this.wordIndexes.get(unit.index);
    if (!index) {
      index = new Map();
      const code = unit.code;
      WORDS.lastIndex = 0;
      for (let match = WORDS.exec(code); match; match = WORDS.exec(code)) {
        if (match.index > 0 && code.charCodeAt(match.index - 1) === 46) continue; // `.`: an attribute
        const offsets = index.get(match[0]);
        if (offsets) offsets.push(match.index);
        else index.set(match[0], [match.index]);
      }
      this.wordIndexes.set(unit.index, index);
    }
    return index;
  }

  /** The binding that `identifier` (a use of a name) refers to, if any. */
  lookup(identifier: Node, unit: number): Binding | undefined {
    const key = `${unit}:${identifier.startIndex}:${identifier.endIndex}`;
    const cached = this.lookupCache.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const binding = this.findBinding(identifier, unit);
    this.lookupCache.set(key, binding ?? null);
    return binding;
  }

  private findBinding(identifier: Node, unit: number): Binding | undefined {
    const { byScope, moduleOnly } = this.bindingsByScope(identifier.text);
    if (byScope.size === 0) return undefined;
    // names bound only at module level (imports, constants: the common case) need no scope walk
    const scopes = moduleOnly ? [0] : visibleScopes(identifier);
    const at = identifier.startIndex;
    for (const scope of scopes) {
      const list = byScope.get(scope);
      if (!list) continue;
      // the last binding at or before the use; failing that, the first after it (a function's later assignment)
      let low = 0;
      let high = list.length;
      while (low < high) {
        const mid = (low + high) >> 1;
        const binding = list[mid];
        if (binding.unit < unit || (binding.unit === unit && binding.offset <= at)) low = mid + 1;
        else high = mid;
      }
      return low > 0 ? list[low - 1] : list[0];
    }
    return undefined;
  }

  /**
   * The bindings of `name` other than `global`/`nonlocal` declarations, grouped by scope in program
   * order, and whether they are all at module level: a lookup then costs a binary search per
   * visible scope instead of a pass over every binding of the name.
   */
  private bindingsByScope(name: string): { byScope: Map<number, Binding[]>; moduleOnly: boolean } {
    let entry = this.scopeCache.get(name);
    if (!entry) {
      const byScope = new Map<number, Binding[]>();
      const all = this.bindings(name);
      for (const binding of all) {
        if (binding.kind === 'global') continue;
        const list = byScope.get(binding.scope);
        if (list) list.push(binding);
        else byScope.set(binding.scope, [binding]);
      }
      for (const list of byScope.values()) list.sort((a, b) => a.unit - b.unit || a.offset - b.offset);
      entry = { byScope, moduleOnly: all.every((b) => b.scope === 0) };
      this.scopeCache.set(name, entry);
    }
    return entry;
  }

  /** Modules star-imported anywhere in the document (`from pickle import *`). */
  private starImports(): { module: string; unit: number; offset: number }[] {
    if (this.starScanned) return this.starList;
    this.starScanned = true;
    for (const unit of this.source.units) {
      if (unit.language !== 'python' || !unit.code.includes('*')) continue;
      const pattern = /\bfrom[ \t]+([\w.]+)[ \t]+import[ \t]+\*/g;
      for (let match = pattern.exec(unit.code); match; match = pattern.exec(unit.code)) {
        const node = this.source.nodeAt(unit, match.index, match.index + 4);
        if (node?.parent?.type === 'import_from_statement') this.starList.push({ module: match[1], unit: unit.index, offset: match.index });
      }
    }
    return this.starList;
  }

  /**
   * The fully qualified, canonical name an expression refers to: `th.load` → `torch.load`,
   * `loader` (after `loader = pickle.loads`) → `pickle.loads`, `tarfile.open(p)` →
   * `tarfile.open()`, `app.get` (after `app = FastAPI()`) → `fastapi.FastAPI().get`.
   * A name with no binding resolves to itself (builtins such as `eval`, `open`).
   */
  qualifiedName(node: Node, unit: number, depth = 0): string | undefined {
    if (depth > 12) return undefined;
    switch (node.type) {
      case 'identifier': {
        const binding = this.lookup(node, unit);
        if (!binding) {
          const star = this.starImports().find((s) => STAR_EXPORTS[s.module]?.includes(node.text));
          return canonicalName(star ? `${star.module}.${node.text}` : node.text);
        }
        return this.bindingQualifiedName(binding, depth);
      }
      case 'attribute': {
        const object = fieldChild(node, 'object');
        const attribute = fieldChild(node, 'attribute');
        if (!object || !attribute) return undefined;
        const base = this.qualifiedName(object, unit, depth + 1);
        return base ? canonicalName(`${base}.${attribute.text}`) : undefined;
      }
      case 'call': {
        const fn = fieldChild(node, 'function');
        const base = fn ? this.qualifiedName(fn, unit, depth + 1) : undefined;
        return base ? `${base}()` : undefined;
      }
      case 'parenthesized_expression': {
        const inner = node.namedChild(0);
        return inner ? this.qualifiedName(inner, unit, depth + 1) : undefined;
      }
      case 'await': {
        const inner = node.namedChild(0);
        return inner ? this.qualifiedName(inner, unit, depth + 1) : undefined;
      }
      default:
        return undefined;
    }
  }

  bindingQualifiedName(binding: Binding, depth = 0): string | undefined {
    switch (binding.kind) {
      case 'import':
        return binding.qualified ? canonicalName(binding.qualified) : undefined;
      case 'assign':
      case 'with':
        return binding.value ? this.qualifiedName(binding.value, binding.unit, depth + 1) : undefined;
      default:
        return undefined;
    }
  }

  /** The value of an expression when it is known without running the code. */
  valueOf(node: Node, unit: number, depth = 0): Value {
    if (depth > 12) return { kind: 'unknown', node };
    switch (node.type) {
      case 'string': {
        const parts = stringParts(node);
        return parts.dynamic ? { kind: 'template', staticText: parts.text, node } : { kind: 'string', value: parts.text, node };
      }
      case 'concatenated_string': {
        let text = '';
        let dynamic = false;
        for (const child of node.namedChildren) {
          if (!child || child.type !== 'string') continue;
          const parts = stringParts(child);
          text += parts.text;
          dynamic ||= parts.dynamic;
        }
        return dynamic ? { kind: 'template', staticText: text, node } : { kind: 'string', value: text, node };
      }
      case 'integer':
      case 'float':
        return { kind: 'number', value: Number(node.text.replace(/_/g, '')), node };
      case 'true':
        return { kind: 'bool', value: true, node };
      case 'false':
        return { kind: 'bool', value: false, node };
      case 'none':
        return { kind: 'none', node };
      case 'parenthesized_expression': {
        const inner = node.namedChild(0);
        return inner ? this.valueOf(inner, unit, depth + 1) : { kind: 'unknown', node };
      }
      case 'list':
      case 'tuple':
      case 'set':
        return { kind: 'sequence', items: node.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment').map((c) => this.valueOf(c, unit, depth + 1)), node };
      case 'dictionary': {
        const entries: { key: Value; value: Value }[] = [];
        for (const pair of node.namedChildren) {
          if (pair?.type !== 'pair') continue;
          const key = fieldChild(pair, 'key');
          const value = fieldChild(pair, 'value');
          if (key && value) entries.push({ key: this.valueOf(key, unit, depth + 1), value: this.valueOf(value, unit, depth + 1) });
        }
        return { kind: 'dict', entries, node };
      }
      case 'binary_operator': {
        const operator = fieldChild(node, 'operator')?.text;
        const left = fieldChild(node, 'left');
        const right = fieldChild(node, 'right');
        if (!left || !right || (operator !== '+' && operator !== '%')) return { kind: 'unknown', node };
        const l = this.valueOf(left, unit, depth + 1);
        const r = this.valueOf(right, unit, depth + 1);
        if (operator === '+' && l.kind === 'string' && r.kind === 'string') return { kind: 'string', value: l.value + r.value, node };
        if (l.kind === 'string' || l.kind === 'template' || r.kind === 'string' || r.kind === 'template') {
          const text = (v: Value) => (v.kind === 'string' ? v.value : v.kind === 'template' ? v.staticText : '{}');
          if (operator === '%' && l.kind === 'string' && (r.kind === 'string' || r.kind === 'number')) return { kind: 'unknown', node };
          return { kind: 'template', staticText: operator === '+' ? text(l) + text(r) : text(l), node };
        }
        return { kind: 'unknown', node };
      }
      case 'identifier': {
        const binding = this.lookup(node, unit);
        if (!binding) {
          const qualified = this.qualifiedName(node, unit, depth + 1);
          return qualified && qualified !== node.text ? { kind: 'name', qualified, node } : { kind: 'unknown', node };
        }
        if (binding.kind === 'import') return { kind: 'name', qualified: canonicalName(binding.qualified ?? node.text), node };
        if (binding.kind === 'assign' && binding.value) {
          // a name assigned more than once in its scope has no single known value
          if (this.bindingsByScope(node.text).byScope.get(binding.scope)?.length === 1) return this.valueOf(binding.value, binding.unit, depth + 1);
          return { kind: 'unknown', node };
        }
        return { kind: 'unknown', node };
      }
      case 'attribute': {
        const qualified = this.qualifiedName(node, unit, depth + 1);
        return qualified ? { kind: 'name', qualified, node } : { kind: 'unknown', node };
      }
      case 'call': {
        const fn = fieldChild(node, 'function');
        if (fn?.type === 'attribute' && fieldChild(fn, 'attribute')?.text === 'format') {
          const receiver = fieldChild(fn, 'object');
          const base = receiver ? this.valueOf(receiver, unit, depth + 1) : undefined;
          if (base?.kind === 'string' || base?.kind === 'template') return { kind: 'template', staticText: base.kind === 'string' ? base.value : base.staticText, node };
        }
        return { kind: 'call', callee: fn ? this.qualifiedName(fn, unit, depth + 1) : undefined, node };
      }
      default:
        return { kind: 'unknown', node };
    }
  }
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0', a: '\x07', b: '\b', f: '\f', v: '\v' };

/** The text of a string literal (escapes decoded unless raw) and whether it interpolates values. */
export function stringParts(node: Node): { text: string; dynamic: boolean; prefix: string } {
  const start = node.child(0);
  const prefix = start?.type === 'string_start' ? start.text.replace(/['"]+$/, '').toLowerCase() : '';
  const raw = prefix.includes('r');
  let text = '';
  let dynamic = false;
  for (const child of node.children) {
    if (!child) continue;
    if (child.type === 'string_content') {
      text += raw ? child.text : decodeEscapes(child.text);
    } else if (child.type === 'interpolation') {
      text += '{}';
      dynamic = true;
    }
  }
  return { text, dynamic, prefix };
}

function decodeEscapes(text: string): string {
  if (!text.includes('\\')) return text;
  return text.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|\n|.)/g, (whole, code: string) => {
    if (code === '\n') return '';
    if (code.length > 1) return String.fromCodePoint(parseInt(code.slice(1), 16));
    return ESCAPES[code] ?? whole;
  });
}

/** Statements that are at module level when they start a line at column 0 (Python needs indentation inside blocks). */
const MODULE_LEVEL_AT_COLUMN_0 = new Set([
  'import_statement',
  'import_from_statement',
  'future_import_statement',
  'assignment',
  'augmented_assignment',
  'for_statement',
  'function_definition',
  'class_definition',
  'global_statement',
]);

function scopeIdOf(node: Node): number {
  // most imports and module constants: no need to index the tree's scopes
  if (MODULE_LEVEL_AT_COLUMN_0.has(node.type) && node.startPosition.column === 0) return 0;
  const enclosing = enclosingScopes(node);
  return enclosing.length > 0 ? enclosing[enclosing.length - 1].id : 0;
}

/** If `identifier` binds a name (rather than using it), the binding; otherwise undefined. */
export function classifyBinding(identifier: Node, unit: number): Binding | undefined {
  const parent = identifier.parent;
  if (!parent) return undefined;
  const name = identifier.text;
  const base = { name, unit, offset: identifier.startIndex, node: identifier };
  // asked only where it matters: finding a child's field name walks every child of the parent
  const isField = (name: string) => fieldChild(parent, name)?.id === identifier.id;
  switch (parent.type) {
    case 'assignment':
      if (isField('left')) {
        const right = fieldChild(parent, 'right');
        // `a = b = value`: the innermost right side is the value
        let value = right;
        while (value?.type === 'assignment') value = fieldChild(value, 'right');
        return { ...base, kind: 'assign', scope: scopeIdOf(parent), value: value ?? undefined };
      }
      return undefined;
    case 'augmented_assignment':
      return isField('left') ? { ...base, kind: 'other', scope: scopeIdOf(parent) } : undefined;
    case 'named_expression':
      return isField('name') ? { ...base, kind: 'assign', scope: scopeIdOf(parent), value: fieldChild(parent, 'value') ?? undefined } : undefined;
    case 'as_pattern_target': {
      const pattern = parent.parent;
      if (pattern?.type !== 'as_pattern') return undefined;
      const inWith = pattern.parent?.type === 'with_item';
      const value = pattern.namedChild(0);
      return { ...base, kind: inWith ? 'with' : 'except', scope: scopeIdOf(pattern), value: inWith ? (value ?? undefined) : undefined };
    }
    case 'pattern_list':
    case 'tuple_pattern':
    case 'list_pattern':
    case 'tuple':
    case 'list': {
      // targets of unpacking: `a, b = ...`, `for a, b in ...`
      let target: Node | null = parent;
      while (target?.parent && ['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list', 'parenthesized_expression'].includes(target.parent.type)) target = target.parent;
      const owner = target?.parent;
      if (!owner || !target) return undefined;
      if ((owner.type === 'assignment' || owner.type === 'augmented_assignment') && fieldChild(owner, 'left')?.id === target.id) return { ...base, kind: 'other', scope: scopeIdOf(owner) };
      if ((owner.type === 'for_statement' || owner.type === 'for_in_clause') && fieldChild(owner, 'left')?.id === target.id) return { ...base, kind: 'for', scope: scopeIdOf(owner) };
      if (owner.type === 'as_pattern_target') return { ...base, kind: 'other', scope: scopeIdOf(owner) };
      return undefined;
    }
    case 'for_statement':
    case 'for_in_clause':
      return isField('left') ? { ...base, kind: 'for', scope: scopeIdOf(parent) } : undefined;
    case 'parameters':
    case 'lambda_parameters':
      return { ...base, kind: 'param', scope: parent.parent?.id ?? 0 };
    case 'default_parameter':
    case 'typed_default_parameter':
      return isField('name') ? { ...base, kind: 'param', scope: parent.parent?.parent?.id ?? 0 } : undefined;
    case 'typed_parameter':
    case 'list_splat_pattern':
    case 'dictionary_splat_pattern': {
      const params = parent.parent;
      if (params?.type !== 'parameters' && params?.type !== 'lambda_parameters') return undefined;
      if (parent.type === 'typed_parameter' && parent.namedChild(0)?.id !== identifier.id) return undefined;
      return { ...base, kind: 'param', scope: params.parent?.id ?? 0 };
    }
    case 'function_definition':
      return isField('name') ? { ...base, kind: 'function', scope: scopeIdOf(parent), node: parent } : undefined;
    case 'class_definition':
      return isField('name') ? { ...base, kind: 'class', scope: scopeIdOf(parent), node: parent } : undefined;
    case 'global_statement':
    case 'nonlocal_statement':
      return { ...base, kind: 'global', scope: scopeIdOf(parent) };
    case 'dotted_name':
      return classifyImport(identifier, parent, base);
    case 'aliased_import':
      if (!isField('alias')) return undefined;
      return importBinding(parent, base);
    default:
      return undefined;
  }
}

type BindingBase = { name: string; unit: number; offset: number; node: Node };

/** `import a.b` binds `a`; `from m import a` binds `a`. */
function classifyImport(identifier: Node, dotted: Node, base: BindingBase): Binding | undefined {
  const statement = dotted.parent;
  if (!statement) return undefined;
  if (statement.type === 'aliased_import') return undefined; // the alias binds, not the dotted name
  if (statement.type === 'import_statement') {
    // `import a.b.c` binds `a` to module `a`
    if (dotted.namedChild(0)?.id !== identifier.id) return undefined;
    return { ...base, kind: 'import', scope: scopeIdOf(statement), qualified: identifier.text };
  }
  if (statement.type === 'import_from_statement') {
    if (fieldChild(statement, 'module_name')?.id === dotted.id) return undefined;
    const module = fromModule(statement);
    return { ...base, kind: 'import', scope: scopeIdOf(statement), qualified: joinModule(module, dottedText(dotted)) };
  }
  return undefined;
}

function importBinding(aliased: Node, base: BindingBase): Binding | undefined {
  const statement = aliased.parent;
  const imported = dottedText(fieldChild(aliased, 'name'));
  if (statement?.type === 'import_statement') return { ...base, kind: 'import', scope: scopeIdOf(statement), qualified: imported };
  if (statement?.type === 'import_from_statement') {
    const module = fromModule(statement);
    return { ...base, kind: 'import', scope: scopeIdOf(statement), qualified: joinModule(module, imported) };
  }
  return undefined;
}

function joinModule(module: string, name: string): string {
  if (!module) return name;
  return module.endsWith('.') ? module + name : `${module}.${name}`;
}

/** The module of a `from` import; relative imports resolve to their dotted text without dots. */
function fromModule(statement: Node): string {
  const module = fieldChild(statement, 'module_name');
  if (!module) return '';
  // keep the leading dot: `from .pickle import loads` is the project's module, not the stdlib's
  if (module.type === 'relative_import') return dottedText(module);
  return dottedText(module);
}
