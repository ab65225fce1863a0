import { isSensitiveName, nameParts, stringParts, type CallSite, type Fix, type Node, type RuleContext } from '../../server/src/engine/api';
import { enclosingFunction } from './flow';

/**
 * Hashing of personal identifiers, shared by `weak-hash-pii` (md5/sha1) and `unkeyed-hash-pii`
 * (sha256 & co. without a key or salt). The question for both: is this hash computed over a
 * person's identifier? Evidence is looked for in the names around the hashed value.
 */

/** Word parts that mark a person identifier, beyond the personal-data columns of `sensitive.ts`.
 * Single words count as any part of a name; multi-word entries only as a run (`member_id`, not `member.name` of a tar member). */
const IDENTIFIER_NAMES = [
  'user',
  'userid',
  'username',
  'customer',
  'patient',
  'employee',
  'subscriber',
  'uid',
  'msisdn',
  'imei',
  'visitor',
  'cust_id',
  'mrn',
  'nhs_number',
  'member_id',
  'person_id',
  'account_id',
  'account_number',
  'client_id',
  'customer_id',
  'user_id',
];
/** `name` alone is too common in code (layer, file, model names) to count by itself. */
const TOO_COMMON = new Set(['name', 'names', 'filename', 'key', 'id']);
/** Functions whose job is pseudonymisation: everything they hash is an identifier. */
const ANONYMISING_FUNCTION = /anonymi[sz]|pseudonymi[sz]|pseudonym|de_?identif|obfuscat|redact|hash_?pii|mask_?pii|hash_?(user|email|customer|patient|id|ids|identifier|phone|ssn)s?$/i;
/** Contexts where a hash is a cache key, checksum or dedup key, not a pseudonym. */
const NON_PSEUDONYM_CONTEXT = /cache|checksum|etag|fingerprint|dedup|integrity|file_?hash|md5sum|sha1sum|content_?hash|bucket|shard|partition|seed/i;
/** Names that say the hashed text includes a secret: a salt, pepper or key. */
const SECRET_PART = /^(salt|salted|pepper|secret|key|hmac_key|secret_key|pseudonym_key)$/i;

export const WEAK_ALGORITHMS = new Set(['md5', 'sha1', 'md4', 'ripemd160', 'sha']);
export const STRONG_ALGORITHMS = new Set(['sha224', 'sha256', 'sha384', 'sha512', 'sha3_224', 'sha3_256', 'sha3_384', 'sha3_512', 'blake2b', 'blake2s', 'sha512_256', 'sha512_224']);

/** PyCryptodome / PyCrypto hash modules: `Crypto.Hash.MD5.new(data)`. */
const PYCRYPTO_HASHES: Record<string, string> = {
  MD5: 'md5',
  SHA: 'sha1',
  SHA1: 'sha1',
  SHA224: 'sha224',
  SHA256: 'sha256',
  SHA384: 'sha384',
  SHA512: 'sha512',
  SHA3_256: 'sha3_256',
  BLAKE2b: 'blake2b',
  BLAKE2s: 'blake2s',
};
const PYCRYPTO_HASH_CALLS = ['Crypto', 'Cryptodome'].flatMap((m) => Object.keys(PYCRYPTO_HASHES).map((h) => `${m}.Hash.${h}.new`));

export const HASH_CALLS = [
  ...PYCRYPTO_HASH_CALLS,
  ...[...WEAK_ALGORITHMS, ...STRONG_ALGORITHMS].filter((a) => a !== 'sha' && a !== 'md4' && a !== 'ripemd160').flatMap((a) => [`hashlib.${a}`, `hashlib.${a}().update`]),
  'hashlib.new',
  'hashlib.new().update',
];

export interface HashSite {
  algorithm: string;
  /** The hashed value (the data argument, or the argument of `.update`). */
  data: Node;
  /** Why the value is taken for a personal identifier. */
  evidence: string;
  /** A salt, pepper or key is part of the hashed text. */
  salted: boolean;
  usedForSecurityFalse: boolean;
}

/** The algorithm a hashlib call uses (`hashlib.new("MD5")` → `md5`), or undefined. */
export function algorithmOf(call: CallSite, context: RuleContext): string | undefined {
  const callee = (call.callee ?? '').replace(/\(\)\.update$/, '');
  if (callee === 'hashlib.new') {
    const constructor = call.callee?.endsWith('.update') ? constructorOf(call, context) : call;
    const name = constructor?.argument(0, 'name');
    const value = name ? context.valueOf(name) : undefined;
    return value?.kind === 'string' ? value.value.toLowerCase().replace(/-/g, '') : undefined;
  }
  const pycrypto = /^(?:Crypto|Cryptodome)\.Hash\.(\w+)\.new$/.exec(callee);
  if (pycrypto) return PYCRYPTO_HASHES[pycrypto[1]];
  return callee.startsWith('hashlib.') ? callee.slice('hashlib.'.length) : undefined;
}

