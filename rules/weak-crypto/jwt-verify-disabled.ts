import { defineRule, truthiness, type Value } from '../../server/src/engine/api';

export default defineRule({
  id: 'jwt-verify-disabled',
  category: 'weak-crypto',
  severity: 'error',
  cwe: 347,
  message: 'This JWT is decoded without checking its signature, so anyone can forge its claims (user, roles, expiry); verify it with the key and a fixed list of algorithms.',
  docs: {
    what: 'Finds `jwt.decode` (PyJWT, python-jose) with `verify=False`, `options={"verify_signature": False}`, or `"none"` among the accepted algorithms; and, as a warning, `options={"verify_exp": False}`.',
    why: 'A JWT is only as trustworthy as its signature check. Without it, a client edits the payload (`"role": "admin"`, another user id, a later expiry) and the service believes it. Accepting `alg: none` is the same: the token needs no signature at all. Model-serving and data APIs that authorise by token hand out predictions and data to whoever forges one.',
    fix: 'Decode with the verification key and the algorithms you issue: `jwt.decode(token, key, algorithms=["RS256"])`. To read claims before choosing a key (a `kid`), use `jwt.get_unverified_header(token)` and then verify.',
    example: {
      bad: 'import jwt\nclaims = jwt.decode(token, options={"verify_signature": False})',
      good: 'import jwt\nclaims = jwt.decode(token, public_key, algorithms=["RS256"])',
    },
    references: ['https://pyjwt.readthedocs.io/en/stable/api.html#jwt.decode', 'https://cwe.mitre.org/data/definitions/347.html'],
  },
  calls: ['jwt.decode', 'jose.jwt.decode', 'jwt.api_jwt.decode', 'jwt.PyJWT().decode', 'jwt.api_jws.decode'],
  onCall(call, context) {
    if (call.flag('verify') === 'false') {
      context.report({
        node: call.keywordArgument('verify') ?? call.node,
        message: 'verify=False decodes the JWT without checking its signature, so anyone can forge its claims; pass the key and algorithms=[...] instead.',
      });
      return;
    }
    const options = call.keyword('options');
    const value = options ? context.valueOf(options) : undefined;
    if (value?.kind === 'dict') {
      const entry = (name: string) => value.entries.find((e) => e.key.kind === 'string' && e.key.value === name)?.value;
      const signature = entry('verify_signature');
      if (signature && truthiness(signature) === 'false') {
        context.report({ node: options!, message: undefined });
        return;
      }
      const expiry = entry('verify_exp');
      if (expiry && truthiness(expiry) === 'false')
        context.report({
          node: options!,
          severity: 'warning',
          message: 'verify_exp=False accepts expired JWTs forever, so a leaked token never stops working; keep expiry checks on (use leeway= for clock skew).',
        });
    }
    const algorithms = call.keyword('algorithms');
    const listed = algorithms ? context.valueOf(algorithms) : undefined;
    const names = listed?.kind === 'sequence' ? listed.items : listed ? [listed] : [];
    if (names.some((n: Value) => n.kind === 'string' && n.value.toLowerCase() === 'none'))
      context.report({ node: algorithms!, message: 'Accepting the "none" algorithm lets a token with no signature through, so anyone can forge its claims; list only the algorithms you sign with.' });
  },
});
