import { escapeRegExp } from '../text';
import { DETECTORS, PRIVATE_KEY_KIND, URL_CREDENTIALS_KIND, type SecretDetector } from './providers';
import { isFixtureName, isGenericSecret, isPlaceholder, isSecretName, looksRandom, shannonEntropy } from './shape';

/**
 * Text scanning: self-identifying tokens, PEM private keys, credentials in URLs, and
 * `name = value` pairs in any text (config files, comments, magics, notebook outputs).
 *
 * Every search is linear in the text. One regex finds all token prefixes at once; a pattern
 * runs only where a prefix starts a token (the character before it cannot continue a token), so
 * each run of token characters is examined once per detector that shares its prefix. Pairs are
 * found from occurrences of secret-like words and parsed by hand around them, with bounded
 * look-ahead. Nothing backtracks over unbounded input.
 */

export type SecretKind = 'provider' | 'private-key' | 'url-credentials' | 'generic';

export interface SecretMatch {
  kind: SecretKind;
  /** What was found, for messages: "OpenAI API key (sk-, sk-proj-…)" style, without the value. */
  label: string;
  detectorId: string;
  severity: 'error' | 'warning';
  /** The secret itself: never put it in a message (use `redact`). */
  secret: string;
  /** Offsets of the secret in the scanned text. */
  start: number;
  end: number;
  /** The name the value is assigned to / keyed by, when found as a pair. */
  name?: string;
  /** Suggested environment variable for a fix. */
  envName: string;
}

const TOKEN_CHAR = /[A-Za-z0-9_-]/;

interface PrefixEntry {
  detector: SecretDetector;
  /** Characters before the prefix that belong to the secret (Telegram's bot id, Azure AD's key id). */
  lead?: RegExp;
}

/** Detectors whose secret starts before their searchable prefix. */
const LEADS: Record<string, RegExp> = {
  'telegram-bot-token': /(?<![A-Za-z0-9_:])\d{8,10}$/,
  'terraform-cloud-token': /(?<![A-Za-z0-9])[A-Za-z0-9]{14}$/,
  'azure-ad-client-secret': /(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.]{3}\d$/,
};

/** Prefixes that may follow a token character (URLs after `//`, Vault/Terraform's dotted form). */
const NO_BOUNDARY = new Set(['hooks.slack.com/', 'discord.com/api/webhooks/', 'discordapp.com/api/webhooks/', ':AA', '.atlasv1.', 'Q~', 'sig=', 'AccountKey=', '"private_key"']);

const byPrefix = new Map<string, PrefixEntry[]>();
for (const detector of DETECTORS) {
  for (const prefix of detector.prefixes ?? []) {
    const list = byPrefix.get(prefix) ?? [];
    list.push({ detector, lead: LEADS[detector.id] });
    byPrefix.set(prefix, list);
  }
}
/** For each prefix the search can report: it and the shorter prefixes it starts with (`sk-ant-` → `sk-`). */
const CANDIDATES = new Map<string, { prefix: string; entries: PrefixEntry[] }[]>();
for (const prefix of byPrefix.keys())
  CANDIDATES.set(
    prefix,
    [...byPrefix.keys()].filter((other) => prefix.startsWith(other)).map((other) => ({ prefix: other, entries: byPrefix.get(other)! })),
  );
const PREFIX_SEARCH = new RegExp(
  [...byPrefix.keys()]
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp)
    .join('|'),
  'g',
);

function labelOf(detector: SecretDetector): string {
  return `${detector.provider} ${detector.description.replace(/ \(.*$/, '').replace(/;.*$/, '')}`;
}

function providerMatch(detector: SecretDetector, secret: string, start: number, name?: string): SecretMatch {
  return { kind: 'provider', label: labelOf(detector), detectorId: detector.id, severity: detector.severity ?? 'error', secret, start, end: start + secret.length, name, envName: detector.envName };
}

/** Self-identifying provider tokens in `text`. */
const DATA_URI = /data:[\w.+-]+\/[\w.+-]+(?:;[\w.+-]+=[\w.+-]+)*;base64,[A-Za-z0-9+/]*=*/g;

