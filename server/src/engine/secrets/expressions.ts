import type { AnalysisDocument } from '../document';
import type { Node } from '../parser';
import { stringParts } from '../resolve';
import type { RuleContext } from '../rule';
import { nameParts } from '../sensitive';
import { escapeRegExp } from '../text';
import { classifyPair, findProviderTokens } from './scan';
import { isSecretName } from './shape';

/**
 * Which Python expressions hold a secret at run time, for the exposure rules (printing,
 * logging, URLs, command lines). Decided with the resolver: `key` after
 * `key = os.environ["OPENAI_API_KEY"]` holds a credential whatever its name; a loop variable
 * named `token` does not.
 */
export interface SecretExpression {
  node: Node;
  /** What it is, for messages: "the environment variable OPENAI_API_KEY", "`api_key`", "every environment variable". */
  description: string;
  /** The whole environment (`os.environ`), not one value. */
  wholeEnvironment?: boolean;
}

/** Word parts that name a secret without help (a lone `token` or `key` needs a qualifier or a known value). */
const WEAK_ALONE = new Set(['token', 'auth', 'key', 'pass', 'sig', 'pat', 'signature', 'sas', 'bearer']);

function isStrongSecretName(name: string): boolean {
  if (!isSecretName(name)) return false;
  const parts = nameParts(name);
  return !(parts.length === 1 && WEAK_ALONE.has(parts[0]));
}

const ENV_READERS = new Set(['os.getenv', 'os.environ.get', 'os.environ.setdefault', 'os.environ.pop', 'environ.get']);
const SECRET_SOURCES = /(?:^|\.)(?:getpass|get_secret_value|get_secret|access_secret_version|get_password|userdata\.get|get_parameter)$/;

/** The name of the environment variable an expression reads (`os.getenv("X")`, `os.environ["X"]`), if any. */
export function environmentRead(node: Node, context: RuleContext, type = node.type): string | undefined {
  if (type === 'call') {
    const fn = node.childForFieldName('function');
    const method = attributeName(fn);
    if (method !== undefined && !ENV_READER_METHODS.has(method)) return undefined;
    const callee = fn ? context.qualifiedName(fn) : undefined;
    if (!callee || !ENV_READERS.has(callee)) return undefined;
    const first = node.childForFieldName('arguments')?.namedChild(0);
    return first?.type === 'string' ? stringParts(first).text : undefined;
  }
  if (type === 'subscript') {
    const object = node.childForFieldName('value');
    if (!object || context.qualifiedName(object) !== 'os.environ') return undefined;
    const index = node.childForFieldName('subscript');
    return index?.type === 'string' ? stringParts(index).text : undefined;
  }
  return undefined;
}

/**
 * Whether the program's text binds `name` in a way that can give it a value (`name = …`,
 * `name: T = …`, `name := …`, `… as name`), judged per document from the text alone. A name
 * with no such binding (a loop variable, a parameter, an unpacked target, a builtin) cannot
 * hold a secret by assignment nor be an alias of `os.environ`, so its uses need no resolving:
 * printed values are mostly such names (`step`, `epoch`, `loss`...). Conservative: any text
 * that may be such a binding (in a string or a comment too) counts.
 */
const textBindings = new WeakMap<AnalysisDocument, { assigned: Set<string>; others: Map<string, boolean> }>();

