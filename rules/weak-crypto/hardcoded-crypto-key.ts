import * as path from 'node:path';
import { defineRule, stringParts, type Node, type RuleContext } from '../../server/src/engine/api';
import { documentMatches } from '../lib/gate';

type Role = 'key' | 'iv';
/** Callee → the arguments that are key material: [position, keyword, role]. */
const SINKS: Record<string, [number | undefined, string, Role][]> = {
  'hmac.new': [[0, 'key', 'key']],
  'hmac.HMAC': [[0, 'key', 'key']],
  'cryptography.hazmat.primitives.hmac.HMAC': [[0, 'key', 'key']],
  'cryptography.fernet.Fernet': [[0, 'key', 'key']],
  'cryptography.hazmat.primitives.ciphers.algorithms.AES': [[0, 'key', 'key']],
  'cryptography.hazmat.primitives.ciphers.algorithms.AES128': [[0, 'key', 'key']],
  'cryptography.hazmat.primitives.ciphers.algorithms.AES256': [[0, 'key', 'key']],
  'cryptography.hazmat.primitives.ciphers.algorithms.Camellia': [[0, 'key', 'key']],
  'cryptography.hazmat.primitives.ciphers.algorithms.ChaCha20': [
    [0, 'key', 'key'],
    [1, 'nonce', 'iv'],
  ],
  'cryptography.hazmat.primitives.ciphers.aead.AESGCM': [[0, 'key', 'key']],
  'cryptography.hazmat.primitives.ciphers.aead.AESCCM': [[0, 'key', 'key']],
  'cryptography.hazmat.primitives.ciphers.aead.AESSIV': [[0, 'key', 'key']],
  'cryptography.hazmat.primitives.ciphers.aead.AESOCB3': [[0, 'key', 'key']],
  'cryptography.hazmat.primitives.ciphers.aead.ChaCha20Poly1305': [[0, 'key', 'key']],
  'cryptography.hazmat.primitives.ciphers.modes.CBC': [[0, 'initialization_vector', 'iv']],
  'cryptography.hazmat.primitives.ciphers.modes.CFB': [[0, 'initialization_vector', 'iv']],
  'cryptography.hazmat.primitives.ciphers.modes.CFB8': [[0, 'initialization_vector', 'iv']],
  'cryptography.hazmat.primitives.ciphers.modes.OFB': [[0, 'initialization_vector', 'iv']],
  'cryptography.hazmat.primitives.ciphers.modes.GCM': [[0, 'initialization_vector', 'iv']],
  'cryptography.hazmat.primitives.ciphers.modes.CTR': [[0, 'nonce', 'iv']],
  'jwt.encode': [[1, 'key', 'key']],
};
const AEAD_ENCRYPT = /^cryptography\.hazmat\.primitives\.ciphers\.aead\.(AESGCM|AESCCM|ChaCha20Poly1305|AESOCB3)\(\)\.encrypt$/;
const PYCRYPTODOME_NEW = /^(Crypto|Cryptodome)\.Cipher\.(AES|DES|DES3|ARC2|ARC4|Blowfish|CAST|ChaCha20|ChaCha20_Poly1305|Salsa20)\.new$/;
const PYCRYPTODOME_HMAC = /^(Crypto|Cryptodome)\.Hash\.HMAC\.new$/;

/** Checked once per document before any call is looked at. */
const MENTIONS_KEYS = /\bCrypto(?:dome)?\b|cryptography|hmac|jwt/;

