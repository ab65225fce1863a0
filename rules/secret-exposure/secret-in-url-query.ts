import { defineRule, stringParts, type Node, type RuleContext } from '../../server/src/engine/api';
import { isPlaceholder, isSecretName } from '../../server/src/engine/secrets';
import { secretsReaching } from '../../server/src/engine/secrets/expressions';

/** Query parameter names that carry credentials (`key=` is how Google APIs take theirs; weak names need a secret value). */
const QUERY_NAMES = new Set(['key', 'apikey', 'api-key', 'api_key', 'access_token', 'token', 'auth', 'auth_token', 'password', 'passwd', 'pwd', 'secret', 'client_secret', 'private_token', 'sig']);

function isCredentialParameter(name: string): boolean {
  return QUERY_NAMES.has(name.toLowerCase()) || isSecretName(name);
}

const QUERY_PARAM = /[?&]([A-Za-z_][\w.-]{0,60})=/g;
const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request'];

export default defineRule({
  id: 'secret-in-url-query',
  category: 'secret-exposure',
  severity: 'warning',
  cwe: 598,
  message: 'A credential is sent in a URL query string: URLs are written to server and proxy logs, browser history and error messages. Send it in a header instead.',
  docs: {
    what: 'Finds URLs whose query string carries a credential (`?api_key=`, `&token=`, `?key=`, `access_token=`, `password=`): f-strings and concatenations that insert a value into such a parameter, literal values there, and `params={"api_key": ...}` passed to `requests`/`httpx` calls.',
    why: "Everything in a URL is logged: by the API provider's access logs, by corporate proxies, by `requests`' own debug logging, in exception messages (`HTTPError: 401 for url: https://...?api_key=...`) that end up in notebook tracebacks and job logs. A header is not.",
    fix: 'Send the credential in a header: `requests.get(url, headers={"Authorization": f"Bearer {token}"})` or the provider\'s header (`x-api-key`, `x-goog-api-key`). If the API only accepts a query parameter, keep the URL out of logs and error messages.',
    example: {
      bad: 'import os, requests\nkey = os.environ["MAPS_API_KEY"]\nr = requests.get(f"https://maps.example.com/geocode?address=x&key={key}")',
      good: 'import os, requests\nkey = os.environ["MAPS_API_KEY"]\nr = requests.get("https://maps.example.com/geocode", params={"address": "x"}, headers={"x-goog-api-key": key})',
    },
    references: ['https://cwe.mitre.org/data/definitions/598.html', 'https://owasp.org/www-community/vulnerabilities/Information_exposure_through_query_strings_in_url'],
  },
  nodes: { types: ['string'], keywords: ['key', 'apikey', 'api_key', 'access_token', 'token', 'auth_token', 'password', 'secret', 'client_secret', 'private_token', 'sig', 'passwd', 'pwd', 'auth'] },
  onNode(string, context) {
    const parts = stringParts(string);
    if (!/[?&]/.test(parts.text)) return;
    QUERY_PARAM.lastIndex = 0;
    for (let match = QUERY_PARAM.exec(parts.text); match; match = QUERY_PARAM.exec(parts.text)) {
      const name = match[1];
      if (!isCredentialParameter(name)) continue;
      const rest = parts.text.slice(match.index + match[0].length);
      const literal = /^[^&#\s{}]*/.exec(rest)?.[0] ?? '';
      if (rest.startsWith('{}')) {
        // an interpolated value: a credential by the parameter's own name, or (for `key=`, `token=`) by what the resolver knows of the value
        const index = parts.text.slice(0, match.index + match[0].length).split('{}').length - 1;
        const interpolation = string.namedChildren.filter((c): c is Node => c?.type === 'interpolation')[index];
        const expression = interpolation?.childForFieldName('expression') ?? interpolation?.namedChild(0);
        if (isSecretName(name) || (expression && (secretsReaching(expression, context).length > 0 || isSecretName(expression.text.split('.').pop() ?? '')))) {
          report(context, string, name);
          return;
        }
        continue;
      }
      if (rest === '' && continuesWithValue(string)) {
        report(context, string, name);
        return;
      }
      if (literal.length >= 8 && !isPlaceholder(literal) && !/^[A-Za-z]+$/.test(literal)) {
        report(context, string, name);
        return;
      }
    }
  },
  calls: HTTP_METHODS.map((m) => `*.${m}`),
  onCall(call, context) {
    const params = call.keyword('params');
    if (!params || params.type !== 'dictionary') return;
    for (const pair of params.namedChildren) {
      if (pair?.type !== 'pair') continue;
      const key = pair.childForFieldName('key');
      const value = pair.childForFieldName('value');
      if (key?.type !== 'string' || !value) continue;
      const name = stringParts(key).text;
      if (!isCredentialParameter(name)) continue;
      const literal = value.type === 'string' ? stringParts(value) : undefined;
      if (literal && !literal.dynamic && (literal.text.length < 8 || isPlaceholder(literal.text))) continue;
      if (!literal && value.type !== 'identifier' && value.type !== 'attribute' && secretsReaching(value, context).length === 0) continue;
      context.report({
        node: pair,
        message: `The credential \`${name}\` is sent as a URL query parameter (params=): it is logged with the URL by servers, proxies and error messages. Send it in a header instead.`,
      });
    }
  },
});

/** `"...?api_key=" + key`: the string ends the URL right before a value is appended. */
function continuesWithValue(string: Node): boolean {
  const parent = string.parent;
  return parent?.type === 'binary_operator' && parent.childForFieldName('operator')?.text === '+' && parent.childForFieldName('left')?.id === string.id;
}

function report(context: RuleContext, node: Node, name: string): void {
  context.report({
    node,
    message: `The credential \`${name}\` is put in a URL query string: URLs are logged by servers, proxies and error messages (tracebacks included). Send it in a header instead.`,
  });
}
