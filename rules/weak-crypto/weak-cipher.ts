import { defineRule } from '../../server/src/engine/api';
import { documentMatches } from '../lib/gate';

const CRYPTOGRAPHY_ALGORITHMS = ['cryptography.hazmat.primitives.ciphers.algorithms', 'cryptography.hazmat.decrepit.ciphers.algorithms'];
const BROKEN_ALGORITHMS: Record<string, string> = {
  TripleDES: '3DES (64-bit blocks: Sweet32)',
  Blowfish: 'Blowfish (64-bit blocks: Sweet32)',
  ARC4: 'RC4 (biased keystream)',
  CAST5: 'CAST5 (64-bit blocks)',
  IDEA: 'IDEA (64-bit blocks)',
  SEED: 'SEED (obsolete, moved to the decrepit module)',
  RC2: 'RC2 (broken)',
};
const PYCRYPTO_CIPHERS: Record<string, string> = {
  DES: 'DES (56-bit keys, brute-forced in hours)',
  DES3: '3DES (64-bit blocks: Sweet32)',
  ARC4: 'RC4 (biased keystream)',
  ARC2: 'RC2 (broken)',
  Blowfish: 'Blowfish (64-bit blocks: Sweet32)',
  CAST: 'CAST5 (64-bit blocks)',
  XOR: 'XOR (not encryption)',
};
const PYDES = { 'pyDes.des': 'DES (56-bit keys, brute-forced in hours)', 'pyDes.triple_des': '3DES (64-bit blocks: Sweet32)' } as Record<string, string>;

const CALLS = [
  ...CRYPTOGRAPHY_ALGORITHMS.flatMap((m) => Object.keys(BROKEN_ALGORITHMS).map((a) => `${m}.${a}`)),
  ...['Crypto.Cipher', 'Cryptodome.Cipher'].flatMap((m) => Object.keys(PYCRYPTO_CIPHERS).map((c) => `${m}.${c}.new`)),
  ...Object.keys(PYDES),
  'cryptography.hazmat.primitives.ciphers.modes.ECB',
  '*.new',
];

/** Checked once per document before any call is looked at. */
const MENTIONS_CIPHERS = /\bCrypto(?:dome)?\b|cryptography|pyDes/;

export default defineRule({
  id: 'weak-cipher',
  category: 'weak-crypto',
  severity: 'error',
  cwe: 327,
  message: 'This cipher or mode does not protect the data: DES, 3DES, RC4, Blowfish and RC2 are broken or too weak, and ECB mode shows which blocks are equal. Use AES-GCM (or ChaCha20-Poly1305).',
  docs: {
    what: 'Finds encryption with broken or obsolete ciphers and with ECB mode: `cryptography` `algorithms.TripleDES/Blowfish/ARC4/CAST5/IDEA/SEED` and `modes.ECB`, PyCryptodome / PyCrypto `DES`, `DES3`, `ARC4`, `ARC2`, `Blowfish`, `CAST`, `XOR` and any `*.new(key, X.MODE_ECB)`, and `pyDes`.',
    why: 'Data encrypted this way is not safe at rest: DES keys are brute-forced in hours, RC4 leaks plaintext through its biased keystream, 64-bit-block ciphers (3DES, Blowfish) repeat blocks after a few gigabytes (Sweet32), and ECB encrypts equal blocks to equal ciphertext, so structure (records, images, repeated fields) shows through. An encrypted feature store or dataset export in these modes is close to plaintext for an attacker.',
    fix: "Use authenticated encryption: `cryptography`'s `Fernet` for simple cases, or `AESGCM` / `ChaCha20Poly1305` with a random 96-bit nonce per message stored next to the ciphertext. Re-encrypt existing data: the ciphertext format changes, so there is no automatic fix.",
    example: {
      bad: 'from Crypto.Cipher import AES\ncipher = AES.new(key, AES.MODE_ECB)',
      good: 'from cryptography.hazmat.primitives.ciphers.aead import AESGCM\nimport os\nnonce = os.urandom(12)\nciphertext = AESGCM(key).encrypt(nonce, data, None)',
    },
    references: ['https://cryptography.io/en/latest/hazmat/primitives/symmetric-encryption/', 'https://sweet32.info/', 'https://cwe.mitre.org/data/definitions/327.html'],
  },
  calls: CALLS,
  onCall(call, context) {
    if (!documentMatches(context, MENTIONS_CIPHERS)) return;
    const callee = call.callee ?? '';
    if (callee.endsWith('modes.ECB')) {
      context.report({
        node: call.node,
        message: 'ECB mode encrypts equal blocks to equal ciphertext, so patterns in the data show through; use AES-GCM (AESGCM) or at least CBC/CTR with a random IV.',
      });
      return;
    }
    const algorithm = callee.split('.').pop() ?? '';
    if (CRYPTOGRAPHY_ALGORITHMS.some((m) => callee === `${m}.${algorithm}`) && BROKEN_ALGORITHMS[algorithm]) {
      context.report({ node: call.node, message: `${BROKEN_ALGORITHMS[algorithm]} is too weak to protect data; use AES-GCM (AESGCM) or ChaCha20-Poly1305.` });
      return;
    }
    if (PYDES[callee]) {
      context.report({ node: call.node, message: `${PYDES[callee]} is too weak to protect data; use AES-GCM (cryptography's AESGCM) instead of pyDes.` });
      return;
    }
    const match = /^(Crypto|Cryptodome)\.Cipher\.(\w+)\.new$/.exec(callee);
    if (match && PYCRYPTO_CIPHERS[match[2]]) {
      context.report({ node: call.node, message: `${PYCRYPTO_CIPHERS[match[2]]} is too weak to protect data; use AES in GCM mode (AES.new(key, AES.MODE_GCM)).` });
      return;
    }
    if (call.method !== 'new') return;
    // AES.new(key, AES.MODE_ECB), or any cipher module's MODE_ECB
    const mode = call.argument(1, 'mode');
    const value = mode ? context.valueOf(mode) : undefined;
    const modeName = value?.kind === 'name' ? value.qualified : value?.kind === 'number' ? undefined : mode?.text;
    if (mode && modeName && /(^|\.)MODE_ECB$/.test(modeName)) {
      context.report({ node: mode, message: 'ECB mode encrypts equal blocks to equal ciphertext, so patterns in the data show through; use AES.MODE_GCM with a random nonce.' });
    }
  },
});