/** Start and end of every base64 data URI in `text`, in order (one linear pass). */
function dataUriSpans(text: string): [number, number][] {
  if (!text.includes(';base64,')) return [];
  const spans: [number, number][] = [];
  DATA_URI.lastIndex = 0;
  for (let match = DATA_URI.exec(text); match; match = DATA_URI.exec(text)) spans.push([match.index, match.index + match[0].length]);
  return spans;
}

export function findProviderTokens(text: string): SecretMatch[] {
  const found: SecretMatch[] = [];
  PREFIX_SEARCH.lastIndex = 0;
  // a detector examined a token run up to here: a later prefix inside it is the same token
  const examinedUntil = new Map<string, number>();
  const pemEnds = new NextIndex(text, '-----END');
  const images = dataUriSpans(text);
  let image = 0;
  for (let hit = PREFIX_SEARCH.exec(text); hit; hit = PREFIX_SEARCH.exec(text)) {
    const at = hit.index;
    const prefix = hit[0];
    // base64 image data (`data:image/png;base64,…`) holds every short prefix by chance (`EAAB`, `SG.`)
    while (image < images.length && images[image][1] <= at) image++;
    if (image < images.length && images[image][0] <= at) {
      PREFIX_SEARCH.lastIndex = images[image][1];
      continue;
    }
    // overlapping prefixes (`sk-` inside `sk-ant-`) are found by trying every prefix at `at`
    PREFIX_SEARCH.lastIndex = at + 1;
    const atBoundary = at === 0 || !TOKEN_CHAR.test(text[at - 1]);
    for (const { prefix: candidate, entries } of CANDIDATES.get(prefix) ?? []) {
      const needsBoundary = !NO_BOUNDARY.has(candidate);
      for (const { detector, lead } of entries) {
        if (!lead && needsBoundary && !atBoundary) continue;
        if ((examinedUntil.get(detector.id) ?? -1) > at) continue;
        let start = at;
        if (lead) {
          const leading = lead.exec(text.slice(Math.max(0, at - 16), at));
          if (!leading) continue;
          start = at - leading[0].length;
        }
        const pattern = detector.pattern!;
        pattern.lastIndex = at;
        const match = pattern.exec(text);
        if (!match) continue;
        examinedUntil.set(detector.id, at + match[0].length);
        const secret = text.slice(start, at + match[0].length);
        if (detector.validate && !detector.validate(secret)) continue;
        if (isPlaceholderToken(secret, candidate)) continue;
        if (detector.id === 'gcp-service-account-key') {
          // a private key: reported as one (by hardcoded-private-key), named after the file it is in
          const blockStart = at + match[0].length - '-----BEGIN PRIVATE KEY-----'.length - (match[0].includes('RSA ') ? 4 : 0);
          const block = privateKeyAfter(text, blockStart, pemEnds);
          if (block) found.push({ ...providerMatch(detector, block, blockStart), kind: 'private-key', label: 'Google Cloud service-account private key' });
          continue;
        }
        found.push(providerMatch(detector, secret, start));
      }
    }
  }
  return found;
}

/** `hf_xxxxxxxx…`, `ghp_EXAMPLE…`, `sk-proj-YOUR_KEY…`: the right prefix and length around a stand-in. */
function isPlaceholderToken(secret: string, prefix: string): boolean {
  const body = secret.slice(secret.indexOf(prefix) + prefix.length);
  if (body.length >= 16 && shannonEntropy(body) < 3) return true;
  return /x{6}|X{6}|EXAMPLE|example|YOUR|your_|REPLACE|replace|PLACEHOLDER|placeholder|0{8}|1234567|abcdefg|ABCDEFG/.test(body);
}

/**
 * The next occurrence of `needle` at or after a position, for positions that only grow: the
 * answer is cached until the position passes it, so repeated look-ups cost one pass in total.
 */
class NextIndex {
  private cached = -2;
  constructor(
    private readonly text: string,
    private readonly needle: string,
  ) {}

