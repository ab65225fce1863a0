import { defineRule } from '../../server/src/engine/api';
import { programImports } from '../insecure-server-config/servers';

const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request', 'ws_connect'];

export default defineRule({
  id: 'aiohttp-ssl-disabled',
  category: 'insecure-transport',
  severity: 'error',
  cwe: 295,
  message: 'ssl=False turns off TLS certificate checks for these aiohttp requests, so anyone on the network can read or change the traffic (tokens, data, model outputs); remove it.',
  fixable: true,
  docs: {
    what: 'Finds aiohttp requests and connectors with certificate checks off: `ssl=False` or `verify_ssl=False` on `aiohttp.TCPConnector`, `aiohttp.request`, and the `get`/`post`/`request`/`ws_connect`... methods of an `aiohttp.ClientSession` (also sessions opened with `async with`).',
    why: 'Async clients are how batch inference and scraping pipelines call model APIs and download data at scale. With `ssl=False`, TLS no longer proves who answers: a proxy or a compromised network can read the API keys sent and change the responses.',
    fix: 'Remove `ssl=False` / `verify_ssl=False`. For a private certificate authority pass an SSL context: `ssl=ssl.create_default_context(cafile="/path/to/ca.pem")`.',
    example: {
      bad: 'import aiohttp\nconnector = aiohttp.TCPConnector(ssl=False)',
      good: 'import aiohttp\nconnector = aiohttp.TCPConnector()',
    },
    references: ['https://docs.aiohttp.org/en/stable/client_advanced.html#ssl-control-for-tcp-sockets'],
  },
  calls: ['aiohttp.TCPConnector', 'aiohttp.connector.TCPConnector', 'aiohttp.request', 'aiohttp.ClientSession', ...METHODS.map((m) => `*.${m}`)],
  onCall(call, context) {
    const argument = call.keywordArgument('ssl') ?? call.keywordArgument('verify_ssl');
    const value = argument?.childForFieldName('value');
    if (!argument || !value) return;
    const known = context.valueOf(value);
    if (known.kind !== 'bool' || known.value) return;
    const callee = call.callee ?? '';
    if (!callee.startsWith('aiohttp.')) {
      // a method on a receiver the resolver cannot follow (a parameter, self.session): only in aiohttp code
      if (!/(session|client)\w*$/i.test(call.receiver?.text ?? '')) return;
      if (!programImports(context, 'aiohttp')) return;
    }
    const name = argument.childForFieldName('name')?.text ?? 'ssl';
    context.report({
      node: argument,
      message: `${name}=False turns off TLS certificate checks for these aiohttp requests, so anyone on the network can read or change the traffic (tokens, data, model outputs); remove it.`,
      fixes: [{ title: `Remove ${name}=False`, safe: true, edits: context.edits.removeArgument(call, argument) }],
    });
  },
});
