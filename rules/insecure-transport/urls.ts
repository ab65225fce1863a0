import type { Node, RuleContext, Value } from '../../server/src/engine/api';

/**
 * What the insecure-transport rules need to know about a URL argument: its text as far as it is
 * known without running the code (constants, f-strings with known parts, `+` of literals), its
 * scheme and host, and the literal that holds the scheme (for the `https://` fix).
 */
export interface UrlInfo {
  /** The URL text; unknown parts (interpolated variables) are `{}`. */
  text: string;
  scheme: string;
  /** Lower-case host, or undefined when the host part is not known (an interpolated variable). */
  host: string | undefined;
  /** The string literal whose text starts with the scheme, and the offset of the scheme in it. */
  literal?: { node: Node; offset: number };
}

const UNKNOWN = '{}';

/** The URL an expression evaluates to, or undefined when it is not a string with a known scheme. */
/**
 * Whether a plain `http` / `ftp` URL can occur in the document's Python code at all: the scheme
 * is always spelled out in some string of the program (whole, or as a value interpolated into a
 * URL: `scheme = "http"`), so a program whose code never has the word `http` or `ftp` (`https`
 * does not count) has no URL to check. Once per document; saves resolving the argument of every
 * `get`, `read_csv`, `open`... in files that only use https.
 */
const plainSchemeDocuments = new WeakMap<object, boolean>();
const PLAIN_SCHEME = /(?<![A-Za-z])(?:http|ftp)(?![A-Za-z])/i;

export function mayHavePlainUrl(context: RuleContext): boolean {
  let result = plainSchemeDocuments.get(context.document);
  if (result === undefined) {
    result = context.document.units.some((unit) => unit.language === 'python' && PLAIN_SCHEME.test(unit.code));
    plainSchemeDocuments.set(context.document, result);
  }
  return result;
}

export function urlOf(node: Node, context: RuleContext, depth = 0): UrlInfo | undefined {
  const text = knownText(node, context, depth);
  if (!text) return undefined;
  const match = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)/.exec(text.text);
  if (!match) return undefined;
  return { text: text.text, scheme: match[1].toLowerCase(), host: hostOf(match[2]), literal: text.literal };
}

interface KnownText {
  text: string;
  literal?: { node: Node; offset: number };
}

/** The text of a string expression with known interpolations filled in and unknown ones as `{}`. */
function knownText(node: Node, context: RuleContext, depth: number): KnownText | undefined {
  if (depth > 8) return undefined;
  switch (node.type) {
    case 'string':
      return stringText(node, context, depth);
    case 'concatenated_string': {
      let text = '';
      let literal: KnownText['literal'];
      for (const child of node.namedChildren) {
        if (child?.type !== 'string') continue;
        const part = stringText(child, context, depth);
        if (!part) return undefined;
        if (text === '') literal = part.literal;
        text += part.text;
      }
      return { text, literal };
    }
    case 'binary_operator': {
      if (node.childForFieldName('operator')?.text !== '+') return undefined;
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      const l = left ? knownText(left, context, depth + 1) : undefined;
      if (!l) return undefined;
      const r = right ? knownText(right, context, depth + 1) : undefined;
      return { text: l.text + (r ? r.text : UNKNOWN), literal: l.literal };
    }
    case 'parenthesized_expression': {
      const inner = node.namedChild(0);
      return inner ? knownText(inner, context, depth + 1) : undefined;
    }
    case 'identifier': {
      const binding = context.lookup(node);
      if (!binding || binding.kind !== 'assign' || !binding.value) return undefined;
      // a name assigned more than once in its scope has no single known value
      if (context.bindings(node.text).filter((b) => b.scope === binding.scope && b.kind !== 'global').length !== 1) return undefined;
      return knownText(binding.value, context, depth + 1);
    }
    case 'call': {
      // "http://{}/x".format(host)
      const fn = node.childForFieldName('function');
      if (fn?.type !== 'attribute' || fn.childForFieldName('attribute')?.text !== 'format') return undefined;
      const receiver = fn.childForFieldName('object');
      const base = receiver ? knownText(receiver, context, depth + 1) : undefined;
      if (!base) return undefined;
      const args = (node.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is Node => !!a && a.type !== 'comment');
      const values = args.map((a) => (a.type === 'keyword_argument' ? undefined : context.valueOf(a)));
      let next = 0;
      const text = base.text.replace(/\{(\d*)\}/g, (_whole, index: string) => {
        const value = values[index === '' ? next++ : Number(index)];
        return value && (value.kind === 'string' || value.kind === 'number') ? String(value.value) : UNKNOWN;
      });
      return { text: text.replace(/\{[^{}]*\}/g, UNKNOWN), literal: base.literal };
    }
    default:
      return undefined;
  }
}

function stringText(node: Node, context: RuleContext, depth: number): KnownText | undefined {
  const start = node.child(0);
  const prefix = start?.type === 'string_start' ? start.text.replace(/['"]+$/, '').toLowerCase() : '';
  if (prefix.includes('b')) return undefined;
  let text = '';
  let literal: KnownText['literal'];
  for (const child of node.children) {
    if (!child) continue;
    if (child.type === 'string_content' || child.type === 'escape_sequence') {
      if (text === '' && !literal) literal = { node, offset: child.startIndex - node.startIndex };
      text += child.type === 'escape_sequence' ? decodeEscape(child.text) : child.text;
    } else if (child.type === 'interpolation') {
      const expression = child.namedChild(0);
      const value: Value | undefined = expression ? context.valueOf(expression) : undefined;
      const known = value && (value.kind === 'string' || value.kind === 'number') && depth < 8 ? String(value.value) : UNKNOWN;
      text += known;
    }
  }
  return { text, literal };
}

function decodeEscape(text: string): string {
  return text === '\\/' ? '/' : text.startsWith('\\') && text.length === 2 ? text[1] : text;
}

/** The host of an authority (`user:pw@host:port`), lower-case, or undefined when not known. */
function hostOf(authority: string): string | undefined {
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
  let host: string;
  if (hostPort.startsWith('[')) host = hostPort.slice(1, hostPort.indexOf(']') > 0 ? hostPort.indexOf(']') : undefined);
  else host = hostPort.replace(/:[^:]*$/, '');
  if (!host || host.includes(UNKNOWN)) return undefined;
  return host.toLowerCase();
}

/** Hosts whose traffic never leaves the machine: plain http there is not a transport risk. */
export function isLocalHost(host: string): boolean {
  if (host === 'localhost' || host.endsWith('.localhost') || host === 'host.docker.internal') return true;
  if (host.endsWith('.local')) return true;
  // a single-label name (`mlflow`, `minio`, `testserver`) is a container, compose service or LAN host, not an internet one
  if (!host.includes('.') && !host.includes(':')) return true;
  if (/^127(?:\.\d{1,3}){3}$/.test(host) || host === '0.0.0.0') return true;
  return host === '::1' || host === '0:0:0:0:0:0:0:1' || host === '::';
}

/**
 * Whether `host` is allowed by the project's `allowed-hosts`: an exact host, a `*.suffix`
 * pattern, or `host:port`.
 */
export function isAllowedHost(host: string, authorityText: string, allowed: readonly string[]): boolean {
  for (const raw of allowed) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry.startsWith('*.') ? host.endsWith(entry.slice(1)) || host === entry.slice(2) : host === entry) return true;
    if (entry.includes(':') && authorityText.toLowerCase().includes(`//${entry}`)) return true;
  }
  return false;
}
