import * as path from 'node:path';
import type { AnalysisDocument, SourceUnit } from '../document';
import type { Node } from '../parser';
import { stringParts } from '../resolve';
import type { RuleContext } from '../rule';
import { nameParts } from '../sensitive';
import type { FileEdit, Fix, UnitEdit } from '../types';
import { classifyPair, findPrivateKeys, findProviderTokens, findTextPairs, findUrlCredentials, inKaggleObject, removeOverlaps, scanNetrc, scanText, type SecretMatch } from './scan';
import { envNameFor, isFixtureName } from './shape';

/**
 * The secrets of one unit, found once and shared by the hardcoded-secret rules (each rule
 * reports its kind). In Python the syntax tree says what holds a value: the variable, keyword,
 * dict key, `os.environ[...]` or default parameter it is assigned to (for generic secrets and
 * for providers known by name), whether a token sits in a comment, a string or a magic, and
 * what the "move to environment variable" fix must replace.
 */
export interface UnitSecret extends SecretMatch {
  where: 'string' | 'comment' | 'code' | 'magic' | 'text';
  fix?: Fix;
}

export interface OutputSecret extends SecretMatch {
  output: number;
  mime: string;
  /** Line of the output text (zero-based) where the secret is. */
  line: number;
}

const unitCache = new WeakMap<AnalysisDocument, Map<number, UnitSecret[]>>();
const outputCache = new WeakMap<AnalysisDocument, Map<number, OutputSecret[]>>();

export function secretsOfUnit(unit: SourceUnit, context: RuleContext): UnitSecret[] {
  let perDocument = unitCache.get(context.document);
  if (!perDocument) unitCache.set(context.document, (perDocument = new Map()));
  let list = perDocument.get(unit.index);
  if (!list) {
    list = unit.language === 'python' ? pythonSecrets(unit, context) : textSecrets(unit, context.document);
    perDocument.set(unit.index, list);
  }
  return list;
}