/** For `h.update(x)`, the `hashlib.*(...)` call that made `h`. */
function constructorOf(call: CallSite, context: RuleContext): CallSite | undefined {
  const receiver = call.receiver;
  if (receiver?.type === 'call') return context.callSite(receiver);
  if (receiver?.type === 'identifier') {
    const value = context.lookup(receiver)?.value;
    if (value?.type === 'call') return context.callSite(value);
  }
  return undefined;
}

/** Whether a hashlib call (or `.update`) hashes a personal identifier, with the evidence. */
export function hashOfIdentifier(call: CallSite, context: RuleContext): HashSite | undefined {
  const algorithm = algorithmOf(call, context);
  if (!algorithm) return undefined;
  const isUpdate = (call.callee ?? '').endsWith('.update');
  const isNew = (call.callee ?? '').startsWith('hashlib.new');
  const data = isUpdate ? call.argument(0) : isNew ? call.argument(1, 'data') : (call.argument(0, 'data') ?? call.keyword('string'));
  if (!data) return undefined;
  const constructor = isUpdate ? constructorOf(call, context) : call;
  if (algorithm.startsWith('blake2') && constructor?.keyword('key')) return undefined;
  const usedForSecurityFalse = constructor?.flag('usedforsecurity') === 'false';

  const statement = statementOf(call.node);
  const fn = enclosingFunction(call.node);
  const targetText = statement ? assignmentTargetText(statement) : '';
  if (NON_PSEUDONYM_CONTEXT.test(targetText) || (fn && NON_PSEUDONYM_CONTEXT.test(fn.childForFieldName('name')?.text ?? ''))) return undefined;

  const names = namesIn(data, context);
  // passwords are fast-password-hash's: they need a slow KDF, not a keyed hash
  if (names.some(isPasswordName) || assignmentTargetNames(statement).some(isPasswordName)) return undefined;
  const salted = names.some((n) => nameParts(n).some((p) => SECRET_PART.test(p)) || SECRET_PART.test(n));
  const sensitive = context.options.sensitiveColumns;
  const identifier = names.find((n) => isIdentifierName(n, sensitive));
  let evidence: string | undefined = identifier ? `\`${identifier}\`` : undefined;
  if (!evidence && fn && ANONYMISING_FUNCTION.test(fn.childForFieldName('name')?.text ?? '')) evidence = `a value in ${fn.childForFieldName('name')?.text}()`;
  if (!evidence) {
    const target = assignmentTargetNames(statement).find((n) => isIdentifierName(n, sensitive));
    if (target) evidence = `a value stored as \`${target}\``;
  }
  if (!evidence) evidence = appliedToIdentifierColumn(call.node, context, sensitive);
  if (!evidence) return undefined;
  return { algorithm, data, evidence, salted, usedForSecurityFalse };
}

export function isPasswordName(name: string): boolean {
  return nameParts(name).some((p) => /^(password|passwd|pwd|passphrase|passwort|mot_de_passe)$/.test(p));
}

export function isIdentifierName(name: string, sensitive: readonly string[]): boolean {
  if (TOO_COMMON.has(name.toLowerCase())) return false;
  const parts = nameParts(name);
  // `user_agent_hash`, `email_domain`... still identify; `num_users`, `n_customers`, `user_count` do not
  if (parts.some((p) => /^(num|n|count|total|len|size|max|min|idx)$/.test(p))) return false;
  return isSensitiveName(name, sensitive) || isSensitiveName(name, IDENTIFIER_NAMES);
}

/** Identifiers, attribute names and string subscript keys inside `node` (following a local name to its value once). */
export function namesIn(node: Node, context: RuleContext, depth = 0): string[] {
  const names: string[] = [];
  const visit = (n: Node) => {
    switch (n.type) {
      case 'identifier': {
        names.push(n.text);
        if (depth < 2) {
          const binding = context.lookup(n);
          if (binding?.kind === 'assign' && binding.value && binding.value.id !== n.id) names.push(...namesIn(binding.value, context, depth + 1));
          // `for e in df["email"]` / `[md5(e.encode()) for e in emails]`: the loop variable carries the iterable's names
          if (binding?.kind === 'for') {
            let loop = binding.node.parent;
            while (loop && loop.type !== 'for_statement' && loop.type !== 'for_in_clause') loop = loop.parent;
            const iterable = loop?.childForFieldName('right');
            if (iterable) names.push(...namesIn(iterable, context, depth + 1));
          }
        }
        return;
      }
      case 'attribute': {
        const attribute = n.childForFieldName('attribute');
        const object = n.childForFieldName('object');
        // methods called on the value (`.encode()`, `.lower()`) say nothing about it
        if (attribute && n.parent?.type !== 'call') names.push(attribute.text);
        if (object) visit(object);
        return;
      }
      case 'subscript': {
        const value = n.childForFieldName('value');
        const index = n.childForFieldName('subscript');
        if (value) visit(value);
        if (index?.type === 'string') names.push(stringParts(index).text);
        else if (index) visit(index);
        return;
      }
      case 'call': {
        const fn = n.childForFieldName('function');
        if (fn?.type === 'attribute') {
          const object = fn.childForFieldName('object');
          if (object) visit(object);
        }
        for (const arg of n.childForFieldName('arguments')?.namedChildren ?? []) if (arg) visit(arg);
        return;
      }
      case 'keyword_argument': {
        const value = n.childForFieldName('value');
        if (value) visit(value);
        return;
      }
      default:
        for (const child of n.namedChildren) if (child) visit(child);
    }
  };
  visit(node);
  return names;
}

