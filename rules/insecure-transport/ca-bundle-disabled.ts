import { defineRule, specRequiresAtLeast, type Fix, type RuleContext, type Severity, type Value } from '../../server/src/engine/api';
import { environAssignment, removeStatement, statementOf } from '../lib/statements';

/**
 * Environment variables set to turn certificate checks off: requests before 2.28 reads an empty
 * `CURL_CA_BUNDLE` as `verify=False` (psf/requests#6071), which is why the "fix" spread;
 * `REQUESTS_CA_BUNDLE=""` is set beside it with the same intent; `PYTHONHTTPSVERIFY=0` turns the
 * checks off for the standard library (PEP 493) in the processes started with it.
 */
const DISABLING: Record<string, (value: string) => boolean> = {
  CURL_CA_BUNDLE: (value) => value.trim() === '',
  REQUESTS_CA_BUNDLE: (value) => value.trim() === '',
  PYTHONHTTPSVERIFY: (value) => value.trim() === '0',
};

function disables(name: Value | undefined, value: Value | undefined): string | undefined {
  if (name?.kind !== 'string' || value?.kind !== 'string') return undefined;
  const check = DISABLING[name.value];
  return check && check(value.value) ? name.value : undefined;
}

/** Message and severity: an empty bundle only disables checks with requests < 2.28. */
function verdict(name: string, context: RuleContext): { message: string; severity?: Severity } {
  if (name === 'PYTHONHTTPSVERIFY') return { message: "PYTHONHTTPSVERIFY=0 turns off certificate checks for Python's https downloads in the processes started with it; remove it." };
  if (specRequiresAtLeast(context.project.requirement('requests'), '2.28'))
    return {
      severity: 'info',
      message: `An empty ${name} is meant to turn certificate checks off; this project pins requests >= 2.28, which ignores it, but older installs and other tools may not; remove it.`,
    };
  if (name === 'REQUESTS_CA_BUNDLE')
    return {
      severity: 'warning',
      message:
        'An empty REQUESTS_CA_BUNDLE is meant to turn certificate checks off (with an empty CURL_CA_BUNDLE, requests before 2.28 skips them); remove it and fix the certificate problem instead.',
    };
  return {
    message:
      'An empty CURL_CA_BUNDLE makes requests before 2.28 (and the Hugging Face, W&B and MLflow clients on it) skip certificate checks, so anyone on the network can serve his own model or data or read your tokens; remove it.',
  };
}