export default defineRule({
  id: 'hardcoded-crypto-key',
  category: 'weak-crypto',
  severity: 'error',
  cwe: 321,
  message: 'This key is written in the code, so everyone who can read the repository or notebook can decrypt or forge the data. Load it from the environment or a secret manager.',
  docs: {
    what: 'Finds literal values (strings, bytes, `"...".encode()`, `bytes.fromhex("...")`, `b"\\0" * 16`, and constants holding them) passed as the key of a cipher, Fernet, an AEAD, an HMAC or `jwt.encode`, or as the IV / nonce of a cipher mode or AEAD `encrypt`. It reports where the literal is used as key material, whatever its name or entropy; the secret scanners report high-entropy literals assigned to secret-like names, wherever they are used. Test files (`test_*.py`, `*_test.py`, `conftest.py`) are not reported.',
    why: 'A key in the code is in every clone, fork, notebook export and CI log of the project: anyone can decrypt the "encrypted" dataset or forge HMAC signatures and tokens. A fixed IV or nonce repeats across messages: with GCM or CTR that reveals the XOR of plaintexts and lets an attacker forge messages; with CBC it shows which messages start the same.',
    fix: 'Read keys from the environment or a secret manager (`os.environ["DATA_KEY"]`), generate them with `Fernet.generate_key()` / `AESGCM.generate_key(256)` / `secrets.token_bytes(32)`, and draw a new IV or nonce per message with `os.urandom(12)`, stored next to the ciphertext.',
    example: {
      bad: 'from cryptography.fernet import Fernet\nfernet = Fernet(b"kY3x0bXzOq5mH1s9N2QeX6l8p7T4r0vW1yZcA3dE5fG=")',
      good: 'import os\nfrom cryptography.fernet import Fernet\nfernet = Fernet(os.environ["DATA_KEY"])',
    },
    references: ['https://cwe.mitre.org/data/definitions/321.html', 'https://cwe.mitre.org/data/definitions/329.html', 'https://cryptography.io/en/latest/fernet/'],
  },
  calls: [...Object.keys(SINKS), '*.encrypt', '*.new'],
  onCall(call, context) {
    if (!documentMatches(context, MENTIONS_KEYS)) return;
    if (isTestFile(context.document.path)) return;
    const callee = call.callee ?? '';
    let sinks = SINKS[callee];
    if (!sinks && AEAD_ENCRYPT.test(callee)) sinks = [[0, 'nonce', 'iv']];
    if (!sinks && PYCRYPTODOME_NEW.test(callee))
      sinks = [
        [0, 'key', 'key'],
        [2, 'iv', 'iv'],
        [undefined, 'IV', 'iv'],
        [undefined, 'nonce', 'iv'],
      ];
    if (!sinks && PYCRYPTODOME_HMAC.test(callee)) sinks = [[0, 'key', 'key']];
    if (!sinks) return;
    for (const [position, keyword, role] of sinks) {
      const argument = call.argument(position, keyword);
      if (!argument || !isLiteralBytes(argument, context)) continue;
      context.report({
        node: argument,
        message:
          role === 'key'
            ? 'This key is written in the code, so everyone who can read the repository or notebook can decrypt or forge the data. Load it from the environment or a secret manager.'
            : 'This IV / nonce is fixed in the code, so it repeats for every message: with GCM or CTR that exposes plaintext and allows forgeries. Draw a new one per message with os.urandom and store it with the ciphertext.',
      });
    }
  },
});

function isTestFile(file: string): boolean {
  const base = path.basename(file);
  return /^test_.*\.py$|_test\.py$|^conftest\.py$/.test(base);
}

const LITERAL_WRAPPERS = /^(bytes\.fromhex|bytearray\.fromhex|binascii\.unhexlify|binascii\.a2b_hex|base64\.b64decode|base64\.urlsafe_b64decode|base64\.b32decode|codecs\.decode|bytes|bytearray|str)$/;

/** Whether `node` is key material fixed in the code: a literal, a constant, or a literal decoded or encoded. */
function isLiteralBytes(node: Node, context: RuleContext, depth = 0): boolean {
  if (depth > 6) return false;
  switch (node.type) {
    case 'string':
      return !stringParts(node).dynamic;
    case 'concatenated_string':
      return node.namedChildren.every((c) => c?.type !== 'string' || !stringParts(c).dynamic);
    case 'parenthesized_expression':
      return !!node.namedChild(0) && isLiteralBytes(node.namedChild(0)!, context, depth + 1);
    case 'binary_operator': {
      // b"\x00" * 16, "k" + "ey"
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      const operator = node.childForFieldName('operator')?.text;
      if (!left || !right) return false;
      if (operator === '*') return (isLiteralBytes(left, context, depth + 1) && right.type === 'integer') || (isLiteralBytes(right, context, depth + 1) && left.type === 'integer');
      if (operator === '+') return isLiteralBytes(left, context, depth + 1) && isLiteralBytes(right, context, depth + 1);
      return false;
    }
    case 'call': {
      const site = context.callSite(node);
      const callee = site.callee ?? '';
      if (site.method === 'encode' && site.receiver) return isLiteralBytes(site.receiver, context, depth + 1);
      if (LITERAL_WRAPPERS.test(callee)) {
        const first = site.positional[0];
        // bytes(16): sixteen zero bytes
        if (first?.type === 'integer') return callee === 'bytes' || callee === 'bytearray';
        return !!first && isLiteralBytes(first, context, depth + 1);
      }
      return false;
    }
    case 'identifier': {
      const binding = context.lookup(node);
      if (binding?.kind !== 'assign' || !binding.value) return false;
      if (context.bindings(node.text).filter((b) => b.scope === binding.scope && b.kind !== 'global').length !== 1) return false;
      return isLiteralBytes(binding.value, context, depth + 1);
    }
    default:
      return false;
  }
}