export function statementOf(node: Node): Node | undefined {
  for (let current: Node | null = node; current; current = current.parent) {
    if (current.type === 'expression_statement' || current.type === 'return_statement') return current;
    if (current.type === 'block' || current.type === 'module') return undefined;
  }
  return undefined;
}

function assignmentOf(statement: Node | undefined): Node | undefined {
  const inner = statement?.namedChild(0);
  return inner?.type === 'assignment' || inner?.type === 'augmented_assignment' ? inner : undefined;
}

function assignmentTargetText(statement: Node): string {
  return assignmentOf(statement)?.childForFieldName('left')?.text ?? '';
}

export function assignmentTargetNames(statement: Node | undefined): string[] {
  const left = assignmentOf(statement)?.childForFieldName('left');
  if (!left) return [];
  if (left.type === 'identifier') return [left.text];
  if (left.type === 'attribute') return [left.childForFieldName('attribute')?.text ?? ''];
  if (left.type === 'subscript') {
    const index = left.childForFieldName('subscript');
    return index?.type === 'string' ? [stringParts(index).text] : [];
  }
  return [];
}

/**
 * `df["email"].apply(lambda x: hashlib.md5(x.encode()).hexdigest())`, or a function used that
 * way: `df["email"].map(hash_value)`. The column the hash is applied to names the identifier.
 */
function appliedToIdentifierColumn(node: Node, context: RuleContext, sensitive: readonly string[]): string | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'lambda') {
      const call = current.parent?.parent;
      if (call?.type === 'call') return receiverEvidence(context.callSite(call), context, sensitive);
      return undefined;
    }
    if (current.type === 'function_definition') {
      const name = current.childForFieldName('name')?.text;
      if (!name) return undefined;
      const pattern = new RegExp(`\\.(apply|map|transform|applymap)\\(\\s*${name}\\b`, 'g');
      // uses in the same unit (`nodeAt` reads the current unit's tree)
      const code = context.unit.code;
      for (let match = pattern.exec(code); match; match = pattern.exec(code)) {
        let call = context.nodeAt(match.index + 1, match.index + 1 + match[1].length)?.parent;
        while (call && call.type !== 'call') call = call.parent;
        if (call) {
          const evidence = receiverEvidence(context.callSite(call), context, sensitive);
          if (evidence) return evidence;
        }
      }
      return undefined;
    }
  }
  return undefined;
}

function receiverEvidence(site: CallSite, context: RuleContext, sensitive: readonly string[]): string | undefined {
  if (!['apply', 'map', 'transform', 'applymap'].includes(site.method) || !site.receiver) return undefined;
  const column = namesIn(site.receiver, context).find((n) => isIdentifierName(n, sensitive));
  return column ? `the column \`${column}\`` : undefined;
}

/**
 * Replaces `hashlib.X(data).hexdigest()` (or `.digest()`) with an HMAC-SHA256 keyed from the
 * environment. Undefined when the call is not in that shape.
 */
export function keyedHashFix(call: CallSite, site: HashSite, context: RuleContext): Fix[] {
  if ((call.callee ?? '').endsWith('.update') || call.hasSplat) return [];
  const attribute = call.node.parent;
  const outer = attribute?.parent;
  if (attribute?.type !== 'attribute' || outer?.type !== 'call') return [];
  const digest = attribute.childForFieldName('attribute')?.text;
  if (digest !== 'hexdigest' && digest !== 'digest') return [];
  if ((outer.childForFieldName('arguments')?.namedChildren.length ?? 0) > 0) return [];
  const hmac = context.edits.ensureImport('hmac');
  const os = context.edits.ensureImport('os');
  const hashlib = context.edits.ensureImport('hashlib');
  const text = `${hmac.reference}.new(${os.reference}.environ["PSEUDONYM_KEY"].encode(), ${site.data.text}, ${hashlib.reference}.sha256).${digest}()`;
  return [
    {
      title: 'Use HMAC-SHA256 keyed with PSEUDONYM_KEY from the environment',
      safe: false,
      edits: [...hmac.edits, ...os.edits, ...hashlib.edits, context.edits.replace(outer, text)],
    },
  ];
}
