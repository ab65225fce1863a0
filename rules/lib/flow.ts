import { scopeOf, stringParts, type Node, type RuleContext } from '../../server/src/engine/api';

/**
 * Where the text of an expression comes from, for the injection rules (command, SQL, path).
 * One walk over the expression, following names to their assignments (and `for` variables to
 * their iterables) a few levels deep:
 *
 *  - `constant`: every part is known when the code is written (literals, constants, loop
 *    variables over literal lists, numbers produced by `int()`/`len()`...). Not a finding.
 *  - `input`: some part comes from outside the program: a handler or function parameter,
 *    `input()`, `sys.argv`, request data, a widget value, file or response contents, a
 *    dataframe cell, model or LLM output.
 *  - `dynamic`: some part is only known at run time, origin unknown (a helper's return value).
 */
export type Origin = 'constant' | 'dynamic' | 'input';

export interface OriginOptions {
  /** Calls (qualified names or `*.method`) whose result is safe to interpolate (`shlex.quote`). */
  sanitizers?: readonly string[];
  /** Names (identifiers, attributes, called functions) whose value is safe to interpolate: `column_quoted`, `quote_identifier(...)`. */
  safeNames?: RegExp;
  /** Names whose value is trusted unless it comes straight from input: SQL fragments (`where_sql`) composed into a query. */
  trustedUnlessInput?: RegExp;
}

const NUMERIC_CALLS = new Set(['int', 'float', 'len', 'bool', 'round', 'abs', 'min', 'max', 'sum', 'hash', 'ord', 'id', 'range']);
/** Calls whose result is text of a fixed, harmless alphabet (generated names, dates, numbers): safe to interpolate. */
const SAFE_TEXT_CALLS = new Set([
  'uuid.uuid4',
  'uuid.uuid1',
  'tempfile.mkdtemp',
  'tempfile.mktemp',
  'tempfile.gettempdir',
  'time.time',
  'time.time_ns',
  'os.getpid',
  'secrets.token_hex',
  'secrets.token_urlsafe',
]);
const ENVIRONMENT_CALLS = new Set(['os.getenv', 'os.environ.get', 'os.getenvb']);
const SAFE_TEXT_METHODS = new Set(['isoformat', 'strftime', 'hexdigest', 'timestamp', 'date']);
/** Calls that return their (first) argument's text transformed: origin flows through. */
const PASS_THROUGH_METHODS = new Set([
  'strip',
  'lstrip',
  'rstrip',
  'lower',
  'upper',
  'title',
  'replace',
  'format',
  'join',
  'encode',
  'decode',
  'split',
  'get',
  'getattr',
  'as_posix',
  'resolve',
  'absolute',
  'expanduser',
]);
const PASS_THROUGH_CALLS = new Set(['str', 'repr', 'os.path.join', 'os.path.abspath', 'os.path.expanduser', 'os.path.normpath', 'pathlib.Path', 'pathlib.PurePath', 'os.fspath', 'f']);
/** Names of module-level things whose value comes from outside the program. */
const INPUT_CALLS = new Set(['input', 'getpass.getpass', 'sys.stdin.read', 'sys.stdin.readline', 'json.load', 'json.loads', 'yaml.safe_load', 'yaml.load', 'urllib.request.urlopen']);
const INPUT_PREFIXES = ['flask.request', 'sys.argv', 'sys.stdin', 'requests.', 'httpx.', 'pandas.read_', 'bottle.request', 'cgi.FieldStorage'];
const INPUT_METHODS = new Set([
  'read',
  'readline',
  'readlines',
  'read_text',
  'json',
  'recv',
  'getvalue',
  'iterrows',
  'itertuples',
  'fetchone',
  'fetchall',
  'fetchmany',
  'generate',
  'invoke',
  'predict',
  'completion',
  'create',
]);
const INPUT_ATTRIBUTES = new Set([
  'value',
  'text',
  'content',
  'args',
  'form',
  'values',
  'files',
  'json',
  'data',
  'query_params',
  'path_params',
  'cookies',
  'headers',
  'filename',
  'iloc',
  'loc',
  'at',
  'iat',
  'stdout',
  'output_text',
  'choices',
]);

