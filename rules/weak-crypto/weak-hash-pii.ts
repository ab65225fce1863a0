import { defineRule } from '../../server/src/engine/api';
import { documentMatches } from '../lib/gate';
import { HASH_CALLS, hashOfIdentifier, keyedHashFix, WEAK_ALGORITHMS } from '../lib/pii-hash';

/** Checked once per document before any call is looked at. */
const MENTIONS_HASHES = /hashlib|Crypto(?:dome)?\.Hash|import\s+(?:MD5|SHA)/;

export default defineRule({
  id: 'weak-hash-pii',
  category: 'weak-crypto',
  severity: 'error',
  cwe: 328,
  message: 'md5/sha1 of a personal identifier is not a pseudonym: anyone can hash every email or ID and match them back. Use a keyed hash (HMAC-SHA256 with a secret key).',
  fixable: true,
  docs: {
    what: 'Finds `hashlib.md5` / `hashlib.sha1` (also `hashlib.new("md5")` and `.update()` on such a hash) computed over personal identifiers: values, columns or keys named like emails, user or customer IDs, phone numbers, SSNs..., hashes assigned to such names, `df["email"].apply(lambda x: hashlib.md5(...))`, and every hash inside an anonymisation or pseudonymisation function. Hashes used as cache keys, checksums or dedup keys, and hashes of other data (files, configs, model names) are not reported. `usedforsecurity=False` does not silence it: it states the hash is not for security, but a pseudonym is.',
    why: 'Identifiers come from small, guessable spaces: all phone numbers of a country, the emails in a leaked list, sequential IDs. Without a secret key anyone can hash the candidates and join the "anonymised" dataset back to people in minutes; md5 and sha1 are also fast to brute-force. GDPR treats such data as personal data still, and re-identification breaks the promise made to the people in it.',
    fix: 'Use a keyed hash: `hmac.new(key, value.encode(), hashlib.sha256).hexdigest()` with the key from the environment or a secret manager, never from the code. The fix uses `os.environ["PSEUDONYM_KEY"]`; the pseudonyms change (and get longer), so rebuild joins that used the old ones.',
    example: {
      bad: 'import hashlib\n\ndef pseudonymise(email):\n    return hashlib.md5(email.encode()).hexdigest()',
      good: 'import hashlib\nimport hmac\nimport os\n\ndef pseudonymise(email):\n    return hmac.new(os.environ["PSEUDONYM_KEY"].encode(), email.encode(), hashlib.sha256).hexdigest()',
    },
    references: [
      'https://docs.python.org/3/library/hmac.html',
      'https://cwe.mitre.org/data/definitions/328.html',
      'https://www.enisa.europa.eu/publications/pseudonymisation-techniques-and-best-practices',
    ],
  },
  calls: HASH_CALLS,
  onCall(call, context) {
    if (!documentMatches(context, MENTIONS_HASHES)) return;
    const site = hashOfIdentifier(call, context);
    if (!site || !WEAK_ALGORITHMS.has(site.algorithm)) return;
    const note = site.usedForSecurityFalse
      ? ' usedforsecurity=False does not make this safe: a pseudonym needs a secret key.'
      : site.salted
        ? ' A salt in the code does not replace a secret key.'
        : '';
    context.report({
      node: call.node,
      severity: site.salted ? 'warning' : undefined,
      message: `${site.algorithm} of ${site.evidence} is not a pseudonym: anyone can hash candidate values and match them back. Use HMAC-SHA256 with a secret key.${note}`,
      fixes: keyedHashFix(call, site, context),
    });
  },
});
