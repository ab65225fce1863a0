import { defineRule } from '../../server/src/engine/api';
import { documentMatches } from '../lib/gate';
import { HASH_CALLS, hashOfIdentifier, keyedHashFix, STRONG_ALGORITHMS } from '../lib/pii-hash';

/** Checked once per document before any call is looked at. */
const MENTIONS_HASHES = /hashlib|Crypto(?:dome)?\.Hash|import\s+(?:MD5|SHA)/;

export default defineRule({
  id: 'unkeyed-hash-pii',
  category: 'weak-crypto',
  severity: 'warning',
  cwe: 759,
  message: 'An unkeyed hash of a personal identifier can be reversed by hashing candidate values; use a keyed hash (HMAC-SHA256 with a secret key) to pseudonymise.',
  fixable: true,
  docs: {
    what: 'Finds `hashlib.sha256` (and sha224/384/512, sha3, blake2 without `key=`) computed over personal identifiers with no salt or key in the hashed text: `hashlib.sha256(email.encode())`, `df["customer_id"].apply(lambda x: hashlib.sha256(...))`, hashes assigned to names like `user_hash`, and hashes inside anonymisation functions. Hashes that mix in a salt, pepper or key, keyed blake2, checksums and cache keys are not reported.',
    why: 'A strong algorithm does not help when the input is guessable: anyone with the list of customers, or all 10-digit phone numbers, hashes them with sha256 and matches the "pseudonymised" column back to people. Only a secret that the attacker lacks (a key) prevents that.',
    fix: 'Use `hmac.new(key, value.encode(), hashlib.sha256).hexdigest()` with a key from the environment or a secret manager. The fix uses `os.environ["PSEUDONYM_KEY"]`.',
    example: {
      bad: 'import hashlib\nimport pandas as pd\ndf = pd.read_csv("customers.csv")\ndf["email"] = df["email"].apply(lambda x: hashlib.sha256(x.encode()).hexdigest())',
      good: 'import hashlib\nimport hmac\nimport os\nimport pandas as pd\ndf = pd.read_csv("customers.csv")\ndf["email"] = df["email"].apply(lambda x: hmac.new(os.environ["PSEUDONYM_KEY"].encode(), x.encode(), hashlib.sha256).hexdigest())',
    },
    references: ['https://docs.python.org/3/library/hmac.html', 'https://cwe.mitre.org/data/definitions/759.html'],
  },
  calls: HASH_CALLS,
  onCall(call, context) {
    if (!documentMatches(context, MENTIONS_HASHES)) return;
    const site = hashOfIdentifier(call, context);
    if (!site || !STRONG_ALGORITHMS.has(site.algorithm) || site.salted) return;
    context.report({
      node: call.node,
      message: `Unkeyed ${site.algorithm} of ${site.evidence}: anyone who can list candidate values can hash them and match the pseudonyms back. Use HMAC-SHA256 with a secret key.`,
      fixes: keyedHashFix(call, site, context),
    });
  },
});
