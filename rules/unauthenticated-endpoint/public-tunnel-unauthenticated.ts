import { defineRule, type CallSite } from '../../server/src/engine/api';
import { COMMAND_CALLS, commandVectors, magicCommands, magicRange, optionValue } from '../insecure-server-config/commands';

/** Options of pyngrok's connect (ngrok v2 and v3 names) that put a login in front of the tunnel. */
const AUTH_OPTIONS = ['auth', 'basic_auth', 'oauth', 'oauth_provider', 'oidc', 'oidc_issuer_url', 'traffic_policy', 'policy', 'ip_restriction', 'ip_restriction_allow_cidrs', 'circuit_breaker'];

function hasAuthOption(call: CallSite): boolean {
  if (call.hasSplat) return true;
  if (AUTH_OPTIONS.some((name) => call.keyword(name))) return true;
  // options passed as a dict: ngrok.connect(8888, options={"auth": "user:pw"})
  const options = call.keyword('options');
  return !!options && /auth|oauth|oidc|policy/.test(options.text);
}

/** What a tunnel command line exposes without a login, if it does. */
function openTunnel(words: string[]): string | undefined {
  const start = words.findIndex((w) => !/^(sudo|nohup|\.\/|\w+=.*|-.*)$/.test(w));
  const program = (words[start] ?? '').replace(/^.*\//, '');
  const args = words.slice(start + 1);
  if (program === 'ngrok' && /^(http|tcp|tls)$/.test(args[0] ?? '')) {
    if (optionValue(args, ['--basic-auth', '--auth', '--oauth', '--oidc', '--traffic-policy-file', '--cidr-allow']).present) return undefined;
    return `ngrok ${args[0]} ${args[1] ?? ''}`.trim();
  }
  if ((program === 'lt' || program === 'localtunnel') && optionValue(args, ['--port', '-p']).present) return 'localtunnel';
  if (program === 'cloudflared' && args[0] === 'tunnel' && optionValue(args, ['--url']).present) return 'cloudflared tunnel --url';
  return undefined;
}

function tunnelMessage(tunnel: string): string {
  return `${tunnel} opens a public internet tunnel with no login in front of it: anyone who finds the URL reaches the server behind it; add --basic-auth/--oauth or authenticate the server.`;
}

export default defineRule({
  id: 'public-tunnel-unauthenticated',
  category: 'unauthenticated-endpoint',
  severity: 'warning',
  cwe: 306,
  message:
    'This opens a public internet tunnel to a local server with no login: anyone who finds the URL reaches the notebook, model or dashboard behind it; add basic_auth/OAuth to the tunnel or authentication to the server.',
  docs: {
    what: 'Finds public tunnels opened without a login in front of them: pyngrok `ngrok.connect(port)` without `basic_auth=` / `auth=` / `oauth_provider=` (or a traffic policy), flask-ngrok `run_with_ngrok(app)`, and the `ngrok http PORT`, `lt --port PORT` (localtunnel) and `cloudflared tunnel --url` commands in notebook shell escapes and subprocess calls.',
    why: "Tunnels are how Colab and Kaggle notebooks show a TensorBoard, a Flask model API, a Streamlit or Jupyter server to the outside. The tunnel URL is public: it gets shared, logged and scanned, and whatever listens behind it (TensorBoard has no login, a demo API rarely has one, a Jupyter server may run with its token off) is open to anyone who has it, with the notebook's data, models and credentials behind it.",
    fix: 'Put a login on the tunnel (`ngrok.connect(6006, basic_auth=["user:" + os.environ["TUNNEL_PASSWORD"]])`, `ngrok http 8888 --basic-auth "user:$TUNNEL_PASSWORD"`, or an OAuth provider), or authenticate the server itself (see `model-endpoint-unauthenticated`). Close the tunnel when you are done (`ngrok.kill()`).',
    example: {
      bad: 'from pyngrok import ngrok\npublic_url = ngrok.connect(6006)',
      good: 'import os\nfrom pyngrok import ngrok\npublic_url = ngrok.connect(6006, basic_auth=["ml:" + os.environ["TUNNEL_PASSWORD"]])',
    },
    references: ['https://pyngrok.readthedocs.io/en/latest/', 'https://ngrok.com/docs/http/basic-auth/', 'https://cwe.mitre.org/data/definitions/306.html'],
  },
  calls: ['pyngrok.ngrok.connect', 'flask_ngrok.run_with_ngrok', ...COMMAND_CALLS],
  onCall(call, context) {
    if (call.callee !== 'pyngrok.ngrok.connect' && call.callee !== 'flask_ngrok.run_with_ngrok') {
      for (const words of commandVectors(call, context)) {
        const tunnel = openTunnel(words);
        if (tunnel) context.report({ node: call.node, message: tunnelMessage(tunnel) });
      }
      return;
    }
    if (call.callee === 'flask_ngrok.run_with_ngrok') {
      context.report({
        node: call.node,
        message:
          'run_with_ngrok publishes this Flask app at a public ngrok URL with no login: anyone with the URL can call every route; add authentication to the routes or use an ngrok tunnel with basic_auth.',
      });
      return;
    }
    if (hasAuthOption(call)) return;
    context.report({ node: call.node });
  },
  textKinds: ['notebook'],
  onText(unit, context) {
    for (const magic of unit.magics) {
      for (const words of magicCommands(magic)) {
        const tunnel = openTunnel(words);
        if (tunnel) context.report({ range: magicRange(unit, magic), message: tunnelMessage(tunnel) });
      }
    }
  },
});
