import { nameParts } from '../sensitive';

/**
 * Is a name (variable, keyword, dict key, env var, config key) one that holds a secret, and does
 * a value look like a real secret rather than a placeholder, an identifier or a hyperparameter?
 * Names are judged on their word parts (`DB_PASSWORD`, `hfToken`, `api-key`), never on
 * substrings, so `passed`, `tokenizer`, `max_tokens` or `pad_token` never count.
 */

/** Parts that make a name secret-like on their own. */
const SECRET_PARTS = new Set([
  'password',
  'passwd',
  'pwd',
  'pass',
  'passphrase',
  'secret',
  'secrets',
  'token',
  'apikey',
  'accesskey',
  'secretkey',
  'privatekey',
  'auth',
  'authorization',
  'credential',
  'credentials',
  'creds',
  'bearer',
  'authtoken',
  'sas',
  'signature',
  'sig',
  'connstr',
  'pat',
]);

/** `key` counts only next to one of these (`api_key`, `ACCESS_KEY`, `openai_key`), never alone. */
const KEY_QUALIFIERS = new Set([
  'api',
  'access',
  'secret',
  'private',
  'auth',
  'account',
  'master',
  'encryption',
  'signing',
  'client',
  'subscription',
  'app',
  'consumer',
  'license',
  'service',
  'storage',
  'shared',
  'session',
  'admin',
  'write',
  'read',
  'deploy',
  'openai',
  'anthropic',
  'claude',
  'cohere',
  'groq',
  'mistral',
  'together',
  'perplexity',
  'pplx',
  'wandb',
  'kaggle',
  'hf',
  'huggingface',
  'replicate',
  'pinecone',
  'neptune',
  'comet',
  'clearml',
  'langsmith',
  'langchain',
  'gemini',
  'google',
  'azure',
  'aws',
  'stripe',
  'sendgrid',
  'twilio',
  'deepseek',
  'xai',
  'fireworks',
  'voyage',
  'serpapi',
  'tavily',
  'datadog',
  'dd',
  'mapbox',
  'elevenlabs',
  'assemblyai',
  'deepgram',
]);

/** `connection_string`, `conn_str`: secret-like when they carry credentials (judged on the value). */
const CONNECTION_PAIRS: [string, string][] = [
  ['connection', 'string'],
  ['conn', 'str'],
  ['conn', 'string'],
  ['connection', 'str'],
];

/**
 * Parts that turn a secret-like name into something else: a count or size (`max_tokens`,
 * `token_length`), a tokenizer's special tokens (`pad_token`), a place or name where a secret
 * lives (`password_file`, `token_url`, `secret_name`), a hash of it (`password_hash`), or a flag.
 */
const DISQUALIFYING_PARTS = new Set([
  'pad',
  'bos',
  'eos',
  'unk',
  'sep',
  'cls',
  'mask',
  'start',
  'end',
  'special',
  'added',
  'max',
  'min',
  'num',
  'n',
  'count',
  'len',
  'length',
  'size',
  'limit',
  'budget',
  'type',
  'types',
  'id',
  'ids',
  'idx',
  'index',
  'path',
  'file',
  'filename',
  'dir',
  'directory',
  'url',
  'uri',
  'endpoint',
  'host',
  'name',
  'names',
  'header',
  'prefix',
  'suffix',
  'field',
  'env',
  'var',
  'variable',
  'format',
  'pattern',
  'regex',
  'policy',
  'required',
  'enabled',
  'enable',
  'disable',
  'disabled',
  'expiry',
  'expires',
  'expiration',
  'ttl',
  'timeout',
  'scope',
  'scopes',
  'kind',
  'mode',
  'method',
  'class',
  'hash',
  'hashed',
  'sha',
  'sha1',
  'sha256',
  'md5',
  'checksum',
  'digest',
  'fingerprint',
  'salt',
  'rounds',
  'iterations',
  'strength',
  'hint',
  'prompt',
  'label',
  'placeholder',
  'validator',
  'reset',
  'policy',
  'provider',
  'backend',
  'manager',
  'store',
  'loader',
  'generator',
  'counter',
  'usage',
  'logprobs',
  'probs',
  'embedding',
  'embeddings',
  'position',
  'level',
  'param',
  'params',
  'arg',
  'required',
  'is',
  'has',
  'use',
  'should',
  'masked',
  'redacted',
  'version',
]);

