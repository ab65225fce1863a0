import { defineRule } from '../../server/src/engine/api';
import { documentMatches } from '../lib/gate';
import { algorithmOf, assignmentTargetNames, HASH_CALLS, isPasswordName, namesIn, statementOf } from '../lib/pii-hash';

/** Checked once per document before any call is looked at. */
const MENTIONS_HASHES = /hashlib|Crypto(?:dome)?\.Hash|import\s+(?:MD5|SHA)/;

export default defineRule({
  id: 'fast-password-hash',
  category: 'weak-crypto',
  severity: 'error',
  cwe: 916,
  message: 'Passwords hashed with a fast hash (md5, sha1, sha256...) are cracked at billions of guesses per second; use a slow salted KDF: hashlib.scrypt, argon2, bcrypt or hashlib.pbkdf2_hmac.',
  docs: {
    what: 'Finds `hashlib` digests (md5, sha1, sha2, sha3, blake2, also via `hashlib.new` and `.update`) computed over a password or passphrase, or stored as one (`password_hash = hashlib.sha256(...)`), salted or not.',
    why: 'A leaked table of fast password hashes is cracked offline: GPUs test billions of md5 or sha256 guesses per second, and most user passwords fall within hours. A salt stops precomputed tables but not the guessing. Notebook and dashboard apps that keep their own user tables (Streamlit, Gradio, Flask admin pages) often store passwords this way.',
    fix: 'Use a password hashing function with a per-password salt and a work factor: `hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1)`, `argon2-cffi`\'s `PasswordHasher().hash(password)`, `bcrypt.hashpw`, or `hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 600_000)`. Better still, let an identity provider hold passwords. There is no automatic fix: stored hashes must be migrated at the next login.',
    example: {
      bad: 'import hashlib\n\ndef store(user, password):\n    user.password_hash = hashlib.sha256(password.encode()).hexdigest()',
      good: 'import hashlib\nimport os\n\ndef store(user, password):\n    user.salt = os.urandom(16)\n    user.password_hash = hashlib.scrypt(password.encode(), salt=user.salt, n=2**14, r=8, p=1)',
    },
    references: ['https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html', 'https://cwe.mitre.org/data/definitions/916.html'],
  },
  calls: HASH_CALLS,
  onCall(call, context) {
    if (!documentMatches(context, MENTIONS_HASHES)) return;
    const algorithm = algorithmOf(call, context);
    if (!algorithm) return;
    const isUpdate = (call.callee ?? '').endsWith('.update');
    const data = isUpdate ? call.argument(0) : (call.callee ?? '').startsWith('hashlib.new') ? call.argument(1, 'data') : call.argument(0, 'data');
    if (!data) return;
    const named = namesIn(data, context).find(isPasswordName);
    const stored = named ? undefined : assignmentTargetNames(statementOf(call.node)).find(isPasswordName);
    if (!named && !stored) return;
    context.report({
      node: call.node,
      message: `${named ? `\`${named}\` is` : `This value, stored as \`${stored}\`, is`} hashed with ${algorithm}, which is fast enough to crack at billions of guesses per second; use a slow salted KDF (hashlib.scrypt, argon2, bcrypt, pbkdf2_hmac).`,
    });
  },
});