export function secretsOfOutputs(unit: SourceUnit, document: AnalysisDocument): OutputSecret[] {
  let perDocument = outputCache.get(document);
  if (!perDocument) outputCache.set(document, (perDocument = new Map()));
  let list = perDocument.get(unit.index);
  if (!list) {
    list = [];
    for (const output of unit.outputs) {
      const lineStarts = [0];
      for (let i = output.text.indexOf('\n'); i >= 0; i = output.text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
      for (const match of scanText(output.text, { context: 'output' })) {
        let line = 0;
        while (line + 1 < lineStarts.length && lineStarts[line + 1] <= match.start) line++;
        list.push({ ...match, output: output.output, mime: output.mime, line });
      }
    }
    perDocument.set(unit.index, list);
  }
  return list;
}

function textSecrets(unit: SourceUnit, document: AnalysisDocument): UnitSecret[] {
  const base = document.path ? path.basename(document.path) : '';
  const kind = document.textKind;
  const matches = kind === 'netrc' ? removeOverlaps([...scanNetrc(unit.text), ...findProviderTokens(unit.text)]) : scanText(unit.text, { context: base, spaceSeparated: kind === 'dockerfile' });
  return matches.map((m) => ({ ...m, where: 'text' as const }));
}

/** Words in Python code that may name a secret holder (the tree decides), and `login(` calls with positional keys. */
const HOLDER_WORDS = /pass|pwd|secret|token|key|auth|cred|bearer|sig|sas|conn|dsn|login/gi;

interface Holder {
  name: string;
  /** What else says whose value it is: the callee of a keyword argument, the object of a subscript. */
  context: string;
  /** The value expression (a string literal when the secret is hard-coded). */
  value: Node;
  /** `os.environ["NAME"] = "…"`: the statement, which the fix removes rather than rewrites. */
  environStatement?: Node;
}

function pythonSecrets(unit: SourceUnit, context: RuleContext): UnitSecret[] {
  const text = unit.text;
  const found: UnitSecret[] = [];
  const inMagic = (offset: number) => unit.magics.some((m) => m.startOffset <= offset && offset < m.endOffset);

  // tokens, key blocks and URL passwords anywhere: strings, comments, magics
  for (const match of [...findProviderTokens(text), ...findPrivateKeys(text), ...findUrlCredentials(text)]) {
    if (inMagic(match.start)) {
      found.push({ ...match, where: 'magic' });
      continue;
    }
    const node = context.nodeAt(match.start, match.end);
    const string = enclosing(node, 'string');
    if (!string) {
      found.push({ ...match, where: enclosing(node, 'comment') ? 'comment' : 'code' });
      continue;
    }
    const holder = holderOfString(string, context);
    if (holder && isFixtureName(holder.name)) continue;
    found.push({ ...match, where: 'string', name: holder?.name, fix: holder ? moveToEnvironment(context, holder, match, string) : undefined });
  }

  // values held by secret-like names (and provider keys known by their name), from the tree
  const seen = new Set<number>();
  HOLDER_WORDS.lastIndex = 0;
  for (let hit = HOLDER_WORDS.exec(unit.code); hit; hit = HOLDER_WORDS.exec(unit.code)) {
    const node = context.nodeAt(hit.index, hit.index + hit[0].length);
    if (!node) continue;
    const holder = holderOfName(node, context);
    if (!holder || seen.has(holder.value.id)) continue;
    seen.add(holder.value.id);
    const literal = literalText(holder.value);
    if (literal === undefined) continue;
    const value = stripAuthScheme(literal);
    const classified = classifyPair(holder.name, value, holder.context);
    if (!classified) continue;
    const offset = holder.value.text.indexOf(value);
    const start = holder.value.startIndex + Math.max(0, offset);
    const match: SecretMatch = { ...classified, start, end: start + value.length };
    found.push({ ...match, where: 'string', fix: moveToEnvironment(context, holder, match, holder.value) });
  }

  // pairs written inside comments, inside one string (`"password=…"`), and in magics
  for (const pair of findTextPairs(text)) {
    let where: UnitSecret['where'];
    if (inMagic(pair.nameStart)) where = 'magic';
    else {
      const nameNode = context.nodeAt(pair.nameStart, pair.nameStart + 1);
      if (enclosing(nameNode, 'comment')) where = 'comment';
      else {
        const string = enclosing(nameNode, 'string');
        const valueString = enclosing(context.nodeAt(pair.start, pair.end), 'string');
        if (!string || !valueString || string.id !== valueString.id) continue;
        where = 'string';
      }
    }
    const classified = classifyPair(pair.name, pair.value, `${where === 'magic' ? 'magic' : ''}${inKaggleObject(text, pair) ? ' kaggle.json' : ''}`);
    if (classified) found.push({ ...classified, start: pair.start, end: pair.end, where });
  }
  return removeOverlaps(found);
}

function enclosing(node: Node | undefined | null, type: string): Node | undefined {
  for (let current = node, depth = 0; current && depth < 6; current = current.parent, depth++) if (current.type === type) return current;
  return undefined;
}

/** The text of a plain string literal (or implicit concatenation of them); undefined for f-strings, bytes, other expressions. */
function literalText(node: Node): string | undefined {
  if (node.type === 'string') {
    const parts = stringParts(node);
    return parts.dynamic || parts.prefix.includes('b') ? undefined : parts.text;
  }
  if (node.type === 'concatenated_string') {
    let text = '';
    for (const child of node.namedChildren) {
      if (!child || child.type !== 'string') continue;
      const part = literalText(child);
      if (part === undefined) return undefined;
      text += part;
    }
    return text;
  }
  return undefined;
}

const AUTH_SCHEME = /^(?:Bearer|Basic|Token|token|bearer|ApiKey) +/;

function stripAuthScheme(value: string): string {
  return value.replace(AUTH_SCHEME, '');
}

function field(node: Node, name: string): Node | null {
  return node.childForFieldName(name);
}

function same(a: Node | null | undefined, b: Node | null | undefined): boolean {
  return !!a && !!b && a.id === b.id;
}

function calleeText(call: Node | null, context: RuleContext): string {
  const fn = call?.type === 'call' ? field(call, 'function') : null;
  if (!fn) return '';
  return context.qualifiedName(fn) ?? fn.text;
}

/** A name (identifier or string key) that holds a value: `x = v`, `f(x=v)`, `{"x": v}`, `env["X"] = v`, `def f(x=v)`. */
function holderOfName(node: Node, context: RuleContext): Holder | undefined {
  const parent = node.parent;
  if (!parent) return undefined;
  if (node.type === 'identifier') {
    if (parent.type === 'keyword_argument' && same(field(parent, 'name'), node)) {
      const value = field(parent, 'value');
      return value ? { name: node.text, context: calleeText(parent.parent?.parent ?? null, context), value } : undefined;
    }
    if (parent.type === 'assignment' && same(field(parent, 'left'), node)) {
      const value = field(parent, 'right');
      return value ? { name: node.text, context: '', value } : undefined;
    }
    if (parent.type === 'attribute' && same(field(parent, 'attribute'), node) && parent.parent?.type === 'assignment' && same(field(parent.parent, 'left'), parent)) {
      const value = field(parent.parent, 'right');
      return value ? { name: node.text, context: parent.text, value } : undefined;
    }
    if ((parent.type === 'default_parameter' || parent.type === 'typed_default_parameter') && same(field(parent, 'name'), node)) {
      const value = field(parent, 'value');
      return value ? { name: node.text, context: '', value } : undefined;
    }
    // `wandb.login("…")`, `huggingface_hub.login("hf_…")`: the callee names the provider
    if (node.text === 'login' && parent.type === 'attribute' && parent.parent?.type === 'call') {
      const first = field(parent.parent, 'arguments')?.namedChild(0);
      return first && first.type !== 'keyword_argument' ? { name: '', context: calleeText(parent.parent, context), value: first } : undefined;
    }
    return undefined;
  }
  const string = enclosing(node, 'string');
  if (!string) return undefined;
  const key = literalText(string);
  if (key === undefined || key.length > 100 || /\s/.test(key)) return undefined;
  const owner = string.parent;
  if (!owner) return undefined;
  if (owner.type === 'pair' && same(field(owner, 'key'), string)) {
    const value = field(owner, 'value');
    return value ? { name: key, context: key === 'key' && hasStringKey(owner.parent, 'username') ? 'kaggle.json' : '', value } : undefined;
  }
  if (owner.type === 'subscript' && owner.parent?.type === 'assignment' && same(field(owner.parent, 'left'), owner)) {
    const value = field(owner.parent, 'right');
    const object = field(owner, 'value')?.text ?? '';
    const statement = owner.parent.parent;
    const environ = /(?:^|\.)environ$/.test(object) && statement?.type === 'expression_statement' && statement.parent?.type === 'module';
    return value ? { name: key, context: object, value, environStatement: environ ? statement : undefined } : undefined;
  }
  // `os.environ.setdefault("KEY", "…")`, `os.putenv("KEY", "…")`, `dotenv.set_key(path, "KEY", "…")`
  if (owner.type === 'argument_list') {
    const args = owner.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
    const index = args.findIndex((a) => a.id === string.id);
    const call = owner.parent;
    const method = call ? (field(call, 'function')?.text.split('.').pop() ?? '') : '';
    if (index >= 0 && index + 1 < args.length && /^(?:setdefault|putenv|set_key|setenv|__setitem__|set_secret|set)$/.test(method))
      return { name: key, context: calleeText(call, context), value: args[index + 1] };
  }
  return undefined;
}

/** Whether a dict literal has the string key `name` (`{"username": …, "key": …}` is a kaggle.json). */
function hasStringKey(dict: Node | null, name: string): boolean {
  if (dict?.type !== 'dictionary') return false;
  return dict.namedChildren.some((pair) => pair?.type === 'pair' && literalOf(field(pair, 'key')) === name);
}

function literalOf(node: Node | null): string | undefined {
  return node ? literalText(node) : undefined;
}

/** What holds a string that contains a token: the same shapes as `holderOfName`, seen from the value. */
function holderOfString(string: Node, context: RuleContext): Holder | undefined {
  let value = string;
  if (value.parent?.type === 'concatenated_string') value = value.parent;
  const parent = value.parent;
  if (!parent) return undefined;
  const nameNode =
    parent.type === 'keyword_argument' && same(field(parent, 'value'), value)
      ? field(parent, 'name')
      : parent.type === 'assignment' && same(field(parent, 'right'), value)
        ? field(parent, 'left')
        : parent.type === 'pair' && same(field(parent, 'value'), value)
          ? field(parent, 'key')
          : (parent.type === 'default_parameter' || parent.type === 'typed_default_parameter') && same(field(parent, 'value'), value)
            ? field(parent, 'name')
            : null;
  if (nameNode) {
    if (nameNode.type === 'identifier') return holderOfName(nameNode, context) ?? { name: nameNode.text, context: '', value };
    if (nameNode.type === 'attribute') {
      const attribute = field(nameNode, 'attribute');
      return attribute ? { name: attribute.text, context: nameNode.text, value } : undefined;
    }
    if (nameNode.type === 'subscript' || nameNode.type === 'string') {
      const key = nameNode.type === 'string' ? nameNode : field(nameNode, 'subscript');
      if (key?.type === 'string') {
        const holder = holderOfName(key, context);
        if (holder) return holder;
        const name = literalText(key);
        return name !== undefined ? { name, context: '', value } : undefined;
      }
    }
    return undefined;
  }
  if (parent.type === 'argument_list') {
    const call = parent.parent;
    return { name: '', context: calleeText(call, context), value };
  }
  return undefined;
}

const GENERIC_NAMES = new Set(['api_key', 'apikey', 'key', 'token', 'secret', 'password', 'passwd', 'pwd', 'access_token', 'auth_token', 'auth', 'secret_key', 'api_token', 'bearer', '']);

/** The environment variable a fix moves the secret to. */
function environmentName(holder: Holder, match: SecretMatch): string {
  if (/^[A-Z][A-Z0-9_]*$/.test(holder.name) && holder.name.length > 3) return holder.name;
  const joined = nameParts(holder.name).join('_');
  if (match.kind === 'provider' && GENERIC_NAMES.has(joined)) return match.envName;
  const fallback = match.kind === 'generic' ? 'SECRET' : match.envName;
  return envNameFor(holder.name, fallback);
}

/**
 * A `.env` line for `value`, quoted when it holds characters a dotenv parser would change:
 * single quotes (no escapes, no `${VAR}` expansion) unless the value has one, then double quotes.
 */
export function dotenvLine(name: string, value: string): string {
  if (/^[A-Za-z0-9_\-.\/+=:@%~,]*$/.test(value)) return `${name}=${value}`;
  if (!value.includes("'") && !/[\n\r]/.test(value)) return `${name}='${value}'`;
  return `${name}="${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/**
 * "Move to environment variable": the literal becomes `os.environ["NAME"]` (adding `import os`),
 * `NAME=<value>` is appended to the project's `.env` and `.env` to `.gitignore`. Only when the
 * literal is exactly the secret (or `"Bearer <secret>"`): a token inside a longer string (a URL, a
 * command) needs a person to restructure the code. Not safe: the program now needs the variable.
 */
function moveToEnvironment(context: RuleContext, holder: Holder, match: SecretMatch, literalNode: Node): Fix | undefined {
  const value = literalNode.parent?.type === 'concatenated_string' ? literalNode.parent : literalNode;
  if (!same(value, holder.value)) return undefined;
  const literal = literalText(value);
  if (literal === undefined) return undefined;
  const scheme = AUTH_SCHEME.exec(literal)?.[0];
  const secret = scheme ? literal.slice(scheme.length) : literal;
  if (match.kind === 'private-key') return undefined;
  // a URL moves whole: the variable holds the connection string, password included
  if (secret !== match.secret && !(match.kind === 'url-credentials' && !scheme && literal.includes(match.secret))) return undefined;
  const name = environmentName(holder, match);
  const edits: UnitEdit[] = [];
  if (holder.environStatement && holder.name === name) {
    // `os.environ["NAME"] = "…"` at top level: the environment (.env) provides it now; drop the line
    const unit = context.unit;
    const statement = holder.environStatement;
    const lineStart = unit.code.lastIndexOf('\n', statement.startIndex - 1) + 1;
    const lineEnd = unit.code.indexOf('\n', statement.endIndex);
    if (unit.code.slice(lineStart, statement.startIndex).trim() !== '' || /\S/.test(unit.code.slice(statement.endIndex, lineEnd < 0 ? unit.code.length : lineEnd).replace(/#.*/, ''))) return undefined;
    edits.push(context.edits.replaceRange(lineStart, lineEnd < 0 ? unit.code.length : lineEnd + 1, ''));
  } else {
    const os = context.edits.ensureImport('os');
    edits.push(...os.edits);
    const lookup = `${os.reference}.environ[${JSON.stringify(name)}]`;
    edits.push(context.edits.replace(value, scheme ? `${JSON.stringify(scheme)} + ${lookup}` : lookup));
  }
  return { title: `Move to environment variable ${name} (in .env)`, safe: false, edits, fileEdits: envFileEdits(context, name, secret) };
}

export function envFileEdits(context: RuleContext, name: string, value: string): FileEdit[] {
  const documentPath = context.document.path;
  const root = context.project.root ?? (path.isAbsolute(documentPath) ? path.dirname(documentPath) : undefined);
  const where = (file: string) => (root ? path.join(root, file) : file);
  const line = dotenvLine(name, value);
  return [
    { path: where('.env'), kind: 'append', text: `${line}\n`, unlessLine: line },
    { path: where('.gitignore'), kind: 'append', text: '.env\n', unlessLine: '.env' },
  ];
}