/** Names of test data that is fake on purpose (`DUMMY_TOKEN`, `fake_password`, `example_api_key`). */
const FIXTURE_PARTS = new Set(['dummy', 'fake', 'example', 'sample', 'mock', 'mocked', 'stub', 'placeholder', 'test', 'testing', 'invalid', 'bogus']);

export function isFixtureName(name: string): boolean {
  return nameParts(name).some((p) => FIXTURE_PARTS.has(p));
}

/** Whether `name` names a secret (see the module comment). */
export function isSecretName(name: string): boolean {
  const parts = nameParts(name);
  if (parts.length === 0 || parts.length > 8) return false;
  if (parts.some((p) => DISQUALIFYING_PARTS.has(p))) return false;
  if (parts.some((p) => SECRET_PARTS.has(p))) {
    // `pass` and `pat` and `sig` are secrets only as whole words next to a qualifier or alone
    const strong = parts.filter((p) => SECRET_PARTS.has(p) && p !== 'pass' && p !== 'pat' && p !== 'sig' && p !== 'auth');
    if (strong.length > 0) return true;
    if (parts.includes('auth')) return parts.length > 1 || name === name.toUpperCase() || name === 'auth';
    if (parts.includes('pass')) return parts.length > 1;
    return parts.length > 1 && parts.some((p) => KEY_QUALIFIERS.has(p) || p === 'gh' || p === 'github' || p === 'gitlab');
  }
  if (parts.includes('key') && parts.some((p) => KEY_QUALIFIERS.has(p))) return true;
  return CONNECTION_PAIRS.some(([a, b]) => parts.includes(a) && parts.includes(b));
}

