import type { Node } from './parser';
import { stringParts, type Binding, type Resolver, type Value } from './resolve';
import { sensitiveNameStatus, type SensitiveClass } from './sensitive';

/**
 * The sensitive-data model: which expressions carry personal data, and which columns of it.
 *
 * Personal data enters a program as tables (pandas frames, lists of records) whose columns are
 * named like personal data: built from dicts or `columns=[...]`, read with `usecols=[...]`, or
 * read from a file and then used as `df["email"]` (a read column is evidence that the data has
 * it). It then flows through assignments (in any notebook cell), selections (`df[[...]]`,
 * `df.loc[:, ...]`, `df["email"]`, rows of `iterrows()`), and transformations that keep rows
 * (`head`, `sample`, `merge`, `to_dict`...). It stops being personal when the column is dropped
 * (`drop(columns=...)`, `del df["email"]`), masked (`.str.replace(..., "***")`, a mask/redact/
 * anonymise helper), hashed (`hmac`, `hashlib`), or aggregated (`describe()`, `mean()`,
 * `nunique()`, `shape`, `len(df)`).
 *
 * Column classes (see `sensitiveNameStatus`): direct identifiers are always reported; a bare
 * `name` and quasi identifiers (zip, salary, diagnosis...) only in data that identifies people:
 * data with a direct identifier, a `name` with another personal column, or a `name` read from a
 * file named like people (customers, users, patients...). The Titanic passenger list's `Name`
 * alone, the breast-cancer `diagnosis` alone or the census `income` alone are not reported.
 *
 * Beyond data, a variable, attribute or key named like a direct identifier (`user_email`,
 * `customer.phone`, `record["ssn"]`) holds personal data when nothing else is known about it.
 * The model never runs code: what it cannot see is unknown, and unknown is never reported.
 */

export interface PersonalData {
  /** The personal column or key names the value carries, as written in the code. */
  columns: string[];
  /** `table`: rows of records; `column`: one column of many rows; `value`: one record or field. */
  shape: 'table' | 'column' | 'value';
  /** `data`: traced to data holding the columns; `name`: only a variable or attribute named like personal data. */
  evidence: 'data' | 'name';
  /** A pandas DataFrame (so `.drop(columns=...)` applies). */
  frame: boolean;
}

type Shape = PersonalData['shape'];
type Columns = Map<string, SensitiveClass>;

interface DataInfo {
  kind: 'data';
  shape: Shape;
  columns: Columns;
  /** The data identifies people (a direct identifier, a name with other personal columns, or a people file). */
  identified: boolean;
  evidence: 'data' | 'name';
  /** A pandas frame (iterating it yields column labels, not rows). */
  frame?: boolean;
  /** The file name says the rows are people (`customers.csv`). */
  peopleSource?: boolean;
  /** A GroupBy over these columns. */
  groupKeys?: string[];
  /** Columns not all known (read from a file): the code that reads columns from it adds them. */
  open?: boolean;
}

type Info = { kind: 'safe' } | { kind: 'unknown' } | DataInfo;

const SAFE: Info = { kind: 'safe' };
const UNKNOWN: Info = { kind: 'unknown' };

const READERS = /^(?:pandas|modin\.pandas|dask\.dataframe|polars)\.(read_(?:csv|table|excel|parquet|json|feather|orc|sql|sql_query|sql_table|stata|sas|spss|fwf|xml|hdf|pickle))$/;
const CONSTRUCTORS = /^(?:pandas|modin\.pandas|dask\.dataframe|polars)\.(DataFrame|DataFrame\.from_records|DataFrame\.from_dict|json_normalize|Series)$/;
const COMBINERS = /^(?:pandas|modin\.pandas)\.(concat|merge)$/;
const PEOPLE_FILE =
  /(?:^|[^a-z])(customers?|clients?|users?|patients?|employees?|members?|subscribers?|persons?|people|contacts?|students?|applicants?|staff|donors?|voters?|citizens?|tenants?|cardholders?|accounts?|leads)(?:[^a-z]|$)/i;

/** Aggregates and summaries: their result does not show individual values. */
const AGGREGATES = new Set([
  'info',
  'count',
  'nunique',
  'mean',
  'median',
  'std',
  'var',
  'sum',
  'corr',
  'cov',
  'isna',
  'isnull',
  'notna',
  'notnull',
  'duplicated',
  'memory_usage',
  'skew',
  'kurt',
  'kurtosis',
  'quantile',
  'any',
  'all',
  'equals',
  'hist',
  'plot',
  'boxplot',
  'corrwith',
  'sem',
  'prod',
  'cumsum',
  'cumprod',
  'diff',
  'pct_change',
  'rank',
  'isin',
  'size',
  'agg_count',
  'ngroups',
  'nlevels',
  'eq',
  'ne',
  'lt',
  'gt',
  'le',
  'ge',
]);
/** Methods whose result holds the same rows (or a subset) and columns. */
const ROW_PRESERVING = new Set([
  'head',
  'tail',
  'sample',
  'copy',
  'dropna',
  'fillna',
  'reset_index',
  'set_index',
  'sort_values',
  'sort_index',
  'query',
  'astype',
  'drop_duplicates',
  'to_dict',
  'to_json',
  'to_string',
  'to_markdown',
  'to_html',
  'to_records',
  'to_numpy',
  'tolist',
  'to_list',
  'round',
  'nlargest',
  'nsmallest',
  'reindex',
  'transpose',
  'where',
  'explode',
  'melt',
  'pivot',
  'pivot_table',
  'stack',
  'unstack',
  'squeeze',
  'first',
  'last',
  'unique',
  'value_counts',
  'mode',
  'min',
  'max',
  'infer_objects',
  'convert_dtypes',
  'rename_axis',
  'replace',
  'interpolate',
  'ffill',
  'bfill',
  'clip',
  'compute',
  'collect',
  'persist',
  'to_pandas',
  'itertuples',
  'iterrows',
  'items',
  'iteritems',
  'sort',
  'nth',
  'get_group',
  'drop_na',
  'dropna',
  'truncate',
  'to_csv',
  'to_parquet',
  'to_xml',
  'to_latex',
  'asfreq',
  'resample',
]);
/** Row-preserving methods whose result is still a DataFrame. */
const FRAME_RESULT = new Set([
  'head',
  'tail',
  'sample',
  'copy',
  'dropna',
  'fillna',
  'reset_index',
  'set_index',
  'sort_values',
  'sort_index',
  'query',
  'astype',
  'drop_duplicates',
  'round',
  'nlargest',
  'nsmallest',
  'reindex',
  'transpose',
  'where',
  'explode',
  'melt',
  'pivot',
  'pivot_table',
  'infer_objects',
  'convert_dtypes',
  'rename_axis',
  'replace',
  'interpolate',
  'ffill',
  'bfill',
  'clip',
  'compute',
  'persist',
  'to_pandas',
  'truncate',
  'first',
  'last',
  'asfreq',
]);
const ROWS_ONLY = new Set(['itertuples', 'iterrows', 'items', 'iteritems', 'to_dict', 'to_records', 'tolist', 'to_list']);
/** Attributes of a frame or series that show no individual values. */
const SAFE_ATTRIBUTES = new Set(['columns', 'shape', 'dtypes', 'dtype', 'size', 'ndim', 'empty', 'nbytes', 'ngroups', 'name', 'names', 'axes']);
const PASS_ATTRIBUTES = new Set(['values', 'T', 'loc', 'iloc', 'at', 'iat', 'str', 'array', 'dt', 'cat', 'style', 'data']);
/** `.str` methods whose result is not the value: lengths, flags. */
const STRING_TESTS = new Set([
  'len',
  'contains',
  'startswith',
  'endswith',
  'match',
  'fullmatch',
  'count',
  'isdigit',
  'isalpha',
  'isnumeric',
  'isalnum',
  'isspace',
  'islower',
  'isupper',
  'find',
  'rfind',
  'index',
]);
/** Methods of a single value that keep it (`email.lower()`). */
const VALUE_METHODS = new Set([
  'dict',
  'model_dump',
  'json',
  'model_dump_json',
  '_asdict',
  'encode',
  'decode',
  'lower',
  'upper',
  'strip',
  'lstrip',
  'rstrip',
  'title',
  'capitalize',
  'casefold',
  'split',
  'rsplit',
  'get',
  'values',
  'items',
  'copy',
  'format',
  'zfill',
  'center',
  'ljust',
  'rjust',
  'removeprefix',
  'removesuffix',
]);
/** Functions that pass their first argument's data through. */
const PASS_FUNCTIONS = new Set([
  'str',
  'repr',
  'list',
  'tuple',
  'dict',
  'set',
  'sorted',
  'reversed',
  'json.dumps',
  'pprint.pformat',
  'tabulate.tabulate',
  'numpy.array',
  'numpy.asarray',
  'torch.tensor',
  'torch.as_tensor',
  'copy.copy',
  'copy.deepcopy',
  'ascii',
  'format',
  'enumerate',
  'iter',
  'next',
  'zip',
  'min',
  'max',
  'yaml.dump',
  'yaml.safe_dump',
  'dataclasses.asdict',
  'dataclasses.astuple',
  'vars',
  'orjson.dumps',
  'ujson.dumps',
  'textwrap.indent',
  'html.escape',
]);
/** Functions whose result shows no personal value. */
const SAFE_FUNCTIONS = new Set(['len', 'int', 'float', 'bool', 'isinstance', 'type', 'id', 'hash', 'callable', 'sum', 'abs', 'round', 'range', 'uuid.uuid4', 'uuid.uuid5', 'secrets.token_hex']);
/** Function names that protect a value: masking, redaction, anonymisation, hashing, encryption. */
const PROTECTING_NAME = /mask|redact|anonymi[sz]|pseudonymi[sz]|hash|hmac|encrypt|obfuscat|scrub|sanitiz|censor|fernet|digest|tokeni[sz]e_pii|deidentif|de_identif/i;
/** A replacement that hides the value (`"***"`, `"XXX"`, `"[REDACTED]"`, `"<email>"`). */
const MASK_TEXT = /\*|#{2,}|X{2,}|x{3,}|redact|mask|hidden|<[a-z_ ]+>|\[[a-z_ ]+\]/i;
/** Receivers that hold configuration, not people: `os.environ["EMAIL"]`, `settings.email`, `args.email`. */
const CONFIG_RECEIVER =
  /^(?:os\.environ|os\.getenv|environ|settings|config|cfg|conf|configuration|args|opts|options|flags|params|secrets|env|self\.config|self\.settings|self\.cfg|app\.config|st\.secrets)$/i;