export class OriginWalker {
  private readonly visiting = new Set<number>();

  constructor(
    private readonly context: RuleContext,
    private readonly options: OriginOptions = {},
  ) {}

  /** The origin of `node`'s value (the most outside-facing of its parts). */
  of(node: Node, depth = 0): Origin {
    if (depth > 10 || this.visiting.has(node.id)) return 'dynamic';
    this.visiting.add(node.id);
    try {
      return this.compute(node, depth);
    } finally {
      this.visiting.delete(node.id);
    }
  }

  /** The interpolated parts of a string-building expression that are not constant, with their origins. */
  parts(node: Node, depth = 0): { node: Node; origin: Origin }[] {
    const result: { node: Node; origin: Origin }[] = [];
    for (const part of interpolatedParts(node)) {
      const origin = this.of(part, depth + 1);
      if (origin !== 'constant') result.push({ node: part, origin });
    }
    return result;
  }

  private compute(node: Node, depth: number): Origin {
    switch (node.type) {
      case 'string': {
        if (!stringParts(node).dynamic) return 'constant';
        return merge(
          node.namedChildren
            .filter((c): c is Node => c?.type === 'interpolation')
            .map((i) => {
              const spec = i.childForFieldName('format_specifier')?.text ?? '';
              if (/[dfeEgGxXobn%]$/.test(spec.replace(/^:/, ''))) return 'constant';
              const expression = i.childForFieldName('expression') ?? i.namedChild(0);
              return expression ? this.of(expression, depth + 1) : 'dynamic';
            }),
        );
      }
      case 'concatenated_string':
        return merge(node.namedChildren.filter((c): c is Node => !!c && c.type === 'string').map((c) => this.of(c, depth + 1)));
      case 'integer':
      case 'float':
      case 'true':
      case 'false':
      case 'none':
        return 'constant';
      case 'parenthesized_expression':
      case 'list':
      case 'tuple':
      case 'set':
      case 'expression_list':
        return merge(node.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment').map((c) => this.of(c, depth + 1)));
      case 'dictionary':
        return merge(
          node.namedChildren
            .filter((c): c is Node => c?.type === 'pair')
            .map((pair) => {
              const value = pair.childForFieldName('value');
              return value ? this.of(value, depth + 1) : 'constant';
            }),
        );
      case 'binary_operator':
      case 'boolean_operator': {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        const operator = node.childForFieldName('operator')?.text;
        if (operator && ['-', '*', '/', '//', '**', '<<', '>>', '&', '|', '^'].includes(operator) && node.type === 'binary_operator') {
          // arithmetic: numbers (or a repeated constant string)
          return merge([left ? this.of(left, depth + 1) : 'constant', right ? this.of(right, depth + 1) : 'constant'].map((o) => (o === 'input' ? 'dynamic' : o)));
        }
        return merge([left ? this.of(left, depth + 1) : 'constant', right ? this.of(right, depth + 1) : 'constant']);
      }
      case 'conditional_expression':
        return merge(node.namedChildren.filter((c): c is Node => !!c).map((c) => this.of(c, depth + 1)));
      case 'comparison_operator':
      case 'not_operator':
      case 'unary_operator':
        return 'constant';
      case 'identifier':
        return this.identifier(node, depth);
      case 'attribute':
        return this.attribute(node, depth);
      case 'subscript': {
        const value = node.childForFieldName('value');
        if (!value) return 'dynamic';
        const qualified = this.context.qualifiedName(value);
        if (qualified === 'os.environ') return 'constant';
        if (qualified && INPUT_PREFIXES.some((p) => qualified.startsWith(p))) return 'input';
        const base = this.of(value, depth + 1);
        // a cell or a row field: data
        if (base === 'constant') return 'constant';
        return base === 'input' || isDataLike(value) ? 'input' : 'dynamic';
      }
      case 'call':
        return this.call(node, depth);
      case 'list_comprehension':
      case 'generator_expression':
      case 'set_comprehension': {
        const body = node.childForFieldName('body');
        return body ? this.of(body, depth + 1) : 'dynamic';
      }
      case 'await':
        return node.namedChild(0) ? this.of(node.namedChild(0)!, depth + 1) : 'dynamic';
      default:
        return 'dynamic';
    }
  }

  private identifier(node: Node, depth: number): Origin {
    if (this.options.safeNames?.test(node.text)) return 'constant';
    if (this.options.trustedUnlessInput?.test(node.text)) return this.identifierOrigin(node, depth) === 'input' ? 'input' : 'constant';
    return this.identifierOrigin(node, depth);
  }

  private identifierOrigin(node: Node, depth: number): Origin {
    const binding = this.context.lookup(node);
    if (!binding) {
      const qualified = this.context.qualifiedName(node);
      if (qualified && INPUT_PREFIXES.some((p) => qualified.startsWith(p))) return 'input';
      return 'dynamic';
    }
    switch (binding.kind) {
      case 'param':
        // `self.x` / `cls.x` are the object's state, not the caller's input
        return node.text === 'self' || node.text === 'cls' ? 'dynamic' : 'input';
      case 'import': {
        const qualified = binding.qualified ?? '';
        return INPUT_PREFIXES.some((p) => qualified.startsWith(p)) ? 'input' : 'constant';
      }
      case 'function':
      case 'class':
        return 'constant';
      case 'for': {
        const loop = forOwner(binding.node);
        const iterable = loop?.childForFieldName('right');
        return iterable ? this.of(iterable, depth + 1) : 'dynamic';
      }
      case 'assign':
      case 'with':
      case 'other': {
        // every assignment of the name in that scope counts
        const same = this.context.bindings(node.text).filter((b) => b.scope === binding.scope && (b.kind === 'assign' || b.kind === 'with' || b.kind === 'other' || b.kind === 'for'));
        const origins: Origin[] = [];
        for (const b of same) {
          if (b.kind === 'other') {
            // `x += ...`, or unpacking `a, x = ...`: the right side as a whole
            const right = unpackedFrom(b.node);
            origins.push(right ? this.of(right, depth + 1) : 'dynamic');
          } else if (b.kind === 'for') {
            const iterable = forOwner(b.node)?.childForFieldName('right');
            origins.push(iterable ? this.of(iterable, depth + 1) : 'dynamic');
          } else origins.push(b.value ? this.of(b.value, depth + 1) : 'dynamic');
        }
        return merge(origins);
      }
      default:
        return 'dynamic';
    }
  }

  private attribute(node: Node, depth: number): Origin {
    if (this.options.safeNames?.test(node.childForFieldName('attribute')?.text ?? '')) return 'constant';
    const qualified = this.context.qualifiedName(node);
    if (qualified && INPUT_PREFIXES.some((p) => qualified.startsWith(p))) return 'input';
    const object = node.childForFieldName('object');
    const attribute = node.childForFieldName('attribute')?.text ?? '';
    if (qualified && /^[A-Z][A-Z0-9_]*$/.test(attribute) && !qualified.includes('()')) return 'constant';
    if (INPUT_ATTRIBUTES.has(attribute)) return 'input';
    if (!object) return 'dynamic';
    const base = this.of(object, depth + 1);
    return base === 'constant' ? 'dynamic' : base;
  }

  private call(node: Node, depth: number): Origin {
    const fn = node.childForFieldName('function');
    if (!fn) return 'dynamic';
    const site = this.context.callSite(node);
    const callee = site.callee ?? '';
    const method = site.method;
    const sanitizers = this.options.sanitizers ?? [];
    if (sanitizers.some((s) => (s.startsWith('*.') ? method === s.slice(2) : callee === s))) return 'constant';
    if (this.options.safeNames?.test(method)) return 'constant';
    // the environment is the operator's configuration: whoever sets it can run commands already
    if (ENVIRONMENT_CALLS.has(callee)) return 'constant';
    if (NUMERIC_CALLS.has(callee) || SAFE_TEXT_CALLS.has(callee) || (fn.type === 'attribute' && SAFE_TEXT_METHODS.has(method))) return 'constant';
    if (INPUT_CALLS.has(callee) || INPUT_PREFIXES.some((p) => callee.startsWith(p))) return 'input';
    const args = site.positional;
    if (PASS_THROUGH_CALLS.has(callee)) return merge(args.map((a) => this.of(a, depth + 1)));
    if (fn.type === 'attribute' && PASS_THROUGH_METHODS.has(method)) {
      const receiver = site.receiver;
      // `re.split(...)`, `os.environ.get(...)`: a module function, not a method of a text value
      const onModule = receiver?.type === 'identifier' && this.context.lookup(receiver)?.kind === 'import';
      const keywords = (node.childForFieldName('arguments')?.namedChildren ?? [])
        .filter((c): c is Node => c?.type === 'keyword_argument')
        .map((k) => k.childForFieldName('value'))
        .filter((v): v is Node => !!v);
      return merge([receiver && !onModule ? this.of(receiver, depth + 1) : 'dynamic', ...args.map((a) => this.of(a, depth + 1)), ...keywords.map((k) => this.of(k, depth + 1))]);
    }
    if (INPUT_METHODS.has(method)) return 'input';
    return 'dynamic';
  }
}

function merge(origins: Origin[]): Origin {
  if (origins.includes('input')) return 'input';
  if (origins.includes('dynamic')) return 'dynamic';
  return 'constant';
}

/** The right side that binds `identifier` in `x += value` or `a, x = value`. */
function unpackedFrom(identifier: Node): Node | undefined {
  let current: Node | null = identifier.parent;
  while (current && ['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list', 'parenthesized_expression'].includes(current.type)) current = current.parent;
  if (current?.type === 'augmented_assignment' || current?.type === 'assignment') return current.childForFieldName('right') ?? undefined;
  return undefined;
}

function forOwner(identifier: Node): Node | undefined {
  for (let current = identifier.parent; current; current = current.parent) if (current.type === 'for_statement' || current.type === 'for_in_clause') return current;
  return undefined;
}

/** `row`, `record`, `df`...: names of things that hold data rows (their fields are data). */
function isDataLike(node: Node): boolean {
  return /^(row|record|item|entry|sample|example|df|data|dataset|batch|doc|document|payload|body|params|meta|metadata|response|resp|result|results|output|outputs)s?(_\w+)?$/i.test(node.text);
}

/**
 * The expressions interpolated into a string-building expression: f-string fields, the
 * non-literal operands of `+`, the right side of `%`, the arguments of `.format()`.
 */
export function interpolatedParts(node: Node): Node[] {
  switch (node.type) {
    case 'string':
      return node.namedChildren
        .filter((c): c is Node => c?.type === 'interpolation')
        .map((i) => i.childForFieldName('expression') ?? i.namedChild(0))
        .filter((n): n is Node => !!n);
    case 'concatenated_string':
      return node.namedChildren.filter((c): c is Node => c?.type === 'string').flatMap(interpolatedParts);
    case 'parenthesized_expression':
      return node.namedChild(0) ? interpolatedParts(node.namedChild(0)!) : [];
    case 'binary_operator': {
      const operator = node.childForFieldName('operator')?.text;
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (!left || !right) return [];
      if (operator === '+') return [...partsOrSelf(left), ...partsOrSelf(right)];
      if (operator === '%') return right.type === 'tuple' ? right.namedChildren.filter((c): c is Node => !!c) : [right];
      return [];
    }
    case 'call': {
      const fn = node.childForFieldName('function');
      if (fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'format') {
        const args = node.childForFieldName('arguments');
        const values: Node[] = [];
        for (const arg of args?.namedChildren ?? []) {
          if (!arg || arg.type === 'comment') continue;
          if (arg.type === 'keyword_argument') {
            const value = arg.childForFieldName('value');
            if (value) values.push(value);
          } else values.push(arg);
        }
        const receiver = fn.childForFieldName('object');
        return [...(receiver ? interpolatedParts(receiver) : []), ...values];
      }
      return [];
    }
    default:
      return [];
  }
}

function partsOrSelf(node: Node): Node[] {
  if (node.type === 'string' || node.type === 'concatenated_string') return interpolatedParts(node);
  if (node.type === 'binary_operator' && node.childForFieldName('operator')?.text === '+') return interpolatedParts(node);
  return [node];
}

/** Whether `node` builds a string from parts (f-string with fields, `+`, `%`, `.format`). */
export function isStringBuilding(node: Node): boolean {
  switch (node.type) {
    case 'string':
      return stringParts(node).dynamic;
    case 'concatenated_string':
      return node.namedChildren.some((c) => c?.type === 'string' && stringParts(c).dynamic);
    case 'parenthesized_expression':
      return !!node.namedChild(0) && isStringBuilding(node.namedChild(0)!);
    case 'binary_operator': {
      const operator = node.childForFieldName('operator')?.text;
      if (operator === '%') return node.childForFieldName('left')?.type === 'string' || node.childForFieldName('left')?.type === 'concatenated_string';
      if (operator !== '+') return false;
      const sides = [node.childForFieldName('left'), node.childForFieldName('right')];
      return sides.some((s) => !!s && (s.type === 'string' || s.type === 'concatenated_string' || isStringBuilding(s)));
    }
    case 'call': {
      const fn = node.childForFieldName('function');
      return fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'format' && ['string', 'concatenated_string'].includes(fn.childForFieldName('object')?.type ?? '');
    }
    default:
      return false;
  }
}

/**
 * The string-building expression behind `node`: `node` itself, or (for a name) the value of its
 * single assignment, following a chain of names. Undefined when the value is a plain constant
 * or not a string built from parts.
 */
export function builtString(node: Node, context: RuleContext, depth = 0): Node | undefined {
  if (depth > 6) return undefined;
  if (isStringBuilding(node)) return node;
  if (node.type === 'identifier') {
    const binding = context.lookup(node);
    if (!binding || (binding.kind !== 'assign' && binding.kind !== 'other')) return undefined;
    const same = context.bindings(node.text).filter((b) => b.scope === binding.scope && (b.kind === 'assign' || b.kind === 'other'));
    // `q = "SELECT ..."; q += f" WHERE x = '{v}'"`: the augmented part builds the string
    for (const b of same) {
      if (b.kind === 'other' && b.node.parent?.type === 'augmented_assignment') {
        const right = b.node.parent.childForFieldName('right');
        if (right && (isStringBuilding(right) || right.type === 'identifier' || right.type === 'call')) return b.node.parent;
      }
    }
    const assigned = same.filter((b) => b.kind === 'assign' && b.value && (b.unit < context.unit.index || (b.unit === context.unit.index && b.offset <= node.startIndex)));
    const last = assigned[assigned.length - 1] ?? (binding.kind === 'assign' ? binding : undefined);
    return last?.value ? builtString(last.value, context, depth + 1) : undefined;
  }
  return undefined;
}

/** The statically known text of a string-building expression (fields as `{}`). */
export function staticTextOf(node: Node, context: RuleContext): string {
  if (node.type === 'augmented_assignment') {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    const firsts = left ? context.bindings(left.text).filter((b) => b.kind === 'assign' && b.value) : [];
    return firsts.map((b) => staticTextOf(b.value!, context)).join(' ') + ' ' + (right ? staticTextOf(right, context) : '');
  }
  const value = context.valueOf(node);
  if (value.kind === 'string') return value.value;
  if (value.kind === 'template') return value.staticText;
  if (node.type === 'call') {
    const receiver = node.childForFieldName('function')?.childForFieldName('object');
    return receiver ? staticTextOf(receiver, context) : '';
  }
  return '';
}

/** The enclosing `def` (not lambda or class), if any. */
export function enclosingFunction(node: Node): Node | undefined {
  for (let current = scopeOf(node); current; current = scopeOf(current)) if (current.type === 'function_definition') return current;
  return undefined;
}
