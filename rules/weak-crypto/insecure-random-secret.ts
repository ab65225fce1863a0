import { defineRule, nameParts, stringParts, type CallSite, type Fix, type Node, type RuleContext } from '../../server/src/engine/api';

const STDLIB = ['random', 'randint', 'randrange', 'choice', 'choices', 'sample', 'getrandbits', 'randbytes', 'uniform', 'shuffle'];
const NUMPY = ['rand', 'randint', 'random', 'choice', 'bytes', 'random_sample', 'integers', 'permutation'];
const CALLS = [
  ...STDLIB.map((f) => `random.${f}`),
  ...STDLIB.map((f) => `random.Random().${f}`),
  ...NUMPY.map((f) => `numpy.random.${f}`),
  ...NUMPY.map((f) => `numpy.random.default_rng().${f}`),
  ...NUMPY.map((f) => `numpy.random.RandomState().${f}`),
];

/** Names that always mean a secret. Matched on word parts (`reset_token`, `apiKey`). */
const SECRET_NAMES = [
  'password',
  'passwd',
  'pwd',
  'passphrase',
  'secret',
  'api_key',
  'apikey',
  'secret_key',
  'private_key',
  'access_key',
  'auth_token',
  'access_token',
  'refresh_token',
  'api_token',
  'session_token',
  'reset_token',
  'bearer_token',
  'csrf',
  'xsrf',
  'nonce',
  'otp',
  'totp',
  'session_id',
  'sessionid',
  'session_key',
  'verification_code',
  'reset_code',
  'activation_code',
  'confirmation_code',
  'invite_code',
  'pin_code',
  'one_time',
  'encryption_key',
  'signing_key',
  'hmac_key',
  'aes_key',
  'iv',
];
/** Names that mean a secret only when the value is drawn like one (letters and digits, random bits): `token` is also an NLP token. */
const AMBIGUOUS_NAMES = ['token', 'salt', 'key', 'code', 'pin'];

export default defineRule({
  id: 'insecure-random-secret',
  category: 'weak-crypto',
  severity: 'error',
  cwe: 338,
  message: 'This secret comes from `random`, whose output can be predicted from earlier values; use the `secrets` module (secrets.token_hex, secrets.choice) for tokens, keys, salts and passwords.',
  fixable: true,
  docs: {
    what: "Finds values from `random` or `numpy.random` that become a password, token, key, salt, nonce, OTP or session id: assigned to such a name, stored under such a key, passed as such an argument, or returned from a function named so. Names like `token`, `key` or `salt` count only when the value is drawn like a secret (from letters and digits, or random bits), so NLP tokens, dictionary keys and salt-and-pepper noise stay quiet. `random` for seeds, sampling, shuffling and augmentation is not reported (unlike Bandit's B311), nor is `random.SystemRandom`.",
    why: '`random` is a Mersenne Twister: 624 outputs reveal its state, and from then on every "random" password reset token, API key or OTP it makes can be computed. numpy\'s generators are no different. Seeded generators (common in ML code for reproducibility) make the secret a constant.',
    fix: 'Use the `secrets` module: `secrets.token_urlsafe(32)` / `secrets.token_hex(32)` for tokens and keys, `secrets.token_bytes(16)` for salts, `secrets.choice(alphabet)` per character for passwords, `secrets.randbelow(10**6)` for numeric codes. The fix swaps `random.choice`, `random.choices`, `random.randint`, `random.getrandbits` and `random.randbytes` for their `secrets` equivalents.',
    example: {
      bad: 'import random\nimport string\napi_token = "".join(random.choice(string.ascii_letters + string.digits) for _ in range(32))',
      good: 'import secrets\nimport string\napi_token = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))',
    },
    references: ['https://docs.python.org/3/library/secrets.html', 'https://docs.python.org/3/library/random.html', 'https://cwe.mitre.org/data/definitions/338.html'],
  },
  calls: CALLS,
  onCall(call, context) {
    const callee = call.callee ?? '';
    if (callee.startsWith('random.SystemRandom')) return;
    const sink = secretSink(call.node);
    if (!sink) return;
    const numpy = callee.startsWith('numpy.');
    const strong = matchesName(sink.name, SECRET_NAMES);
    if (!strong) {
      if (numpy || !isAmbiguousSecretName(sink.name)) return;
      if (!drawnLikeSecret(call, sink.value, context)) return;
    }
    context.report({
      node: call.node,
      message: `${sink.what} \`${sink.name}\` comes from ${numpy ? 'numpy.random' : 'random'}, which is predictable; use the secrets module (secrets.token_urlsafe, secrets.choice, secrets.randbelow).`,
      fixes: numpy ? [] : secretsFix(call, context),
    });
  },
});

/** Qualifiers that make `token`, `key`, `code`... mean a credential (`login_code`), where `zip_code` or `sort_key` do not. */
const AUTH_QUALIFIERS = new Set([
  'auth',
  'access',
  'api',
  'secret',
  'reset',
  'verify',
  'verification',
  'invite',
  'invitation',
  'session',
  'login',
  'signup',
  'confirm',
  'confirmation',
  'activation',
  'magic',
  'recovery',
  'unlock',
  'security',
  'private',
  'crypt',
  'encryption',
  'signing',
  'hmac',
]);

/** `token`, `salt`, `key`, `code` or `pin` alone, or with an auth qualifier (`login_code`, `session_key`). */
function isAmbiguousSecretName(name: string): boolean {
  const parts = nameParts(name);
  const words = parts.filter((p) => AMBIGUOUS_NAMES.includes(p.replace(/s$/, '')));
  if (words.length === 0) return false;
  return parts.length === words.length || parts.some((p) => AUTH_QUALIFIERS.has(p));
}