/** Variable names that mean email messages rather than addresses: `email`, `emails`, `spam_emails`, `raw_email`, `email_msg`. */
const MESSAGE_VARIABLE =
  /^(?:e_?mails?|(?:spam|ham|raw|html|parsed|sample|test|train|inbound|outbound|incoming|new|sent|received|all|my)_e_?mails?(?:_\w+)?|e_?mails?_(?:msg|message|messages|text|body|content|obj|object|raw|html)s?)$/i;

const SHAPE_RANK: Record<Shape, number> = { value: 0, column: 1, table: 2 };

function isData(info: Info): info is DataInfo {
  return info.kind === 'data';
}

function identifies(columns: Columns, peopleSource: boolean | undefined): boolean {
  const classes = [...columns.values()];
  if (classes.includes('direct')) return true;
  if (!classes.includes('name')) return false;
  return !!peopleSource || classes.some((c) => c === 'quasi');
}

function makeData(columns: Columns, shape: Shape, options: { evidence?: 'data' | 'name'; frame?: boolean; peopleSource?: boolean; identified?: boolean } = {}): Info {
  if (columns.size === 0) return SAFE;
  return {
    kind: 'data',
    shape,
    columns,
    identified: (options.identified ?? false) || identifies(columns, options.peopleSource),
    evidence: options.evidence ?? 'data',
    frame: options.frame,
    peopleSource: options.peopleSource,
  };
}

function withColumns(info: DataInfo, columns: Columns, shape: Shape = info.shape): Info {
  if (columns.size === 0 && !info.open) return SAFE;
  return { ...info, shape, columns, identified: identifies(columns, info.peopleSource), groupKeys: undefined };
}

/** The union of several infos: data if any is data. */
function union(infos: Info[], shape?: Shape): Info {
  const data = infos.filter(isData);
  if (data.length === 0) return infos.length > 0 && infos.every((i) => i.kind === 'safe') ? SAFE : UNKNOWN;
  const columns: Columns = new Map();
  for (const d of data) for (const [k, v] of d.columns) if (!columns.has(k)) columns.set(k, v);
  const widest = data.reduce((a, b) => (SHAPE_RANK[b.shape] > SHAPE_RANK[a.shape] ? b : a));
  return {
    kind: 'data',
    shape: shape ?? widest.shape,
    columns,
    identified:
      data.some((d) => d.identified) ||
      identifies(
        columns,
        data.some((d) => d.peopleSource),
      ),
    evidence: data.some((d) => d.evidence === 'data') ? 'data' : 'name',
    frame: data.length === 1 ? data[0].frame : undefined,
    peopleSource: data.some((d) => d.peopleSource),
    open: data.some((d) => d.open),
  };
}

function textOf(value: Value): string | undefined {
  return value.kind === 'string' ? value.value : undefined;
}

function stringList(value: Value): string[] | undefined {
  if (value.kind === 'string') return [value.value];
  if (value.kind !== 'sequence') return undefined;
  const names = value.items.map(textOf);
  return names.every((n): n is string => n !== undefined) ? names : undefined;
}

function field(node: Node, name: string): Node | undefined {
  return node.childForFieldName(name) ?? undefined;
}

function namedChildren(node: Node): Node[] {
  return node.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
}

interface Arguments {
  positional: Node[];
  keywords: Map<string, Node>;
  splat: boolean;
}

function argumentsOf(call: Node): Arguments {
  const result: Arguments = { positional: [], keywords: new Map(), splat: false };
  const args = field(call, 'arguments');
  if (!args) return result;
  if (args.type === 'generator_expression') {
    result.positional.push(args);
    return result;
  }
  for (const child of namedChildren(args)) {
    if (child.type === 'keyword_argument') {
      const name = field(child, 'name')?.text;
      const value = field(child, 'value');
      if (name && value) result.keywords.set(name, value);
    } else if (child.type === 'list_splat' || child.type === 'dictionary_splat') result.splat = true;
    else result.positional.push(child);
  }
  return result;
}

function before(a: { unit: number; offset: number }, b: { unit: number; offset: number }): boolean {
  return a.unit < b.unit || (a.unit === b.unit && a.offset < b.offset);
}

function contains(outer: Node, inner: Node): boolean {
  return outer.startIndex <= inner.startIndex && inner.endIndex <= outer.endIndex;
}

const MAX_DEPTH = 40;

/** What the words of one unit's code say for the vocabulary check (see mentionsPersonalNames). */
interface VocabularySummary {
  direct: boolean;
  name: boolean;
  quasi: boolean;
}

/**
 * Vocabulary summaries by code text (and `sensitive-columns`), kept across analyses: the language
 * server re-analyses a notebook on every keystroke, and only the edited cell's text is new. The
 * summary depends on nothing but its key; the oldest entries go first past the limits (entries and
 * characters held, so that a scan of many large files keeps little).
 */
const vocabularyCache = new Map<string, VocabularySummary>();
const VOCABULARY_CACHE_ENTRIES = 1024;
const VOCABULARY_CACHE_CHARS = 4_000_000;
let vocabularyCacheChars = 0;