  from(position: number): number {
    if (this.cached === -1 || (this.cached >= position && this.cached !== -2)) return this.cached;
    this.cached = this.text.indexOf(this.needle, position);
    return this.cached;
  }
}

/** The PEM block starting at `at` (escaped `\n` allowed, as in JSON), if it is a real key. */
function privateKeyAfter(text: string, at: number, ends: NextIndex): string | undefined {
  const end = ends.from(at + 10);
  if (end < 0 || end - at > 20000) return undefined;
  const close = text.indexOf('-----', end + 8);
  const headerEnd = text.indexOf('-----', at + 11) + 5;
  return close < 0 || text.slice(headerEnd, end).includes('-----') ? undefined : text.slice(at, close + 5);
}

const PEM_BEGIN = /-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP |SSH2 ENCRYPTED )?PRIVATE KEY(?: BLOCK)?)-----/g;

/** PEM private key blocks whose body holds real key material (not `...` or a placeholder). */
export function findPrivateKeys(text: string): SecretMatch[] {
  if (!text.includes('PRIVATE KEY')) return [];
  const found: SecretMatch[] = [];
  PEM_BEGIN.lastIndex = 0;
  const ends = new NextIndex(text, '-----END');
  for (let match = PEM_BEGIN.exec(text); match; match = PEM_BEGIN.exec(text)) {
    const bodyStart = match.index + match[0].length;
    const endMarker = ends.from(bodyStart);
    const bodyEnd = endMarker < 0 ? Math.min(text.length, bodyStart + 4000) : endMarker;
    if (bodyEnd - bodyStart > 20000) continue;
    const rawBody = text.slice(bodyStart, bodyEnd);
    if (rawBody.includes('-----')) continue;
    const body = rawBody.replace(/\\[nr]|[\s"',+]/g, '');
    const base64 = body.replace(/^(?:Proc-Type|DEK-Info|Comment|Version)[^A-Za-z0-9+/]*/gi, '');
    if (base64.length < 64 || /\.\.\.|…|<|REDACTED|x{8}|X{8}/i.test(body) || !/^[A-Za-z0-9+/=:,-]+$/.test(base64)) continue;
    const close = endMarker < 0 ? -1 : text.indexOf('-----', endMarker + 8);
    const end = close < 0 ? bodyEnd : close + 5;
    found.push({
      kind: 'private-key',
      label: `${match[1].replace(/ BLOCK$/, '').toLowerCase()} (PEM)`,
      detectorId: PRIVATE_KEY_KIND.id,
      severity: 'error',
      secret: text.slice(match.index, end),
      start: match.index,
      end,
      envName: 'PRIVATE_KEY',
    });
    PEM_BEGIN.lastIndex = end;
  }
  return found;
}

/** Passwords that are defaults of local development setups, not secrets anyone issued. */
const DEFAULT_PASSWORDS = new Set([
  'postgres',
  'root',
  'admin',
  'password',
  'secret',
  'example',
  'test',
  'guest',
  'mysql',
  'redis',
  'airflow',
  'mlflow',
  'minio',
  'minioadmin',
  'user',
  'pass',
  'changeme',
  'rabbitmq',
  'neo4j',
  'mongo',
  'mongodb',
  'demo',
  'docker',
  'jupyter',
  'default',
]);

const URL_STOP = /[\s"'`<>()[\]{}\\,]/;

/** `scheme://user:password@host` with a real password. */
export function findUrlCredentials(text: string): SecretMatch[] {
  const found: SecretMatch[] = [];
  for (let at = text.indexOf('://'); at >= 0; at = text.indexOf('://', at + 3)) {
    let schemeStart = at;
    while (schemeStart > 0 && at - schemeStart < 30 && /[A-Za-z0-9+.-]/.test(text[schemeStart - 1])) schemeStart--;
    if (schemeStart === at || !/[A-Za-z]/.test(text[schemeStart])) continue;
    const authorityStart = at + 3;
    let end = authorityStart;
    let lastAt = -1;
    while (end < text.length && end - authorityStart < 512 && !URL_STOP.test(text[end]) && text[end] !== '/' && text[end] !== '?' && text[end] !== '#') {
      if (text[end] === '@') lastAt = end;
      end++;
    }
    if (lastAt < 0 || lastAt === end - 1) continue;
    const userinfo = text.slice(authorityStart, lastAt);
    const colon = userinfo.indexOf(':');
    if (colon <= 0 && colon !== 0) continue;
    const user = userinfo.slice(0, colon);
    const password = userinfo.slice(colon + 1);
    if (!isRealUrlPassword(user, password)) continue;
    const start = authorityStart + colon + 1;
    const scheme = text.slice(schemeStart, at).toLowerCase();
    found.push({
      kind: 'url-credentials',
      label: `password in a ${scheme}:// URL`,
      detectorId: URL_CREDENTIALS_KIND.id,
      severity: 'error',
      secret: password,
      start,
      end: start + password.length,
      envName: urlEnvName(scheme),
    });
  }
  return found;
}

/** The variable a connection URL usually lives in, by scheme. */
function urlEnvName(scheme: string): string {
  const base = scheme.split('+')[0];
  if (/^(?:postgres|postgresql|mysql|mariadb|mssql|oracle|cockroachdb|redshift|clickhouse)$/.test(base)) return 'DATABASE_URL';
  if (base === 'mongodb') return 'MONGODB_URI';
  if (base === 'redis' || base === 'rediss') return 'REDIS_URL';
  if (base === 'amqp' || base === 'amqps') return 'BROKER_URL';
  return `${base.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_URL`;
}

function isRealUrlPassword(user: string, password: string): boolean {
  let decoded = password;
  try {
    decoded = decodeURIComponent(password);
  } catch {
    /* keep it raw */
  }
  if (decoded.length < 6 || decoded === user || DEFAULT_PASSWORDS.has(decoded.toLowerCase())) return false;
  if (isPlaceholder(decoded) || /[{}$%]|^\*+$/.test(password)) return false;
  if (/^[A-Za-z]+$/.test(decoded) && decoded.length < 12) return false;
  return true;
}

/** A `name <separator> value` pair found in text. */
export interface TextPair {
  name: string;
  value: string;
  /** Offsets of the value in the text. */
  start: number;
  end: number;
  /** Offset where the name starts. */
  nameStart: number;
}

/** Words whose occurrence may start a pair worth reading (matched inside longer names too). */
const PAIR_WORDS = /pass|pwd|secret|token|key|auth|cred|bearer|sig|sas|conn|dsn/gi;
const NAME_CHAR = /[A-Za-z0-9_.-]/;
const MAX_VALUE = 600;

/**
 * `name = value`, `name: value`, `"name": "value"`, `NAME=value`, `export NAME=value`, `ENV NAME value`,
 * `--name value`, `Authorization: Bearer value` around each secret-like word of `text`.
 */
export function findTextPairs(text: string, options: { spaceSeparated?: boolean } = {}): TextPair[] {
  const pairs: TextPair[] = [];
  let lastNameEnd = -1;
  PAIR_WORDS.lastIndex = 0;
  for (let hit = PAIR_WORDS.exec(text); hit; hit = PAIR_WORDS.exec(text)) {
    if (hit.index < lastNameEnd) continue;
    let nameStart = hit.index;
    while (nameStart > 0 && hit.index - nameStart < 100 && NAME_CHAR.test(text[nameStart - 1])) nameStart--;
    let nameEnd = hit.index + hit[0].length;
    while (nameEnd < text.length && nameEnd - nameStart < 120 && NAME_CHAR.test(text[nameEnd])) nameEnd++;
    lastNameEnd = nameEnd;
    const name = text.slice(nameStart, nameEnd).replace(/^-+/, '');
    const flag = text[nameStart] === '-';
    const pair = readValue(text, nameStart, nameEnd, name, flag || !!options.spaceSeparated);
    if (typeof pair === 'number') {
      // a value too long to be a secret: its text holds no pair worth reading either
      PAIR_WORDS.lastIndex = Math.max(PAIR_WORDS.lastIndex, pair);
      lastNameEnd = pair;
    } else if (pair) {
      pairs.push(pair);
      PAIR_WORDS.lastIndex = Math.max(PAIR_WORDS.lastIndex, pair.end);
      lastNameEnd = pair.end;
    }
  }
  return pairs;
}

/** The pair, or (for a value longer than any secret) the offset where the scan may resume. */
function readValue(text: string, nameStart: number, nameEnd: number, name: string, spaceSeparated: boolean): TextPair | number | undefined {
  let i = nameEnd;
  const quoteBefore = nameStart > 0 ? text[nameStart - 1] : '';
  if ((quoteBefore === '"' || quoteBefore === "'") && text[i] === quoteBefore) i++;
  const skipBlanks = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t') && i - nameEnd < 40) i++;
  };
  skipBlanks();
  const separator = text[i];
  if (separator === '=' || separator === ':') {
    i++;
    if (text[i] === '=') i++; // `:=`
    skipBlanks();
  } else if (!(spaceSeparated && i > nameEnd)) {
    return undefined;
  }
  let value = readToken(text, i);
  if (typeof value === 'number' || !value) return value;
  // `Authorization: Bearer <token>`, `auth = "token ghp_…"`
  const scheme = /^(?:Bearer|Basic|Token|token|bearer|Digest|ApiKey|Api-Key)$/.exec(value.text);
  if (scheme || /^["'](?:Bearer|Basic|Token|token|bearer) /.test(text.slice(i, i + 9))) {
    const quote = text[i] === '"' || text[i] === "'" ? text[i] : '';
    let j = i + (quote ? 1 : 0);
    while (j < text.length && /[A-Za-z-]/.test(text[j])) j++;
    while (text[j] === ' ') j++;
    const inner = readUntil(text, j, quote);
    if (typeof inner === 'number' || !inner) return inner;
    value = inner;
  }
  return { name, value: value.text, start: value.start, end: value.start + value.text.length, nameStart };
}

function readToken(text: string, at: number): { text: string; start: number } | number | undefined {
  const quote = text[at];
  if (quote === '"' || quote === "'" || quote === '`') return readUntil(text, at + 1, quote);
  return readUntil(text, at, '');
}

/** Up to the closing quote (quoted) or to a blank, comma, semicolon, `&` or closing bracket (bare; `#` belongs to the value unless a blank precedes it). */
function readUntil(text: string, start: number, quote: string): { text: string; start: number } | number | undefined {
  let end = start;
  while (end < text.length && end - start <= MAX_VALUE) {
    const ch = text[end];
    if (ch === '\n' || ch === '\r') break;
    if (quote ? ch === quote || ch === '\\' : /[\s,;&(){}[\]"'<>\\]/.test(ch)) break;
    end++;
  }
  if (end - start > MAX_VALUE) return end;
  if (end === start) return undefined;
  if (quote && text[end] !== quote) return undefined;
  return { text: text.slice(start, end), start };
}

/**
 * What a (name, value) pair holds: a provider's key recognised by its name and shape (`keys` +
 * `value` of a detector), a generic secret, or nothing. `context` adds what else names the
 * provider (the callee of a keyword, the file name, the `.netrc` machine).
 */
export function classifyPair(name: string, value: string, context = ''): Omit<SecretMatch, 'start' | 'end'> | undefined {
  if (isFixtureName(name)) return undefined;
  const where = `${context} ${name}`;
  // a provider's name on a host, a region or a workspace is not a key: the name must hold a secret
  const holdsSecret = name === '' || isSecretName(name) || /^(?:key|token|password|passwd|secret)$/i.test(name);
  for (const detector of holdsSecret ? DETECTORS : []) {
    if (!detector.keys || !detector.value) continue;
    if (!detector.keys.test(where) || !detector.value.test(value)) continue;
    if (detector.validate && !detector.validate(value)) continue;
    if (isPlaceholder(value) || (!looksRandom(value) && value.length < 48)) continue;
    return { kind: 'provider', label: labelOf(detector), detectorId: detector.id, severity: detector.severity ?? 'error', secret: value, name, envName: detector.envName };
  }
  if (isGenericSecret(name, value))
    return { kind: 'generic', label: `value of \`${name.length > 40 ? name.slice(0, 40) + '…' : name}\``, detectorId: 'generic', severity: 'warning', secret: value, name, envName: 'SECRET' };
  return undefined;
}

/** Every secret in a piece of text (a config file, a comment, a notebook output), overlaps removed. */
export function scanText(text: string, options: { context?: string; spaceSeparated?: boolean } = {}): SecretMatch[] {
  const matches: SecretMatch[] = [...findProviderTokens(text), ...findPrivateKeys(text), ...findUrlCredentials(text)];
  for (const pair of findTextPairs(text, options)) {
    const classified = classifyPair(pair.name, pair.value, inKaggleObject(text, pair) ? `${options.context ?? ''} kaggle.json` : options.context);
    if (classified) matches.push({ ...classified, start: pair.start, end: pair.end });
  }
  return removeOverlaps(matches);
}

/**
 * `{"username": "…", "key": "…"}`: the shape of Kaggle's credential file (`kaggle.json`), echoed
 * by `!cat ~/.kaggle/kaggle.json` or written from code. Its `key` is a Kaggle API key even where
 * no file name says so. True when `pair` is `key` and `"username":` opens the same object.
 */
export function inKaggleObject(text: string, pair: { name: string; nameStart: number }): boolean {
  if (pair.name !== 'key') return false;
  const open = text.lastIndexOf('{', pair.nameStart);
  if (open < 0 || pair.nameStart - open > 200 || text.lastIndexOf('}', pair.nameStart) > open) return false;
  return /["']username["']\s*:/.test(text.slice(open, pair.nameStart));
}

const KIND_RANK: Record<SecretKind, number> = { provider: 0, 'private-key': 1, 'url-credentials': 2, generic: 3 };

/**
 * Keeps the most specific match where matches overlap (a provider token inside a URL password or
 * a pair). Matches are grouped into runs of overlapping spans (one sweep), and each run keeps its
 * best-ranked matches that do not overlap each other: linear after the sort.
 */
export function removeOverlaps<T extends SecretMatch>(matches: T[]): T[] {
  const sorted = [...matches].sort((a, b) => a.start - b.start || a.end - b.end);
  const kept: T[] = [];
  let cluster: T[] = [];
  let clusterEnd = -1;
  const flush = () => {
    const byRank = [...cluster].sort((a, b) => KIND_RANK[a.kind] - KIND_RANK[b.kind] || a.start - b.start);
    const chosen: T[] = [];
    for (const match of byRank) if (!chosen.some((k) => k.start < match.end && match.start < k.end)) chosen.push(match);
    kept.push(...chosen.sort((a, b) => a.start - b.start));
    cluster = [];
  };
  for (const match of sorted) {
    if (cluster.length > 0 && match.start >= clusterEnd) flush();
    cluster.push(match);
    clusterEnd = Math.max(clusterEnd, match.end);
  }
  if (cluster.length > 0) flush();
  return kept;
}

/** `.netrc`: `machine HOST login USER password SECRET` (any layout); the machine names the provider. */
export function scanNetrc(text: string): SecretMatch[] {
  const found: SecretMatch[] = [];
  const words = /\S+/g;
  let machine = '';
  let expectPassword = false;
  let expectMachine = false;
  for (let word = words.exec(text); word; word = words.exec(text)) {
    if (expectMachine) {
      machine = word[0];
      expectMachine = false;
    } else if (expectPassword) {
      expectPassword = false;
      const classified =
        classifyPair('password', word[0], `netrc ${machine}`) ??
        (isSecretName('password') && !isPlaceholder(word[0]) && word[0].length >= 8
          ? { kind: 'generic' as const, label: `.netrc password for ${machine || 'a host'}`, detectorId: 'generic', severity: 'warning' as const, secret: word[0], name: 'password', envName: 'SECRET' }
          : undefined);
      if (classified) found.push({ ...classified, start: word.index, end: word.index + word[0].length });
    } else if (word[0] === 'machine') expectMachine = true;
    else if (word[0] === 'password' || word[0] === 'passwd') expectPassword = true;
  }
  return found;
}