function matchesName(name: string, list: readonly string[]): boolean {
  const parts = nameParts(name);
  const joined = `_${parts.join('_')}_`;
  return list.some((entry) => joined.includes(`_${nameParts(entry).join('_')}_`));
}

interface Sink {
  name: string;
  what: string;
  /** The whole expression that becomes the secret. */
  value: Node;
}

/** Expressions through which a value flows unchanged in kind: joins, formatting, conversions, comprehensions. */
const CARRIERS = new Set([
  'argument_list',
  'generator_expression',
  'list_comprehension',
  'parenthesized_expression',
  'binary_operator',
  'interpolation',
  'string',
  'concatenated_string',
  'call',
  'attribute',
  'list',
  'tuple',
  'subscript',
  'conditional_expression',
  'await',
]);

/** Where a random value ends up: the name it is assigned to, the key, argument or function it becomes. */
function secretSink(node: Node): Sink | undefined {
  let value = node;
  for (let current = node.parent, depth = 0; current && depth < 12; current = current.parent, depth++) {
    switch (current.type) {
      case 'assignment': {
        if (current.childForFieldName('right')?.id !== value.id) return undefined;
        const left = current.childForFieldName('left');
        const name = left?.type === 'identifier' ? left.text : left?.type === 'attribute' ? left.childForFieldName('attribute')?.text : left?.type === 'subscript' ? subscriptKey(left) : undefined;
        return name ? { name, what: 'The value', value } : undefined;
      }
      case 'keyword_argument': {
        const name = current.childForFieldName('name')?.text;
        return name ? { name, what: 'The argument', value } : undefined;
      }
      case 'pair': {
        const key = current.childForFieldName('key');
        return key?.type === 'string' && current.childForFieldName('value')?.id === value.id ? { name: stringParts(key).text, what: 'The field', value } : undefined;
      }
      case 'return_statement': {
        let fn = current.parent;
        while (fn && fn.type !== 'function_definition') fn = fn.parent;
        const name = fn?.childForFieldName('name')?.text;
        return name ? { name: name.replace(/^(make|generate|gen|create|new|get|build|random)_/, ''), what: 'The value returned by', value } : undefined;
      }
      default:
        if (!CARRIERS.has(current.type)) return undefined;
        value = current;
    }
  }
  return undefined;
}

function subscriptKey(node: Node): string | undefined {
  const index = node.childForFieldName('subscript');
  return index?.type === 'string' ? stringParts(index).text : undefined;
}

/** A value drawn like a secret: characters from `string.ascii_*`/`digits`/`hexdigits` or a long alphanumeric literal, or raw random bits. */
function drawnLikeSecret(call: CallSite, value: Node, context: RuleContext): boolean {
  if (call.method === 'getrandbits' || call.method === 'randbytes') return true;
  const text = value.text;
  if (/\bstring\.(ascii_letters|ascii_lowercase|ascii_uppercase|digits|hexdigits|punctuation|printable|octdigits)\b/.test(text)) return true;
  const population = call.argument(0, 'seq') ?? call.argument(0, 'population');
  if (population) {
    const resolved = context.valueOf(population);
    if (resolved.kind === 'string' && /^[A-Za-z0-9_\-+/=!@#$%^&*]{16,}$/.test(resolved.value)) return true;
    if (/\bstring\.\w+/.test(population.text)) return true;
    if (population.type === 'identifier') {
      const assigned = context.lookup(population)?.value;
      if (assigned && /\bstring\.(ascii_\w+|digits|hexdigits|punctuation|printable)\b/.test(assigned.text)) return true;
    }
  }
  return false;
}

function secretsFix(call: CallSite, context: RuleContext): Fix[] {
  const callee = call.callee ?? '';
  if (!callee.startsWith('random.') || callee.startsWith('random.Random')) return [];
  const secrets = context.edits.ensureImport('secrets');
  const s = secrets.reference;
  const args = call.positional;
  let text: string | undefined;
  switch (call.method) {
    case 'choice':
      if (args.length === 1 && !call.hasSplat) text = `${s}.choice(${args[0].text})`;
      break;
    case 'getrandbits':
      if (args.length === 1) text = `${s}.randbits(${args[0].text})`;
      break;
    case 'randbytes':
      if (args.length === 1) text = `${s}.token_bytes(${args[0].text})`;
      break;
    case 'randint': {
      const [low, high] = args.map((a) => context.valueOf(a));
      if (args.length === 2 && low.kind === 'number' && high.kind === 'number' && Number.isInteger(low.value) && Number.isInteger(high.value) && high.value >= low.value)
        text = low.value === 0 ? `${s}.randbelow(${high.value + 1})` : `${low.value} + ${s}.randbelow(${high.value - low.value + 1})`;
      break;
    }
    case 'choices': {
      // "".join(random.choices(alphabet, k=n)) -> "".join(secrets.choice(alphabet) for _ in range(n))
      const k = call.keyword('k');
      const inJoin =
        call.node.parent?.type === 'argument_list' &&
        call.node.parent.namedChildren.length === 1 &&
        call.node.parent.parent?.childForFieldName('function')?.childForFieldName('attribute')?.text === 'join';
      // the generator is the call's only argument, so it needs no parentheses of its own
      if (args.length === 1 && k && !call.keyword('weights') && !call.keyword('cum_weights') && inJoin) text = `${s}.choice(${args[0].text}) for _ in range(${k.text})`;
      break;
    }
  }
  if (!text) return [];
  return [{ title: `Use the secrets module (${text.split('(')[0]})`, safe: true, edits: [...secrets.edits, context.edits.replace(call.node, text)] }];
}