/** A name `name = `, `name: `, `name := ` (not after a `.`) and a name after `as `: one pass collects every such name. */
const ASSIGNED_NAME = /(?<![\p{L}\p{N}_.])([\p{L}\p{N}_]+)[\s\\]*(?:=(?!=)|:)/gu;
const AS_NAME = /\bas[\s\\([]+(?=([\p{L}\p{N}_]+))/gu;
const WORD = /^[\p{L}\p{N}_]+$/u;

export function textMayAssign(name: string, context: RuleContext): boolean {
  let names = textBindings.get(context.document);
  if (!names) {
    // one pass over the text for all names, rather than one search of the whole text per name asked about
    const assigned = new Set<string>();
    for (const unit of context.document.units) {
      if (unit.language !== 'python') continue;
      for (const pattern of [ASSIGNED_NAME, AS_NAME]) {
        pattern.lastIndex = 0;
        for (let match = pattern.exec(unit.code); match; match = pattern.exec(unit.code)) {
          assigned.add(match[1]);
          if (match[0].length === 0) pattern.lastIndex++;
        }
      }
    }
    textBindings.set(context.document, (names = { assigned, others: new Map() }));
  }
  if (WORD.test(name)) return names.assigned.has(name);
  // a name with other characters (not one a Python identifier node has in practice): search for it
  let result = names.others.get(name);
  if (result === undefined) {
    const word = escapeRegExp(name);
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}_.])${word}[\\s\\\\]*(?:=(?!=)|:)|\\bas[\\s\\\\([]+${word}(?![\\p{L}\\p{N}_])`, 'u');
    result = context.document.units.some((unit) => unit.language === 'python' && unit.code.includes(name) && pattern.test(unit.code));
    names.others.set(name, result);
  }
  return result;
}

/** The last name of a callee expression when it is an attribute (`get` in `os.environ.get`): the last part of its qualified name too. */
function attributeName(fn: Node | null): string | undefined {
  return fn?.type === 'attribute' ? (fn.childForFieldName('attribute')?.text ?? '') : undefined;
}

const WHOLE_ENVIRONMENT_METHODS = new Set(['copy', 'items', 'values']);
const ENV_READER_METHODS = new Set(['getenv', 'get', 'setdefault', 'pop']);

function isWholeEnvironment(node: Node, context: RuleContext, type = node.type): boolean {
  if (type === 'identifier') return (node.text === 'environ' || textMayAssign(node.text, context)) && context.qualifiedName(node) === 'os.environ';
  if (type === 'attribute') return attributeName(node) === 'environ' && context.qualifiedName(node) === 'os.environ';
  if (type === 'call') {
    const fn = node.childForFieldName('function');
    const method = attributeName(fn);
    if (method !== undefined && !WHOLE_ENVIRONMENT_METHODS.has(method)) return false;
    const callee = fn ? context.qualifiedName(fn) : undefined;
    if (callee === 'os.environ.copy' || callee === 'os.environ.items' || callee === 'os.environ.values') return true;
    if (callee === 'dict') {
      const first = node.childForFieldName('arguments')?.namedChild(0);
      return !!first && isWholeEnvironment(first, context);
    }
  }
  return false;
}

/** A secret-holding value assigned to a name: an env read of a secret name, a literal secret, a password prompt, a secret manager. */
function valueHoldsSecret(value: Node, name: string, context: RuleContext, depth: number): string | undefined {
  const variable = environmentRead(value, context);
  if (variable !== undefined) return isSecretName(variable) ? `the environment variable ${variable}` : undefined;
  if (value.type === 'string') {
    const parts = stringParts(value);
    if (parts.dynamic) return undefined;
    if (findProviderTokens(parts.text).length > 0 || classifyPair(name, parts.text)) return `\`${name}\``;
    return undefined;
  }
  if (value.type === 'call') {
    const fn = value.childForFieldName('function');
    const callee = fn ? context.qualifiedName(fn) : undefined;
    if (callee && SECRET_SOURCES.test(callee)) return `\`${name}\` (from ${callee.split('.').pop()})`;
    return undefined;
  }
  if (value.type === 'identifier' && depth < 3) return secretOfName(value, context, depth + 1)?.description;
  return undefined;
}

function secretOfName(identifier: Node, context: RuleContext, depth = 0): SecretExpression | undefined {
  const name = identifier.text;
  // only assignments, `with … as` and parameters with a secret's name make a name hold a secret
  if (!textMayAssign(name, context) && !isStrongSecretName(name)) return undefined;
  const binding = context.lookup(identifier);
  if (binding) {
    if (binding.kind === 'for' || binding.kind === 'import' || binding.kind === 'function' || binding.kind === 'class' || binding.kind === 'except') return undefined;
    if ((binding.kind === 'assign' || binding.kind === 'with') && binding.value) {
      const held = valueHoldsSecret(binding.value, name, context, depth);
      if (held) return { node: identifier, description: held };
      // a value the engine cannot see (a call, an argument): the name decides, when it is unambiguous
      const opaque = binding.value.type === 'call' || binding.value.type === 'attribute' || binding.value.type === 'subscript';
      return opaque && isStrongSecretName(name) && !isNonSecretCall(binding.value, context) ? { node: identifier, description: `\`${name}\`` } : undefined;
    }
    if (binding.kind === 'param') return isStrongSecretName(name) ? { node: identifier, description: `\`${name}\`` } : undefined;
    return undefined;
  }
  return undefined;
}

/** Calls whose result is not the secret itself even under a secret-like name (`token_count = len(...)` has its own name). */
function isNonSecretCall(value: Node, context: RuleContext): boolean {
  if (value.type !== 'call') return false;
  const fn = value.childForFieldName('function');
  const callee = fn ? (context.qualifiedName(fn) ?? fn.text) : '';
  return /(?:^|\.)(?:len|bool|hash|mask|redact|hashlib\.\w+|hexdigest|sha256|md5|encode|tokenize|Tokenizer|from_pretrained|compile)$/.test(callee);
}

/** Whether `node` (any expression) holds a secret; see SecretExpression. */
export function secretExpression(node: Node, context: RuleContext, type = node.type): SecretExpression | undefined {
  // `type` is read once: each read of a node's type is a call into wasm
  if (isWholeEnvironment(node, context, type)) return { node, description: 'every environment variable (API keys and tokens included)', wholeEnvironment: true };
  const variable = environmentRead(node, context, type);
  if (variable !== undefined) return isSecretName(variable) ? { node, description: `the environment variable ${variable}` } : undefined;
  if (type === 'identifier') return secretOfName(node, context);
  if (type === 'attribute') {
    const attribute = node.childForFieldName('attribute');
    // `self.api_key`, `args.hf_token`, `settings.db_password`
    return attribute && isStrongSecretName(attribute.text) && context.qualifiedName(node) !== 'os.environ'
      ? { node, description: `\`${node.text.length > 40 ? attribute.text : node.text}\`` }
      : undefined;
  }
  return undefined;
}

/** Calls that show their arguments to whoever reads the console, the logs or the notebook. */
export const PRINT_CALLS: readonly string[] = ['print', 'pprint.pprint', 'pprint.pp', 'display', 'IPython.display.display', 'sys.stdout.write', 'sys.stderr.write', 'click.echo', 'typer.echo'];
/** Logging levels, as `logging.<level>` functions and logger methods. */
export const LOG_LEVELS: readonly string[] = ['debug', 'info', 'warning', 'warn', 'error', 'critical', 'exception', 'log', 'fatal'];

/** Node types a value passes through unchanged on its way into a printed or formatted text. */
const TRANSPARENT = new Set([
  'interpolation',
  'string',
  'concatenated_string',
  'parenthesized_expression',
  'binary_operator',
  'tuple',
  'list',
  'set',
  'pair',
  'dictionary',
  'expression_list',
  'format_expression',
]);
const PASS_THROUGH_CALLS = /^(?:str|repr|format|f?print|dict|list|tuple|json\.dumps|pprint\.pformat|.*\.format|.*\.join)$/;
/** The last names of PASS_THROUGH_CALLS that are attributes (a dotted callee ends with one of them). */
const PASS_THROUGH_METHODS = new Set(['dumps', 'pformat', 'format', 'join']);

/**
 * The secret expressions that reach `root` unchanged (directly, in an f-string, concatenated,
 * formatted, inside a container). `api_key[:4]`, `len(token)`, `token is None`, `bool(key)`,
 * `mask(key)` reach it only transformed and do not count.
 */
export function secretsReaching(root: Node, context: RuleContext): SecretExpression[] {
  const found: SecretExpression[] = [];
  const visit = (node: Node, depth: number) => {
    if (depth > 12) return;
    const type = node.type;
    const secret = secretExpression(node, context, type);
    if (secret) {
      found.push(secret);
      return;
    }
    if (type === 'call') {
      const fn = node.childForFieldName('function');
      const method = attributeName(fn);
      if (method !== undefined && !PASS_THROUGH_METHODS.has(method)) return;
      const callee = fn ? (context.qualifiedName(fn) ?? fn.text) : '';
      if (!PASS_THROUGH_CALLS.test(callee)) return;
      // `"…{}".format(key)`: the arguments pass through; so does the receiver string
      for (const argument of node.childForFieldName('arguments')?.namedChildren ?? [])
        if (argument) visit(argument.type === 'keyword_argument' ? (argument.childForFieldName('value') ?? argument) : argument, depth + 1);
      if (fn?.type === 'attribute') {
        const receiver = fn.childForFieldName('object');
        if (receiver) visit(receiver, depth + 1);
      }
      return;
    }
    if (type === 'binary_operator') {
      const operator = node.childForFieldName('operator')?.text;
      if (operator !== '+' && operator !== '%') return;
    }
    if (type === 'interpolation') {
      const expression = node.childForFieldName('expression') ?? node.namedChild(0);
      if (expression) visit(expression, depth + 1);
      return;
    }
    if (!TRANSPARENT.has(type)) return;
    for (const child of node.namedChildren) if (child) visit(child, depth + 1);
  };
  visit(root, 0);
  return found;
}
