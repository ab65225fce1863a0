import { defineRule, type Node, type RuleContext } from '../../server/src/engine/api';
import { removeStatement, statementOf } from '../lib/statements';

/** Warning classes urllib3 raises about requests without certificate checks (and their bases). */
const TLS_WARNINGS = /(^|\.)(InsecureRequestWarning|HTTPWarning|SecurityWarning)$/;

function isTlsWarning(node: Node | undefined, context: RuleContext): boolean {
  if (!node) return false;
  const value = context.valueOf(node);
  const name = value.kind === 'name' ? value.qualified : (context.qualifiedName(node) ?? node.text);
  return TLS_WARNINGS.test(name);
}

export default defineRule({
  id: 'tls-warnings-disabled',
  category: 'insecure-transport',
  severity: 'warning',
  cwe: 295,
  message: 'This silences the warning urllib3 prints for every request made without certificate checks, so insecure connections go unnoticed; fix the verification instead.',
  fixable: true,
  docs: {
    what: 'Finds `urllib3.disable_warnings()` (also through `requests.packages.urllib3`) with no category or with `InsecureRequestWarning`, and `warnings.filterwarnings("ignore", category=InsecureRequestWarning)` / `warnings.simplefilter("ignore", InsecureRequestWarning)`.',
    why: 'urllib3 (under requests, and so under the Hugging Face, W&B and many other clients) warns on every https request made with `verify=False`. Silencing the warning is how an unverified connection, often added "temporarily", ends up in the pipeline for good: nobody sees it in the logs any more. It is usually next to a `verify=False` that must go too.',
    fix: "Remove the call and fix the certificate problem it hides: drop `verify=False`, or point `verify=` / `REQUESTS_CA_BUNDLE` at your organisation's CA bundle.",
    example: {
      bad: 'import urllib3\nurllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)',
      good: 'import requests\nresponse = requests.get(url, verify="/etc/ssl/certs/corp-ca.pem")',
    },
    references: ['https://urllib3.readthedocs.io/en/stable/advanced-usage.html#tls-warnings'],
  },
  calls: ['urllib3.disable_warnings', 'requests.packages.urllib3.disable_warnings', 'warnings.filterwarnings', 'warnings.simplefilter'],
  onCall(call, context) {
    if (call.callee === 'warnings.filterwarnings' || call.callee === 'warnings.simplefilter') {
      const action = call.argumentValue(0, 'action');
      if (action?.kind !== 'string' || action.value !== 'ignore') return;
      const category = call.callee === 'warnings.simplefilter' ? call.argument(1, 'category') : call.argument(2, 'category');
      const message = call.callee === 'warnings.filterwarnings' ? call.argumentValue(1, 'message') : undefined;
      const hidesTls = isTlsWarning(category, context) || (message?.kind === 'string' && /unverified https/i.test(message.value));
      if (!hidesTls) return;
    } else {
      const category = call.argument(0, 'category');
      if (category && !isTlsWarning(category, context)) return;
    }
    const statement = statementOf(call.node);
    const edits = statement ? removeStatement(statement, context) : undefined;
    context.report({ node: call.node, fixes: edits ? [{ title: 'Remove the call that hides certificate warnings', safe: true, edits }] : [] });
  },
});