export function vocabularyOf(code: string, extra: readonly string[]): VocabularySummary {
  const key = `${extra.join('\u0000')}\u0001${code}`;
  const cached = vocabularyCache.get(key);
  if (cached) return cached;
  const summary: VocabularySummary = { direct: false, name: false, quasi: false };
  const seen = new Set<string>();
  const consider = (word: string) => {
    if (seen.has(word)) return;
    seen.add(word);
    const status = sensitiveNameStatus(word, extra);
    if (status === 'direct') summary.direct = true;
    else if (status === 'name') summary.name = true;
    else if (status === 'quasi') summary.quasi = true;
  };
  for (const match of code.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) {
    consider(match[0]);
    if (summary.direct) break;
  }
  // quoted column names with spaces: "Date of Birth", 'Full Name'
  if (!summary.direct) for (const match of code.matchAll(/["']([A-Za-z][\w .-]{2,40}?)["']/g)) if (match[1].includes(' ')) consider(match[1]);
  if (key.length > VOCABULARY_CACHE_CHARS) return summary;
  for (const old of vocabularyCache.keys()) {
    if (vocabularyCache.size < VOCABULARY_CACHE_ENTRIES && vocabularyCacheChars + key.length <= VOCABULARY_CACHE_CHARS) break;
    vocabularyCache.delete(old);
    vocabularyCacheChars -= old.length;
  }
  vocabularyCache.set(key, summary);
  vocabularyCacheChars += key.length;
  return summary;
}

export class SensitiveDataModel {
  private readonly memo = new Map<string, Info>();
  private readonly evidenceMemo = new Map<string, Columns>();
  /** Parents of the nodes the model walks from (`node.parent` walks down from the root in tree-sitter: cache it). */
  private readonly parents = new WeakMap<Node, Node | null>();
  private readonly objectUseMemo = new Map<string, { ref: { node: Node; unit: number }; parent: Node }[]>();
  private readonly mutationMemo = new Map<string, { node: Node; unit: number }[]>();

  private vocabulary?: boolean;

  constructor(
    private readonly resolver: Resolver,
    /** Names from the `sensitive-columns` setting. */
    private readonly extra: readonly string[],
    /** The code of the document's Python units (for the cheap vocabulary check). */
    private readonly codes: readonly string[] = [],
  ) {}

  private parentOf(node: Node): Node | null {
    let parent = this.parents.get(node);
    if (parent === undefined) {
      parent = node.parent;
      this.parents.set(node, parent);
    }
    return parent;
  }

  /**
   * Whether the program mentions any name that could make data reportable: a direct identifier,
   * or a bare `name` with a quasi identifier or a file named like people. One pass over the text;
   * most files fail it and never pay for tracing.
   */
  private mentionsPersonalNames(): boolean {
    if (this.vocabulary !== undefined) return this.vocabulary;
    let hasName = false;
    let hasQuasi = false;
    let found = false;
    for (const code of this.codes) {
      const summary = vocabularyOf(code, this.extra);
      found ||= summary.direct;
      hasName ||= summary.name;
      hasQuasi ||= summary.quasi;
      if (found) break;
    }
    const peopleFile = hasName && this.codes.some((code) => PEOPLE_FILE.test(code));
    this.vocabulary = found || (hasName && (hasQuasi || peopleFile));
    return this.vocabulary;
  }

  /** The personal data `node` (an expression in unit `unit`) carries, or undefined when none is known. */
  personalData(node: Node, unit: number): PersonalData | undefined {
    if (!this.mentionsPersonalNames()) return undefined;
    const info = this.info(node, unit, 0);
    if (!isData(info)) return undefined;
    const columns = [...info.columns].filter(([, c]) => c === 'direct' || info.identified).map(([name]) => name);
    return columns.length > 0 ? { columns, shape: info.shape, evidence: info.evidence, frame: info.shape === 'table' && info.frame === true } : undefined;
  }

  /** Whether `node` is known to carry no personal data: a literal, an aggregate, a masked or hashed value. */
  isProtected(node: Node, unit: number): boolean {
    return this.info(node, unit, 0).kind === 'safe';
  }

  private classify(name: string): SensitiveClass | 'negated' | undefined {
    return sensitiveNameStatus(name, this.extra);
  }

  private info(node: Node, unit: number, depth: number): Info {
    if (depth > MAX_DEPTH) return UNKNOWN;
    const key = `${unit}:${node.startIndex}:${node.endIndex}:${node.type}`;
    const cached = this.memo.get(key);
    if (cached) return cached;
    this.memo.set(key, UNKNOWN); // breaks cycles
    const result = this.compute(node, unit, depth + 1);
    this.memo.set(key, result);
    return result;
  }

  private compute(node: Node, unit: number, depth: number): Info {
    switch (node.type) {
      case 'string': {
        const parts = stringParts(node);
        if (!parts.dynamic) return SAFE;
        const values = node.namedChildren.filter((c): c is Node => c?.type === 'interpolation').map((c) => c.namedChild(0));
        return union(
          values.filter((v): v is Node => !!v).map((v) => this.info(v, unit, depth)),
          'value',
        );
      }
      case 'concatenated_string':
        return union(
          namedChildren(node).map((c) => this.info(c, unit, depth)),
          'value',
        );
      case 'integer':
      case 'float':
      case 'true':
      case 'false':
      case 'none':
      case 'comparison_operator':
      case 'not_operator':
      case 'lambda':
        return SAFE;
      case 'parenthesized_expression':
      case 'await':
      case 'unary_operator':
      case 'list_splat':
      case 'dictionary_splat': {
        const inner = node.namedChildren.find((c) => c && c.type !== 'comment');
        return inner ? this.info(inner, unit, depth) : UNKNOWN;
      }
      case 'binary_operator':
      case 'boolean_operator': {
        const left = field(node, 'left');
        const right = field(node, 'right');
        return union([left, right].filter((n): n is Node => !!n).map((n) => this.info(n, unit, depth)));
      }
      case 'conditional_expression': {
        const [body, , alternative] = namedChildren(node);
        return union([body, alternative].filter((n): n is Node => !!n).map((n) => this.info(n, unit, depth)));
      }
      case 'list':
      case 'tuple':
      case 'set':
      case 'expression_list': {
        const items = namedChildren(node).map((c) => this.info(c, unit, depth));
        const merged = union(items);
        if (!isData(merged)) return merged;
        return { ...merged, frame: false, shape: merged.shape === 'value' ? (items.some((i) => isData(i) && i.columns.size > 1) ? 'table' : 'column') : 'table' };
      }
      case 'list_comprehension':
      case 'set_comprehension':
      case 'generator_expression': {
        const body = field(node, 'body');
        const merged = body ? this.info(body, unit, depth) : UNKNOWN;
        return isData(merged) ? { ...merged, frame: false, shape: merged.shape === 'value' ? (merged.columns.size > 1 ? 'table' : 'column') : 'table' } : merged;
      }
      case 'dictionary_comprehension': {
        const pair = field(node, 'body');
        const value = pair ? field(pair, 'value') : undefined;
        return value ? this.info(value, unit, depth) : UNKNOWN;
      }
      case 'dictionary':
        return this.dictionary(node, unit, depth);
      case 'identifier':
        return this.identifier(node, unit, depth);
      case 'attribute':
        return this.attribute(node, unit, depth);
      case 'subscript':
        return this.subscript(node, unit, depth);
      case 'call':
        return this.call(node, unit, depth);
      default:
        return UNKNOWN;
    }
  }

  private dictionary(node: Node, unit: number, depth: number): Info {
    const parts: Info[] = [];
    let wide = false;
    for (const pair of namedChildren(node)) {
      if (pair.type === 'dictionary_splat') {
        parts.push(this.info(pair, unit, depth));
        continue;
      }
      if (pair.type !== 'pair') continue;
      const keyNode = field(pair, 'key');
      const valueNode = field(pair, 'value');
      if (!keyNode || !valueNode) continue;
      const value = this.info(valueNode, unit, depth);
      if (isData(value)) {
        if (value.shape !== 'value') wide = true;
        parts.push(value);
        continue;
      }
      if (value.kind === 'safe') continue;
      const key = keyNode.type === 'string' ? stringParts(keyNode) : undefined;
      const status = key && !key.dynamic ? this.classify(key.text) : undefined;
      if (status && status !== 'negated') parts.push(makeData(new Map([[key!.text, status]]), 'value', { evidence: 'name' }));
    }
    const merged = union(parts);
    return isData(merged) ? { ...merged, shape: wide ? 'table' : 'value', frame: false } : SAFE;
  }

  /** A variable, attribute or key named like a direct identifier. */
  private byName(name: string, shape: Shape = 'value', isVariable = true): Info {
    const status = this.classify(name);
    if (status !== 'direct') return UNKNOWN;
    // a variable called `email` / `spam_emails` in mail-processing code holds messages, not addresses
    if (isVariable && MESSAGE_VARIABLE.test(name)) return UNKNOWN;
    return makeData(new Map([[name, status]]), shape, { evidence: 'name' });
  }

  /** The binding a use refers to; for `x = f(x)` the use on the right is the previous `x`. */
  private bindingOf(identifier: Node, unit: number): Binding | undefined {
    const binding = this.resolver.lookup(identifier, unit);
    if (!binding || binding.unit !== unit) return binding;
    const statement = this.parentOf(binding.node);
    const inOwnStatement = statement && (statement.type === 'assignment' || statement.type === 'augmented_assignment') && contains(statement, identifier) && binding.offset <= identifier.startIndex;
    if (!inOwnStatement) return binding;
    const earlier = this.resolver.bindings(identifier.text).filter((b) => b.scope === binding.scope && b.kind !== 'global' && before(b, binding));
    return earlier[earlier.length - 1];
  }

  private identifier(node: Node, unit: number, depth: number): Info {
    const binding = this.bindingOf(node, unit);
    if (!binding) return this.byName(node.text);
    switch (binding.kind) {
      case 'assign': {
        if (!binding.value) return this.byName(node.text);
        let info = this.info(binding.value, binding.unit, depth);
        if (info.kind === 'unknown') {
          const evidence = this.evidence(binding, false);
          info = evidence.size > 0 ? makeData(evidence, 'table') : this.byName(node.text);
          if (isData(info) && info.evidence === 'data') info = this.mutated(binding, node, unit, info, depth);
        } else if (isData(info) && info.shape === 'table') {
          if (info.open) {
            const known = info.columns;
            const evidence = [...this.evidence(binding, !!info.frame)].filter(([name]) => !known.has(name));
            if (evidence.length > 0) info = withColumns(info, new Map([...known, ...evidence]));
          }
          if (isData(info)) info = this.mutated(binding, node, unit, info, depth);
        }
        return info;
      }
      case 'for':
        return this.loopVariable(binding, depth) ?? this.byName(node.text);
      case 'param': {
        const evidence = this.evidence(binding, false);
        if (evidence.size > 0) return makeData(evidence, 'table');
        const declared = this.declaredRecord(binding, depth);
        if (declared) return declared;
        const passed = this.passedArguments(binding, depth);
        return isData(passed) ? passed : this.byName(node.text);
      }
      case 'other': {
        const unpacked = this.unpacked(binding, depth);
        return unpacked && isData(unpacked) ? unpacked : this.byName(node.text);
      }
      case 'import':
      case 'function':
      case 'class':
        return UNKNOWN;
      default:
        return this.byName(node.text);
    }
  }

  /**
   * A parameter annotated with a class of the program whose fields are named like personal data
   * (a pydantic model or dataclass: `def score(applicant: Applicant)`): a record with those fields.
   */
  private declaredRecord(binding: Binding, depth: number): Info | undefined {
    const typed = binding.node.parent;
    if (typed?.type !== 'typed_parameter' && typed?.type !== 'typed_default_parameter') return undefined;
    const type = field(typed, 'type')?.namedChild(0);
    if (type?.type !== 'identifier') return undefined;
    const definition = this.resolver.lookup(type, binding.unit);
    if (definition?.kind !== 'class' || depth > MAX_DEPTH) return undefined;
    const body = field(definition.node, 'body');
    const names: string[] = [];
    for (const statement of body ? namedChildren(body) : []) {
      const assignment = statement.type === 'expression_statement' ? statement.namedChild(0) : undefined;
      const left = assignment?.type === 'assignment' ? field(assignment, 'left') : undefined;
      if (left?.type === 'identifier' && assignment && field(assignment, 'type')) names.push(left.text);
    }
    const columns = this.classified(names);
    return columns.size > 0 ? makeData(columns, 'value') : undefined;
  }

  /** A parameter of a function called with personal data (`segment(customers.head(50))`): what the calls pass. */
  private passedArguments(binding: Binding, depth: number): Info {
    let fn: Node | null = binding.node.parent;
    while (fn && fn.type !== 'function_definition' && fn.type !== 'lambda') fn = fn.parent;
    const name = fn?.type === 'function_definition' ? field(fn, 'name')?.text : undefined;
    const parameters = fn ? field(fn, 'parameters') : undefined;
    if (!fn || !name || !parameters) return UNKNOWN;
    const list = namedChildren(parameters);
    let index = list.findIndex((p) => contains(p, binding.node));
    if (index < 0 || list.slice(0, index + 1).some((p) => p.type === 'list_splat_pattern' || p.type === 'dictionary_splat_pattern')) return UNKNOWN;
    const isMethod = fn.parent?.type === 'block' && fn.parent.parent?.type === 'class_definition';
    if (isMethod) index--;
    const infos: Info[] = [];
    for (const ref of this.resolver.references(name).slice(0, 50)) {
      const viaAttribute = isMethod && ref.node.parent?.type === 'attribute';
      const callee = viaAttribute ? ref.node.parent! : ref.node;
      const call = callee.parent;
      if (call?.type !== 'call' || field(call, 'function')?.id !== callee.id) continue;
      const args = argumentsOf(call);
      const argument = args.keywords.get(binding.name) ?? (index >= 0 ? args.positional[index] : undefined);
      if (argument) infos.push(this.info(argument, ref.unit, depth));
      if (infos.length >= 8) break;
    }
    return infos.length > 0 ? union(infos) : UNKNOWN;
  }

  /** `train, test = train_test_split(df, ...)`: each part holds rows of the argument it comes from. */
  private unpacked(binding: Binding, depth: number): Info | undefined {
    const target = binding.node.parent;
    const assignment = target?.parent;
    if (!target || !['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple'].includes(target.type)) return undefined;
    if (assignment?.type !== 'assignment' || field(assignment, 'left')?.id !== target.id) return undefined;
    const right = field(assignment, 'right');
    const fn = right?.type === 'call' ? field(right, 'function') : undefined;
    if (!right || !fn) return undefined;
    const callee = this.resolver.qualifiedName(fn, binding.unit) ?? fn.text;
    if (!/(?:^|\.)(?:train_test_split|array_split)$/.test(callee)) return undefined;
    const targets = namedChildren(target);
    const position = targets.findIndex((t) => t.id === binding.node.id);
    const args = argumentsOf(right).positional;
    if (position < 0 || args.length === 0) return undefined;
    // train_test_split(X, y) -> X_train, X_test, y_train, y_test
    const perArgument = Math.max(1, Math.floor(targets.length / args.length));
    const source = callee.endsWith('train_test_split') ? args[Math.min(args.length - 1, Math.floor(position / perArgument))] : args[0];
    return this.info(source, binding.unit, depth);
  }

  /** `for row in rows` / `for _, row in df.iterrows()`: the last target gets one record of the data. */
  private loopVariable(binding: Binding, depth: number): Info | undefined {
    let owner: Node | null = binding.node.parent;
    while (owner && owner.type !== 'for_statement' && owner.type !== 'for_in_clause') owner = owner.parent;
    if (!owner) return undefined;
    const left = field(owner, 'left');
    const right = field(owner, 'right');
    if (!left || !right) return undefined;
    if (left.type !== 'identifier') {
      const targets = left.descendantsOfType('identifier').filter((n): n is Node => !!n);
      if (targets[targets.length - 1]?.startIndex !== binding.node.startIndex) return undefined;
    }
    const iterable = this.info(right, binding.unit, depth);
    if (!isData(iterable)) return iterable.kind === 'safe' ? SAFE : undefined;
    if (iterable.frame) return SAFE; // iterating a DataFrame yields its column labels
    return { ...iterable, shape: 'value', frame: false };
  }

  /**
   * The uses of `name` as the object of a subscript or an attribute (`df[...]`, `df.x`) or the iterable of a `for`,
   * computed once per name (the binding each refers to is asked later, from the resolver's memo): `node.parent` walks the tree from the root in
   * web-tree-sitter, and every binding of a common name (`df`) asks for the same uses.
   */
  private objectUses(name: string): { ref: { node: Node; unit: number }; parent: Node }[] {
    let uses = this.objectUseMemo.get(name);
    if (uses) return uses;
    uses = [];
    for (const ref of this.resolver.references(name)) {
      const parent = this.parentOf(ref.node);
      if (!parent) continue;
      const isObject = (parent.type === 'subscript' && field(parent, 'value')?.id === ref.node.id) || (parent.type === 'attribute' && field(parent, 'object')?.id === ref.node.id);
      const isIterable = (parent.type === 'for_statement' || parent.type === 'for_in_clause') && field(parent, 'right')?.id === ref.node.id;
      if (isObject || isIterable) uses.push({ ref, parent });
    }
    this.objectUseMemo.set(name, uses);
    return uses;
  }

  /** Column names the code reads from a binding's value (`df["email"]`, `df.email`, `df[["a", "b"]]`): evidence of what the data holds. */
  private evidence(binding: Binding, attributes: boolean): Columns {
    const key = `${binding.unit}:${binding.offset}:${attributes}`;
    const cached = this.evidenceMemo.get(key);
    if (cached) return cached;
    const columns: Columns = new Map();
    this.evidenceMemo.set(key, columns);
    for (const { ref, parent } of this.objectUses(binding.name)) {
      // `for record in records: record["email"]`: what the loop reads from each item, the list holds
      if (parent.type === 'for_statement' || parent.type === 'for_in_clause') {
        const target = this.bindingOf(ref.node, ref.unit);
        const loopVariable = field(parent, 'left');
        if (target?.unit !== binding.unit || target.offset !== binding.offset || loopVariable?.type !== 'identifier') continue;
        const itemBinding = this.resolver.bindings(loopVariable.text).find((b) => b.unit === ref.unit && b.offset === loopVariable.startIndex);
        if (itemBinding) for (const [name, status] of this.evidence(itemBinding, false)) if (!columns.has(name)) columns.set(name, status);
        continue;
      }
      const names: string[] = [];
      if (parent.type === 'subscript') {
        const owner = this.parentOf(parent);
        const written =
          (owner?.type === 'assignment' && field(owner, 'left')?.id === parent.id) || owner?.type === 'delete_statement' || (owner ? this.parentOf(owner)?.type === 'delete_statement' : false);
        if (written) continue;
        const index = field(parent, 'subscript');
        const list = index ? stringList(this.resolver.valueOf(index, ref.unit)) : undefined;
        if (list) names.push(...list);
      } else if (attributes) {
        const attribute = field(parent, 'attribute')?.text ?? '';
        const owner = this.parentOf(parent);
        const isMethod = owner?.type === 'call' && field(owner, 'function')?.id === parent.id;
        if (!isMethod) names.push(attribute);
        else if (attribute === 'drop' || attribute === 'rename' || attribute === 'filter') {
          const args = argumentsOf(owner);
          const list = args.keywords.get('columns') ?? args.keywords.get('items');
          const value = list ? this.resolver.valueOf(list, ref.unit) : undefined;
          if (value?.kind === 'dict') for (const entry of value.entries) names.push(textOf(entry.key) ?? '');
          else if (value) names.push(...(stringList(value) ?? []));
        }
      }
      const found = this.classified(names);
      if (found.size === 0) continue;
      // only now the (costlier) check that this use is of this binding
      const target = this.bindingOf(ref.node, ref.unit);
      if (!target || target.unit !== binding.unit || target.offset !== binding.offset) continue;
      for (const [name, status] of found) if (!columns.has(name)) columns.set(name, status);
    }
    return columns;
  }

  /** Applies the in-place changes made to a table variable between its assignment and `use`. */
  private mutated(binding: Binding, use: Node, useUnit: number, info: DataInfo, depth: number): Info {
    let current: Info = info;
    const at = { unit: useUnit, offset: use.startIndex };
    for (const ref of this.mutationSites(binding)) {
      if (!isData(current)) break;
      if (!before({ unit: ref.unit, offset: ref.node.startIndex }, at)) break;
      current = this.mutation(ref.node, this.parentOf(ref.node)!, ref.unit, current, depth);
    }
    return current;
  }

  /** The uses of a binding that may change its columns in place (`df[...] =`, `del df[...]`, `df.drop(..., inplace=True)`...), in program order; computed once per binding. */
  private mutationSites(binding: Binding): { node: Node; unit: number }[] {
    const key = `${binding.unit}:${binding.offset}`;
    const cached = this.mutationMemo.get(key);
    if (cached) return cached;
    const sites: { node: Node; unit: number }[] = [];
    for (const { ref, parent } of this.objectUses(binding.name)) {
      if (parent.type !== 'subscript' && parent.type !== 'attribute') continue;
      if (!before({ unit: binding.unit, offset: binding.offset }, { unit: ref.unit, offset: ref.node.startIndex })) continue;
      const owner = this.parentOf(parent);
      const mayMutate =
        parent.type === 'subscript'
          ? owner?.type === 'assignment' || owner?.type === 'delete_statement' || (owner ? this.parentOf(owner)?.type === 'delete_statement' : false)
          : ['loc', 'at', 'columns', 'drop', 'rename', 'pop'].includes(field(parent, 'attribute')?.text ?? '');
      if (!mayMutate) continue;
      const target = this.bindingOf(ref.node, ref.unit);
      if (target && target.unit === binding.unit && target.offset === binding.offset) sites.push(ref);
    }
    this.mutationMemo.set(key, sites);
    return sites;
  }

  private mutation(ref: Node, parent: Node, unit: number, info: DataInfo, depth: number): Info {
    // df["email"] = ...   /   del df["email"]
    if (parent.type === 'subscript' && field(parent, 'value')?.id === ref.id) return this.columnWrite(parent, field(parent, 'subscript'), unit, info, depth);
    if (parent.type !== 'attribute' || field(parent, 'object')?.id !== ref.id) return info;
    const attribute = field(parent, 'attribute')?.text;
    const owner = this.parentOf(parent);
    if (!owner) return info;
    // df.loc[:, "email"] = ...
    if ((attribute === 'loc' || attribute === 'at') && owner.type === 'subscript') {
      const subscripts = owner.childrenForFieldName('subscript').filter((n): n is Node => !!n);
      return subscripts.length >= 2 ? this.columnWrite(owner, subscripts[1], unit, info, depth) : info;
    }
    // df.columns = [...]
    if (attribute === 'columns' && owner.type === 'assignment' && field(owner, 'left')?.id === parent.id) {
      const right = field(owner, 'right');
      const names = right ? stringList(this.resolver.valueOf(right, unit)) : undefined;
      if (!names) return info;
      return withColumns(info, this.classified(names));
    }
    // df.drop(columns=[...], inplace=True), df.pop("email"), df.rename(columns={...}, inplace=True)
    if (owner.type === 'call' && field(owner, 'function')?.id === parent.id) {
      const args = argumentsOf(owner);
      const inplace = args.keywords.get('inplace');
      const isInplace = inplace?.type === 'true';
      if (attribute === 'pop') {
        const name = args.positional[0] ? textOf(this.resolver.valueOf(args.positional[0], unit)) : undefined;
        return name ? this.withoutColumns(info, [name]) : info;
      }
      if (isInplace && (attribute === 'drop' || attribute === 'rename')) return this.tableMethod(attribute, owner, args, unit, info, depth);
    }
    return info;
  }

  /** `table[key] = value` or `del table[key]`. */
  private columnWrite(subscript: Node, keyNode: Node | undefined, unit: number, info: DataInfo, depth: number): Info {
    const names = keyNode ? stringList(this.resolver.valueOf(keyNode, unit)) : undefined;
    if (!names) return info;
    const owner = subscript.parent;
    if (owner?.type === 'delete_statement' || (owner?.type === 'expression_list' && owner.parent?.type === 'delete_statement')) return this.withoutColumns(info, names);
    if (owner?.type !== 'assignment' || field(owner, 'left')?.id !== subscript.id) return info;
    const right = field(owner, 'right');
    const value = right ? this.derivedColumn(right, unit, depth) : UNKNOWN;
    const columns = new Map(info.columns);
    for (const name of names) {
      const status = this.classify(name);
      columns.delete(name);
      if (value.kind === 'safe' || status === 'negated') continue; // masked, hashed, constant, or a derived non-personal value
      if (isData(value)) {
        const strongest = [...value.columns.values()].includes('direct') ? 'direct' : (status ?? [...value.columns.values()][0]);
        columns.set(name, strongest);
      } else if (status) columns.set(name, status);
    }
    return withColumns(info, columns);
  }

  /**
   * What a new column computed from `value` holds: a copy of a personal column is personal; a
   * value computed from one (`df["email"].str.split("@").str[1]`) is judged by the new column's
   * name, unless it was masked or hashed (safe).
   */
  private derivedColumn(value: Node, unit: number, depth: number): Info {
    const info = this.info(value, unit, depth);
    if (!isData(info)) return info;
    const isCopy = (value.type === 'identifier' || value.type === 'attribute' || value.type === 'subscript') && value.descendantsOfType('call').length === 0;
    return isCopy ? info : UNKNOWN;
  }

  private classified(names: string[]): Columns {
    const columns: Columns = new Map();
    for (const name of names) {
      const status = this.classify(name);
      if (status && status !== 'negated') columns.set(name, status);
    }
    return columns;
  }

  private withoutColumns(info: DataInfo, names: string[]): Info {
    const columns = new Map(info.columns);
    for (const name of names) columns.delete(name);
    return columns.size === 0 && !info.open ? SAFE : { ...info, columns, identified: identifies(columns, info.peopleSource) };
  }

  /** `table[names]` / `table.name`: the selected columns of a table, or fields of a record. */
  private select(info: DataInfo, names: string[], shape: Shape): Info {
    const columns: Columns = new Map();
    for (const name of names) {
      const known = info.columns.get(name);
      const status = known ?? this.classify(name);
      if (status && status !== 'negated') columns.set(name, status);
    }
    if (columns.size === 0) return SAFE;
    // a person's name taken from data that identifies people stays a person's name
    const identified = identifies(columns, info.peopleSource) || (info.identified && [...columns.values()].includes('name'));
    return { ...info, columns, shape, identified, frame: shape === 'table' ? info.frame : false, groupKeys: undefined, open: false };
  }

  private attribute(node: Node, unit: number, depth: number): Info {
    const object = field(node, 'object');
    const attribute = field(node, 'attribute')?.text ?? '';
    if (!object) return UNKNOWN;
    const base = this.info(object, unit, depth);
    if (isData(base)) {
      if (SAFE_ATTRIBUTES.has(attribute)) return SAFE;
      if (PASS_ATTRIBUTES.has(attribute)) return ['loc', 'iloc', 'at', 'iat'].includes(attribute) ? base : { ...base, frame: false };
      if (base.shape === 'column') return UNKNOWN;
      if (base.columns.has(attribute) || (this.classify(attribute) ?? 'negated') !== 'negated') return this.select(base, [attribute], base.shape === 'table' ? 'column' : 'value');
      return UNKNOWN;
    }
    if (base.kind === 'safe') return SAFE;
    if (this.isConfig(object, unit)) return UNKNOWN;
    return this.byName(attribute, 'value', false);
  }

  private isConfig(object: Node, unit: number): boolean {
    if (CONFIG_RECEIVER.test(object.text.replace(/\s+/g, ''))) return true;
    const qualified = this.resolver.qualifiedName(object, unit);
    return !!qualified && (CONFIG_RECEIVER.test(qualified) || qualified.startsWith('os.environ'));
  }

  private subscript(node: Node, unit: number, depth: number): Info {
    const object = field(node, 'value');
    const subscripts = node.childrenForFieldName('subscript').filter((n): n is Node => !!n);
    if (!object || subscripts.length === 0) return UNKNOWN;
    const indexer = object.type === 'attribute' ? field(object, 'attribute')?.text : undefined;
    const base = this.info(object, unit, depth);
    let keyNode: Node | undefined = subscripts[0];
    if (indexer === 'loc' || indexer === 'at') {
      keyNode = subscripts.length >= 2 ? subscripts[1] : undefined;
      // df.loc[0, "email"] is one value
      if (keyNode && isData(base) && base.shape === 'table' && ['integer', 'string'].includes(subscripts[0].type) && keyNode.type === 'string') {
        const names = stringList(this.resolver.valueOf(keyNode, unit));
        return names ? this.select(base, names, 'value') : UNKNOWN;
      }
    } else if (indexer === 'iloc' || indexer === 'iat') {
      // df.iloc[0] is one row
      if (isData(base) && base.shape === 'table' && subscripts.length === 1 && subscripts[0].type === 'integer') return { ...base, shape: 'value', frame: false };
      keyNode = undefined;
    }
    const names = keyNode && keyNode.type !== 'slice' ? stringList(this.resolver.valueOf(keyNode, unit)) : undefined;
    const isList = keyNode?.type === 'list';
    if (isData(base)) {
      if (!names) {
        // rows: a filter, a slice, an integer position
        if (base.shape === 'table' && !base.frame && keyNode?.type === 'integer') return { ...base, shape: 'value' };
        if (base.shape === 'column' && keyNode?.type === 'integer') return { ...base, shape: 'value' };
        return base;
      }
      if (base.shape === 'column') return base;
      if (base.shape === 'value') return this.select(base, names, 'value');
      return this.select(base, names, isList ? 'table' : 'column');
    }
    if (base.kind === 'safe' || !names || this.isConfig(object, unit)) return base.kind === 'safe' ? SAFE : UNKNOWN;
    // an unknown object read by key: the key says what it holds
    const columns = this.classified(names);
    if (columns.size === 0) return UNKNOWN;
    return makeData(columns, isList ? 'table' : 'value');
  }

  private call(node: Node, unit: number, depth: number): Info {
    const fn = field(node, 'function');
    if (!fn) return UNKNOWN;
    const args = argumentsOf(node);
    const method = fn.type === 'attribute' ? (field(fn, 'attribute')?.text ?? '') : fn.type === 'identifier' ? fn.text : '';
    const receiver = fn.type === 'attribute' ? field(fn, 'object') : undefined;
    const callee = this.resolver.qualifiedName(fn, unit);
    const first = args.positional[0];

    if (callee) {
      const reader = READERS.exec(callee);
      if (reader) return this.reader(reader[1], args, unit);
      const constructor = CONSTRUCTORS.exec(callee);
      if (constructor) return this.constructed(constructor[1], args, unit, depth);
      if (COMBINERS.test(callee)) return union(args.positional.map((a) => this.info(a, unit, depth)));
      if (callee.startsWith('hmac.') || callee.startsWith('hashlib.') || callee.startsWith('cryptography.')) return SAFE;
      if (SAFE_FUNCTIONS.has(callee)) return SAFE;
      if (PASS_FUNCTIONS.has(callee)) return first ? this.info(first, unit, depth) : UNKNOWN;
    }
    if (PROTECTING_NAME.test(method)) return SAFE;
    // a.merge(b): rows of both, whatever is known about a
    if (receiver && ['merge', 'join', 'combine_first'].includes(method) && first) {
      const merged = union([this.info(receiver, unit, depth), this.info(first, unit, depth)]);
      if (isData(merged)) return { ...merged, shape: 'table', frame: true };
    }
    // a function of the program: what it returns
    if (fn.type === 'identifier') {
      const returned = this.returned(fn, unit, depth);
      if (returned) return returned;
    }

    if (receiver) {
      // "...{}".format(a, b) and "sep".join(values)
      if (receiver.type === 'string' || receiver.type === 'concatenated_string') {
        if (method === 'format')
          return union(
            [...args.positional, ...args.keywords.values()].map((a) => this.info(a, unit, depth)),
            'value',
          );
        if (method === 'join' && first) return this.asValue(this.info(first, unit, depth));
        return SAFE;
      }
      const base = this.info(receiver, unit, depth);
      if (isData(base)) return this.method(method, node, args, unit, base, receiver, depth);
      if (base.kind === 'safe' && callee === undefined) return SAFE;
    }
    return UNKNOWN;
  }

  /** What a function defined in the program returns (`def load(): return pd.read_csv(...)`), when known. */
  private returned(fn: Node, unit: number, depth: number): Info | undefined {
    const binding = this.resolver.lookup(fn, unit);
    if (binding?.kind !== 'function') return undefined;
    const body = field(binding.node, 'body');
    if (!body) return undefined;
    const values: Info[] = [];
    const visit = (node: Node) => {
      for (const child of namedChildren(node)) {
        if (child.type === 'function_definition' || child.type === 'class_definition' || child.type === 'lambda') continue;
        if (child.type === 'return_statement') {
          const value = child.namedChild(0);
          if (value) values.push(this.info(value, binding.unit, depth));
        } else visit(child);
      }
    };
    visit(body);
    const merged = union(values);
    return isData(merged) ? merged : undefined;
  }

  /** A variable that starts as a literal and is then filled (`rows = []` ... `rows.append(...)`, `rows[i] = ...`). */
  private filledLater(node: Node): boolean {
    if (node.type !== 'identifier') return false;
    return this.resolver.references(node.text).some((ref) => {
      const parent = ref.node.parent;
      return (parent?.type === 'attribute' && field(parent, 'object')?.id === ref.node.id) || (parent?.type === 'subscript' && parent.parent?.type === 'assignment');
    });
  }

  private asValue(info: Info): Info {
    return isData(info) ? { ...info, shape: 'value', frame: false } : info;
  }

  private reader(kind: string, args: Arguments, unit: number): Info {
    const source = args.positional[0] ?? args.keywords.get('filepath_or_buffer') ?? args.keywords.get('path') ?? args.keywords.get('io') ?? args.keywords.get('sql');
    const sourceValue = source ? this.resolver.valueOf(source, unit) : undefined;
    const sourceText = sourceValue?.kind === 'string' ? sourceValue.value : sourceValue?.kind === 'template' ? sourceValue.staticText : '';
    const peopleSource = !kind.startsWith('read_sql') && PEOPLE_FILE.test(sourceText.split(/[\\/]/).pop() ?? '');
    const listed = args.keywords.get('usecols') ?? args.keywords.get('columns') ?? args.keywords.get('names');
    const names = listed ? stringList(this.resolver.valueOf(listed, unit)) : kind.startsWith('read_sql') ? selectedColumns(sourceText) : undefined;
    const columns = names ? this.classified(names) : new Map<string, SensitiveClass>();
    if (names && columns.size === 0) return SAFE;
    // unknown columns: evidence from the code that reads them is added where the frame is bound
    return { kind: 'data', shape: 'table', columns, identified: identifies(columns, peopleSource), evidence: 'data', frame: true, peopleSource, open: !names };
  }

  private constructed(kind: string, args: Arguments, unit: number, depth: number): Info {
    const data = args.positional[0] ?? args.keywords.get('data');
    // values written in the code (sample rows, examples) come from nowhere: showing them discloses nothing
    if (data && isLiteral(this.resolver.valueOf(data, unit)) && !this.filledLater(data)) return SAFE;
    const listed = args.keywords.get('columns');
    if (listed) {
      const names = stringList(this.resolver.valueOf(listed, unit));
      if (names) return makeData(this.classified(names), kind === 'Series' ? 'column' : 'table', { frame: kind !== 'Series' });
    }
    if (!data) return kind === 'Series' ? UNKNOWN : { kind: 'data', shape: 'table', columns: new Map(), identified: false, evidence: 'data', frame: true, open: true };
    const keys = literalKeys(data);
    if (keys && kind !== 'Series') {
      // the keys of a dict (or of a list of dicts) are the columns, whatever the values
      const columns = this.classified(keys);
      if (data.type === 'dictionary')
        for (const pair of namedChildren(data)) {
          // {"contact": df["email"]}: the column holds what the value holds
          const key = pair.type === 'pair' ? field(pair, 'key') : undefined;
          const value = pair.type === 'pair' ? field(pair, 'value') : undefined;
          if (key?.type !== 'string' || !value || columns.has(stringParts(key).text)) continue;
          const info = this.derivedColumn(value, unit, depth);
          if (isData(info) && info.evidence === 'data') columns.set(stringParts(key).text, [...info.columns.values()].includes('direct') ? 'direct' : 'quasi');
        }
      return makeData(columns, 'table', { frame: true });
    }
    const info = this.info(data, unit, depth);
    if (isData(info)) return { ...info, shape: kind === 'Series' ? 'column' : 'table', frame: kind !== 'Series' };
    if (info.kind === 'safe' || kind === 'Series') return info;
    // built from something unknown: the code that reads its columns says what it holds
    return { kind: 'data', shape: 'table', columns: new Map(), identified: false, evidence: 'data', frame: true, open: true };
  }

  private method(method: string, call: Node, args: Arguments, unit: number, base: DataInfo, receiver: Node, depth: number): Info {
    const first = args.positional[0];
    if (base.groupKeys) {
      if (['head', 'tail', 'first', 'last', 'nth', 'get_group', 'sample'].includes(method)) return { ...base, groupKeys: undefined };
      if (method === 'apply' || method === 'transform' || method === 'pipe') return UNKNOWN;
      // aggregates over groups show the group keys
      const keys = base.groupKeys.filter((k) => base.columns.has(k));
      return keys.length > 0 ? this.select(base, keys, 'table') : SAFE;
    }
    const onStrings = receiver.type === 'attribute' && field(receiver, 'attribute')?.text === 'str';
    if (onStrings) {
      if (STRING_TESTS.has(method)) return SAFE;
      if (method === 'replace' || method === 'slice_replace' || method === 'pad') {
        const replacement = args.positional[method === 'slice_replace' ? 2 : 1] ?? args.keywords.get('repl');
        const text = replacement ? this.resolver.valueOf(replacement, unit) : undefined;
        if (text?.kind === 'string' && MASK_TEXT.test(text.value)) return SAFE;
        if (replacement && PROTECTING_NAME.test(replacement.text)) return SAFE;
      }
      return base;
    }
    if (method === 'describe') {
      // describe(include="all"/object) lists the most frequent value of text columns
      const include = args.keywords.get('include');
      return include && /all|object|["']O["']|\bstr\b|category/.test(include.text) ? base : SAFE;
    }
    if (AGGREGATES.has(method)) return SAFE;
    if (method === 'select_dtypes') {
      const include = args.keywords.get('include') ?? first;
      return include && /number|float|int|bool/.test(include.text) ? SAFE : base;
    }
    // df.to_csv(path) writes and returns None; df.to_csv() returns the text
    if (/^to_(?:csv|json|parquet|xml|latex|string|markdown|html)$/.test(method) && (first ?? args.keywords.get('path') ?? args.keywords.get('path_or_buf') ?? args.keywords.get('buf'))) return SAFE;
    if (ROW_PRESERVING.has(method)) {
      if (ROWS_ONLY.has(method)) return { ...base, frame: false, shape: base.shape === 'column' ? 'column' : 'table' };
      return FRAME_RESULT.has(method) ? base : { ...base, frame: false };
    }
    if (base.shape === 'value') return VALUE_METHODS.has(method) ? (method === 'replace' && this.masks(args, unit) ? SAFE : base) : UNKNOWN;
    switch (method) {
      case 'get':
      case 'pop': {
        const names = first ? stringList(this.resolver.valueOf(first, unit)) : undefined;
        return names ? this.select(base, names, base.shape === 'table' ? 'column' : 'value') : UNKNOWN;
      }
      case 'drop':
      case 'rename':
      case 'filter':
      case 'assign':
        return this.tableMethod(method, call, args, unit, base, depth);
      case 'merge':
      case 'join':
      case 'combine_first':
      case 'append':
        return union([base, ...(first ? [this.info(first, unit, depth)] : [])]);
      case 'groupby': {
        const by = args.keywords.get('by') ?? first;
        const keys = by ? stringList(this.resolver.valueOf(by, unit)) : undefined;
        return { ...base, groupKeys: keys ?? [] };
      }
      case 'apply':
      case 'map':
      case 'applymap':
      case 'transform':
      case 'pipe':
      case 'agg':
      case 'aggregate': {
        const func = first ?? args.keywords.get('func') ?? args.keywords.get('arg');
        if (func && this.protects(func, unit)) return SAFE;
        if (method === 'agg' || method === 'aggregate') return func && /^["'](?:count|nunique|mean|sum|std|var|median|size)["']$/.test(func.text) ? SAFE : base;
        return base.shape === 'column' ? base : UNKNOWN;
      }
      default:
        return UNKNOWN;
    }
  }

  private masks(args: Arguments, unit: number): boolean {
    const replacement = args.positional[1];
    const value = replacement ? this.resolver.valueOf(replacement, unit) : undefined;
    return value?.kind === 'string' && MASK_TEXT.test(value.value);
  }

  /** A function that masks, hashes or encrypts its input: named so, or a lambda that calls one or returns a mask. */
  private protects(func: Node, unit: number): boolean {
    if (func.type === 'identifier' || func.type === 'attribute') return PROTECTING_NAME.test(func.text) || PROTECTING_NAME.test(this.resolver.qualifiedName(func, unit) ?? '');
    if (func.type === 'lambda') {
      const body = field(func, 'body');
      if (!body) return false;
      if (PROTECTING_NAME.test(body.text) || /hashlib|hmac/.test(body.text)) return true;
      const value = this.resolver.valueOf(body, unit);
      if (value.kind === 'string' || value.kind === 'number' || value.kind === 'none' || value.kind === 'bool') return true;
      if (value.kind === 'template' && MASK_TEXT.test(value.staticText)) return true;
      return body.type === 'call' && /^(len|int|float|bool)$/.test(field(body, 'function')?.text ?? '');
    }
    return false;
  }

  /** drop / rename / filter / assign, as a value or in place. */
  private tableMethod(method: string, call: Node, args: Arguments, unit: number, base: DataInfo, depth: number): Info {
    const first = args.positional[0];
    const valueOf = (node: Node | undefined) => (node ? this.resolver.valueOf(node, unit) : undefined);
    switch (method) {
      case 'drop': {
        const axis = valueOf(args.keywords.get('axis'));
        const byColumns = args.keywords.get('columns');
        const labels =
          byColumns ?? (axis && ((axis.kind === 'number' && axis.value === 1) || (axis.kind === 'string' && axis.value === 'columns')) ? (args.keywords.get('labels') ?? first) : undefined);
        const names = labels ? stringList(valueOf(labels)!) : undefined;
        return names ? this.withoutColumns(base, names) : base;
      }
      case 'rename': {
        const mapping = valueOf(args.keywords.get('columns'));
        if (mapping?.kind !== 'dict') return base;
        const columns = new Map(base.columns);
        for (const entry of mapping.entries) {
          const from = textOf(entry.key);
          const to = textOf(entry.value);
          if (!from || !to) continue;
          const status = columns.get(from) ?? this.classify(from);
          columns.delete(from);
          const renamed = this.classify(to);
          if (status && status !== 'negated') columns.set(to, renamed && renamed !== 'negated' && renamed !== 'name' ? renamed : status);
        }
        return withColumns(base, columns);
      }
      case 'filter': {
        const items = valueOf(args.keywords.get('items') ?? first);
        const names = items ? stringList(items) : undefined;
        return names ? this.select(base, names, 'table') : base;
      }
      case 'assign': {
        const columns = new Map(base.columns);
        for (const [name, valueNode] of args.keywords) {
          const value = this.derivedColumn(valueNode, unit, depth);
          const status = this.classify(name);
          columns.delete(name);
          if (value.kind === 'safe' || status === 'negated') continue;
          if (isData(value)) columns.set(name, [...value.columns.values()].includes('direct') ? 'direct' : (status ?? 'quasi'));
          else if (status) columns.set(name, status);
        }
        void call;
        return withColumns(base, columns);
      }
      default:
        return base;
    }
  }
}

/** A value written entirely in the code: literals, and lists, tuples and dicts of them. */
function isLiteral(value: Value): boolean {
  switch (value.kind) {
    case 'string':
    case 'number':
    case 'bool':
    case 'none':
      return true;
    case 'sequence':
      return value.items.every(isLiteral);
    case 'dict':
      return value.entries.length > 0 && value.entries.every((e) => isLiteral(e.key) && isLiteral(e.value));
    default:
      return false;
  }
}

/** The string keys of a dict literal, or of the dict literals in a list (records). */
function literalKeys(node: Node): string[] | undefined {
  const dicts = node.type === 'dictionary' ? [node] : node.type === 'list' || node.type === 'tuple' ? namedChildren(node).filter((c) => c.type === 'dictionary') : [];
  if (dicts.length === 0) return undefined;
  const keys: string[] = [];
  for (const dict of dicts)
    for (const pair of namedChildren(dict)) {
      const key = pair.type === 'pair' ? field(pair, 'key') : undefined;
      if (key?.type === 'string' && !stringParts(key).dynamic) keys.push(stringParts(key).text);
    }
  return keys;
}

/** The column names of a literal `SELECT a, b AS c FROM ...` (undefined for `*` or anything unusual). */
export function selectedColumns(sql: string): string[] | undefined {
  const match = /^\s*select\s+(?:distinct\s+)?([\s\S]+?)\s+from\s/i.exec(sql);
  if (!match || match[1].includes('*') || match[1].includes('(')) return undefined;
  return match[1].split(',').map((item) => {
    const alias = /\bas\s+["`]?(\w+)["`]?\s*$/i.exec(item);
    const name = alias
      ? alias[1]
      : (item
          .trim()
          .split(/[\s.]+/)
          .pop() ?? '');
    return name.replace(/["`[\]]/g, '');
  });
}