export default defineRule({
  id: 'ca-bundle-disabled',
  category: 'insecure-transport',
  severity: 'error',
  cwe: 295,
  message: 'An empty CURL_CA_BUNDLE / REQUESTS_CA_BUNDLE (or PYTHONHTTPSVERIFY=0) is set to turn certificate checks off for every download; remove it.',
  fixable: true,
  docs: {
    what: 'Finds `CURL_CA_BUNDLE` or `REQUESTS_CA_BUNDLE` set to an empty string, and `PYTHONHTTPSVERIFY` set to `0`: through `os.environ[...] =`, `os.environ.update`, `os.environ.setdefault`, `os.putenv`, and the notebook magics `%env NAME=` and `%set_env`.',
    why: 'An empty CA bundle is a widely shared "fix" for SSL errors when downloading from the Hugging Face Hub behind a proxy: requests before 2.28 reads an empty `CURL_CA_BUNDLE` as `verify=False`, and the line stays in notebooks long after. Every model, tokenizer and dataset the process downloads, and every token it sends, then travels over a connection anyone in between can intercept; a swapped pickle-based checkpoint runs code when loaded.',
    fix: "Remove the assignment. Behind a corporate proxy, point `REQUESTS_CA_BUNDLE` at the proxy's CA certificate file instead (for example `/etc/ssl/certs/ca-certificates.crt` after installing it), which keeps the checks on.",
    example: {
      bad: 'import os\nos.environ["CURL_CA_BUNDLE"] = ""',
      good: 'import os\nos.environ["REQUESTS_CA_BUNDLE"] = "/etc/ssl/certs/corporate-ca.pem"',
    },
    references: ['https://requests.readthedocs.io/en/latest/user/advanced/#ssl-cert-verification', 'https://peps.python.org/pep-0493/'],
  },
  calls: ['os.environ.update', 'os.environ.setdefault', 'os.putenv'],
  onCall(call, context) {
    if (call.callee === 'os.environ.update') {
      // os.environ.update({"CURL_CA_BUNDLE": ""}) or os.environ.update(CURL_CA_BUNDLE="")
      for (const argument of call.node.childForFieldName('arguments')?.namedChildren ?? []) {
        if (argument?.type === 'keyword_argument') {
          const name = argument.childForFieldName('name')?.text;
          const value = argument.childForFieldName('value');
          const found = name && value ? disables({ kind: 'string', value: name, node: argument }, context.valueOf(value)) : undefined;
          if (found) {
            const statement =
              call.positional.length === 0 && call.node.childForFieldName('arguments')?.namedChildren.filter((c) => c && c.type !== 'comment').length === 1 ? statementOf(call.node) : undefined;
            const edits = statement ? removeStatement(statement, context) : context.edits.removeArgument(call, argument);
            context.report({ node: argument, ...verdict(found, context), fixes: edits ? [{ title: `Remove the empty ${found}`, safe: true, edits }] : [] });
          }
        } else if (argument?.type === 'dictionary') {
          for (const pair of argument.namedChildren) {
            const key = pair?.childForFieldName('key');
            const value = pair?.childForFieldName('value');
            const found = key && value ? disables(context.valueOf(key), context.valueOf(value)) : undefined;
            if (found && pair) context.report({ node: pair, ...verdict(found, context) });
          }
        }
      }
      return;
    }
    const found = disables(call.argumentValue(0, 'key'), call.argumentValue(1, call.callee === 'os.putenv' ? 'value' : 'default'));
    if (!found) return;
    const statement = statementOf(call.node);
    const edits = statement ? removeStatement(statement, context) : undefined;
    context.report({ node: call.node, ...verdict(found, context), fixes: edits ? [{ title: `Remove the empty ${found}`, safe: true, edits }] : [] });
  },
  nodes: { types: ['assignment'], keywords: Object.keys(DISABLING) },
  onNode(node, context) {
    const assignment = environAssignment(node, context);
    if (!assignment) return;
    const found = disables({ kind: 'string', value: assignment.name, node }, context.valueOf(assignment.value));
    if (!found) return;
    const statement = statementOf(node);
    const edits = statement ? removeStatement(statement, context) : undefined;
    context.report({ node, ...verdict(found, context), fixes: edits ? [{ title: `Remove the empty ${found}`, safe: true, edits }] : [] });
  },
  textKinds: ['notebook'],
  onText(unit, context) {
    for (const magic of unit.magics) {
      if (magic.prefix !== '%' || (magic.name !== 'env' && magic.name !== 'set_env')) continue;
      const match = /^([A-Z_][A-Z0-9_]*)(?:\s*=\s*|\s+|$)(.*)$/.exec(magic.args.trim());
      if (!match || !DISABLING[match[1]]) continue;
      const raw = match[2].trim().replace(/^(['"])(.*)\1$/, '$2');
      // `%env NAME` alone prints the variable; only an assignment sets it
      const assigns = magic.args.includes('=') || magic.name === 'set_env';
      if (!assigns || !DISABLING[match[1]](raw)) continue;
      const lineStart = unit.text.lastIndexOf('\n', magic.startOffset - 1) + 1;
      const lineEnd = unit.text.indexOf('\n', magic.endOffset);
      const fixes: Fix[] = [{ title: `Remove the empty ${match[1]}`, safe: true, edits: [context.edits.replaceRange(lineStart, lineEnd === -1 ? unit.text.length : lineEnd + 1, '')] }];
      context.report({ range: unit.lines.rangeOf(magic.startOffset, magic.endOffset), ...verdict(match[1], context), fixes });
    }
  },
});
