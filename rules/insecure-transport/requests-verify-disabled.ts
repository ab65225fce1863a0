import { defineRule } from '../../server/src/engine/api';
import { removeStatement, statementOf } from '../lib/statements';
import { isLocalHost, urlOf } from './urls';

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request', 'stream', 'send'];

export default defineRule({
  id: 'requests-verify-disabled',
  category: 'insecure-transport',
  severity: 'error',
  cwe: 295,
  message: 'verify=False turns off TLS certificate checks, so anyone on the network can read or change this traffic (tokens, data, models); remove it.',
  fixable: true,
  docs: {
    what: 'Finds HTTP calls and clients created with `verify=False`: `requests` (functions and sessions), `httpx` (functions, `Client`, `AsyncClient`, transports), any `.get/.post/...` method given `verify=False`, and `session.verify = False` on a `requests` session (the usual way to turn checks off for every request of a session, for example in a Hugging Face `configure_http_backend` factory). A request to a local host (`https://localhost:8443`, a compose service) is information only.',
    why: 'Without certificate verification, TLS no longer proves who is on the other end. A proxy, a hotel Wi-Fi or a compromised router can impersonate the API, steal the bearer token you send, or swap the model or dataset you download.',
    fix: 'Remove `verify=False`. For a private certificate authority, pass its bundle instead: `verify="/path/to/ca.pem"` (or set `REQUESTS_CA_BUNDLE`).',
    example: { bad: 'import requests\nr = requests.get(url, verify=False)', good: 'import requests\nr = requests.get(url)' },
    references: ['https://requests.readthedocs.io/en/latest/user/advanced/#ssl-cert-verification', 'https://www.python-httpx.org/advanced/ssl/'],
  },
  calls: [
    ...HTTP_METHODS.map((m) => `*.${m}`),
    'requests.Session',
    'requests.session',
    'httpx.Client',
    'httpx.AsyncClient',
    'httpx.HTTPTransport',
    'httpx.AsyncHTTPTransport',
    'requests.request',
    'httpx.request',
    'httpx.stream',
  ],
  onCall(call, context) {
    const verify = call.keyword('verify');
    if (!verify) return;
    const value = context.valueOf(verify);
    if (value.kind !== 'bool' || value.value) return;
    const argument = call.keywordArgument('verify');
    // a self-signed development server on this machine: nobody sits between the two ends
    const urlNode = call.argument(call.method === 'request' || call.method === 'stream' ? 1 : 0, 'url');
    const url = urlNode ? urlOf(urlNode, context) : undefined;
    const local = url?.host !== undefined && isLocalHost(url.host);
    context.report({
      node: argument ?? call.node,
      severity: local ? 'info' : undefined,
      message: local
        ? `verify=False on a request to ${url?.host}: harmless while the server is local, but the line tends to be copied to remote URLs; pass the local CA instead (verify="dev-ca.pem").`
        : undefined,
      fixes: argument ? [{ title: 'Remove verify=False', safe: true, edits: context.edits.removeArgument(call, argument) }] : [],
    });
  },
  nodes: { types: ['assignment'], keywords: ['verify'] },
  onNode(node, context) {
    // session.verify = False
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (left?.type !== 'attribute' || left.childForFieldName('attribute')?.text !== 'verify' || !right) return;
    const value = context.valueOf(right);
    if (value.kind !== 'bool' || value.value) return;
    const receiver = left.childForFieldName('object');
    if (!receiver) return;
    const qualified = context.qualifiedName(receiver);
    const isSession = /^(requests|httpx)\./.test(qualified ?? '') || /session/i.test(receiver.text);
    if (!isSession) return;
    const statement = statementOf(node);
    const edits = statement ? removeStatement(statement, context) : undefined;
    context.report({
      node,
      message: 'session.verify = False turns off TLS certificate checks for every request of this session, so anyone on the network can read or change the traffic (tokens, data, models); remove it.',
      fixes: edits ? [{ title: 'Remove session.verify = False', safe: true, edits }] : [],
    });
  },
});