/** Shannon entropy of `text`, in bits per character. */
export function shannonEntropy(text: string): number {
  if (text.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let entropy = 0;
  const total = text.length;
  for (const count of counts.values()) {
    const p = count / total;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

/** How many of lower case, upper case, digits and symbols occur in `text`. */
export function characterClasses(text: string): number {
  return (/[a-z]/.test(text) ? 1 : 0) + (/[A-Z]/.test(text) ? 1 : 0) + (/[0-9]/.test(text) ? 1 : 0) + (/[^A-Za-z0-9]/.test(text) ? 1 : 0);
}

const PLACEHOLDER_WORDS =
  /\{[^{}]*\}|your|my[_-]?(?:api|secret|token|key|pass)|placeholder|changeme|change[_-]?me|change[_-]?this|replace|redacted|example|sample|dummy|fake|insert|enter[_-]|put[_-]|todo|tbd|fixme|secret[_-]?here|key[_-]?here|token[_-]?here|here[_-]|xxxx|\*\*\*|\.\.\.|•|…|<[^>]*>|\{\{|\}\}|\$\{|\$\(|%\(|^\$[A-Za-z_]|^%[A-Za-z_]+%$|^env[:(]|^!env|environ|getenv|^vault:|^arn:aws:|^ref\+|^enc\[|^op:\/\/|secretsmanager|keyvault|^projects\/[^/]+\/secrets\//i;

/** Values that stand in for a secret: `YOUR_API_KEY`, `<token>`, `xxx`, `changeme`, `sk-...`, `${TOKEN}`, env lookups. */
export function isPlaceholder(value: string): boolean {
  const trimmed = value.trim();
  if (trimmed.length === 0) return true;
  if (PLACEHOLDER_WORDS.test(trimmed)) return true;
  // one character repeated (`aaaaaaaa`, `00000000`), or a run like `12345678`, `abcdefgh`
  if (/^(.)\1*$/.test(trimmed)) return true;
  if ('0123456789abcdefghijklmnopqrstuvwxyz'.includes(trimmed.toLowerCase()) || '9876543210'.includes(trimmed)) return true;
  // the literal words people use as example passwords
  return /^(?:password|passw0rd|pass|secret|token|apikey|api[_-]?key|admin|root|user|guest|default|none|null|nil|undefined|true|false|test|qwerty|letmein|hunter2|foobar|foo|bar|baz|string|str|value)\d{0,4}$/i.test(
    trimmed,
  );
}

/** A value that is data, not a secret: a path, a URL without credentials, a file name, an image, a number, prose. */
export function isNonSecretShape(value: string): boolean {
  if (/\s/.test(value.trim())) return true;
  if (/^(?:https?|s3|gs|gcs|hdfs|file|ftp|wss?):\/\//i.test(value)) return true;
  if (/^(?:\.{0,2}\/|~\/|[A-Za-z]:\\)/.test(value)) return true;
  if (/\.(?:json|ya?ml|txt|pem|key|crt|cer|p12|pfx|env|cfg|ini|toml|csv|py|ipynb|pkl|pt|bin|safetensors|h5|onnx|log)$/i.test(value)) return true;
  if (/^data:|^iVBORw0KGgo|^\/9j\/|^R0lGOD|^UklGR/.test(value)) return true;
  if (/^[+-]?\d+(?:\.\d+)?(?:e[+-]?\d+)?$/i.test(value)) return true;
  // dotted module or attribute paths, kebab or snake identifiers (`auth="basic"`, `token="hf_token"`)
  if (/^[A-Za-z]+(?:[._-][A-Za-z]+)*$/.test(value)) return true;
  // words joined by separators, maybe numbered: `test_bearer_token_2`, `fixture-access-key`, `chatkit_token_123`
  const segments = value.split(/[-_.,/:+]+/).filter((part) => part.length > 0);
  if (
    segments.length >= 2 &&
    segments.every((part) => /^[A-Za-z]{2,}$/.test(part) || /^\d{1,6}$/.test(part) || /^[a-z]{1,2}\d{1,2}$/.test(part)) &&
    segments.filter((part) => /^[A-Za-z]+$/.test(part)).every((part) => /^[a-z]+$|^[A-Z][a-z]+$|^[A-Z]+$/.test(part))
  )
    return true;
  return false;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const HEX_DIGEST = /^(?:[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64}|[0-9a-f]{128})$/i;

/**
 * Whether `value`, held by a secret-like name, is random enough to be a real secret. Short
 * values (passwords) need three character classes; longer ones enough entropy for their length.
 */
export function looksRandom(value: string): boolean {
  const length = value.length;
  if (length < 8 || length > 512) return false;
  const classes = characterClasses(value);
  const entropy = shannonEntropy(value);
  if (length < 16) return classes >= 3 && entropy >= 2.5;
  if (classes < 2 && !/^[0-9a-f]+$/i.test(value)) return false;
  // hex keys carry 4 bits per character at most
  if (/^[0-9a-f]+$/i.test(value)) return entropy >= 3.0 && /[a-f]/i.test(value) && /[0-9]/.test(value);
  return entropy >= 3.2;
}

/** Whether a (name, value) pair is a generic hard-coded secret. */
export function isGenericSecret(name: string, value: string): boolean {
  if (!isSecretName(name) || isFixtureName(name)) return false;
  if (isPlaceholder(value) || isNonSecretShape(value)) return false;
  // `AccountKey=`, `Authorization:`, `password_here`: a name, not a value
  const joined = nameParts(name).join('');
  if (
    /[=:]$/.test(value) ||
    (joined.length >= 4 &&
      value
        .toLowerCase()
        .replace(/[^a-z]/g, '')
        .includes(joined.slice(0, 12)))
  )
    return false;
  return looksRandom(value);
}

/** An environment variable name for a secret held by `name` (`db_password` → `DB_PASSWORD`, `openai.api_key` → `OPENAI_API_KEY`). */
export function envNameFor(name: string, fallback: string): string {
  const parts = nameParts(name.replace(/^(?:self|cls|os\.environ)\b\.?/, ''));
  const upper = parts.join('_').toUpperCase();
  if (!upper || !/^[A-Z_][A-Z0-9_]*$/.test(upper)) return fallback;
  // a bare `password` or `token` says little: prefer the provider's name when there is one
  if (parts.length === 1 && fallback && fallback !== 'SECRET') return fallback;
  return upper;
}
