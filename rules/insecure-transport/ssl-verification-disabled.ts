import { defineRule, type Fix, type Node, type RuleContext } from '../../server/src/engine/api';
import { removeStatement, statementOf } from '../lib/statements';

const UNVERIFIED_FACTORIES = ['ssl._create_unverified_context', 'ssl._create_stdlib_context'];
/** Arguments of `_create_unverified_context` that `create_default_context` also takes. */
const PORTABLE_ARGUMENTS = new Set(['cafile', 'capath', 'cadata', 'purpose']);

function isCertNone(node: Node, context: RuleContext): boolean {
  const value = context.valueOf(node);
  if (value.kind === 'name') return value.qualified === 'ssl.CERT_NONE' || value.qualified === 'ssl.VerifyMode.CERT_NONE';
  // urllib3 takes the name as a string: cert_reqs="CERT_NONE" or "NONE"
  return value.kind === 'string' && /^(CERT_)?NONE$/i.test(value.value);
}

export default defineRule({
  id: 'ssl-verification-disabled',
  category: 'insecure-transport',
  severity: 'error',
  cwe: 295,
  message: 'This SSL context does not check certificates, so any server (or anyone in between) can pose as the one you connect to; use ssl.create_default_context().',
  fixable: true,
  docs: {
    what: 'Finds TLS set up without certificate checks through the `ssl` module and urllib3: `ssl._create_unverified_context()` (and `_create_stdlib_context`), the global switch `ssl._create_default_https_context = ssl._create_unverified_context` (a common copy-paste to make `urlopen` or dataset downloads "work"), `context.verify_mode = ssl.CERT_NONE`, `context.check_hostname = False`, and `cert_reqs=ssl.CERT_NONE` / `cert_reqs="CERT_NONE"` (urllib3 `PoolManager`, `ssl.wrap_socket`).',
    why: 'Certificate checks are what make TLS authenticate the server. Without them the connection is still encrypted, but to whoever answers: a man in the middle can read the credentials sent, and replace the model, dataset or pickle you download with his own. The global switch turns the checks off for every `urllib` download in the process, including those made by libraries (torchvision, Keras, NLTK downloads).',
    fix: 'Use `ssl.create_default_context()` (pass `cafile=` for a private certificate authority). Remove the `_create_default_https_context` override. For a certificate error on macOS, install the certificates (`Install Certificates.command`) or pass `cafile=certifi.where()` instead of turning checks off.',
    example: {
      bad: 'import ssl\nimport urllib.request\nctx = ssl._create_unverified_context()\nurllib.request.urlopen(url, context=ctx)',
      good: 'import ssl\nimport urllib.request\nctx = ssl.create_default_context()\nurllib.request.urlopen(url, context=ctx)',
    },
    references: ['https://docs.python.org/3/library/ssl.html#security-considerations', 'https://peps.python.org/pep-0476/', 'https://cwe.mitre.org/data/definitions/295.html'],
  },
  calls: UNVERIFIED_FACTORIES,
  onCall(call, context) {
    const fixes: Fix[] = [];
    const args = call.node.childForFieldName('arguments')?.namedChildren.filter((c) => c && c.type !== 'comment') ?? [];
    const portable = !call.hasSplat && args.every((a) => a?.type === 'keyword_argument' && PORTABLE_ARGUMENTS.has(a.childForFieldName('name')?.text ?? ''));
    if (portable) {
      const ssl = context.edits.ensureImport('ssl');
      fixes.push({ title: 'Use ssl.create_default_context()', safe: true, edits: [...ssl.edits, context.edits.replace(call.function, `${ssl.reference}.create_default_context`)] });
    }
    context.report({
      node: call.node,
      message: `${call.callee ?? 'ssl._create_unverified_context'}() makes a context that accepts any certificate, so anyone in between can pose as the server; use ssl.create_default_context().`,
      fixes,
    });
  },
  nodes: { types: ['assignment', 'keyword_argument'], keywords: ['_create_default_https_context', 'check_hostname', 'verify_mode', 'cert_reqs'] },
  onNode(node, context) {
    if (node.type === 'keyword_argument') {
      const name = node.childForFieldName('name')?.text;
      const value = node.childForFieldName('value');
      if (!value || (name !== 'cert_reqs' && name !== 'verify_mode') || !isCertNone(value, context)) return;
      const replacement = value.type === 'string' ? `${value.text[0]}CERT_REQUIRED${value.text[0]}` : `${context.edits.ensureImport('ssl').reference}.CERT_REQUIRED`;
      const imports = value.type === 'string' ? [] : context.edits.ensureImport('ssl').edits;
      context.report({
        node,
        message: `${name}=CERT_NONE makes this connection accept any certificate, so anyone in between can pose as the server; require certificates (CERT_REQUIRED).`,
        fixes: [{ title: 'Require certificates (CERT_REQUIRED)', safe: true, edits: [...imports, context.edits.replace(value, replacement)] }],
      });
      return;
    }
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (left?.type !== 'attribute' || !right) return;
    const attribute = left.childForFieldName('attribute')?.text;
    if (attribute === '_create_default_https_context') {
      // ssl._create_default_https_context = ssl._create_unverified_context
      const target = context.qualifiedName(left);
      const value = context.qualifiedName(right);
      if (target !== 'ssl._create_default_https_context' || !value || !UNVERIFIED_FACTORIES.includes(value)) return;
      const statement = statementOf(node);
      const edits = statement ? removeStatement(statement, context) : undefined;
      context.report({
        node,
        message:
          "This turns off certificate checks for every https download made with urllib in the process (yours and your libraries'), so anyone in between can serve his own model or data; remove it.",
        fixes: edits ? [{ title: 'Remove the override (keep certificate checks on)', safe: true, edits }] : [],
      });
      return;
    }
    if (attribute === 'verify_mode' && isCertNone(right, context)) {
      const ssl = context.edits.ensureImport('ssl');
      context.report({
        node,
        message: 'verify_mode = CERT_NONE makes this context accept any certificate, so anyone in between can pose as the server; use CERT_REQUIRED (the default of ssl.create_default_context()).',
        fixes: [{ title: 'Require certificates (CERT_REQUIRED)', safe: true, edits: [...ssl.edits, context.edits.replace(right, `${ssl.reference}.CERT_REQUIRED`)] }],
      });
      return;
    }
    if (attribute === 'check_hostname') {
      const value = context.valueOf(right);
      if (value.kind !== 'bool' || value.value) return;
      context.report({
        node,
        severity: 'warning',
        message: 'check_hostname = False accepts a valid certificate for any other site, so anyone with a certificate of his own can pose as the server; keep hostname checks on.',
        fixes: [{ title: 'Keep hostname checks on', safe: false, edits: [context.edits.replace(right, 'True')] }],
      });
    }
  },
});
