import { defineRule, type CallSite, type Node, type RuleContext } from '../../server/src/engine/api';
import { describeData, firstPersonal, isTestFile } from './personal-data';

const VERBS = ['post', 'put', 'patch', 'request'];
const HTTP_CLIENTS = ['requests', 'requests.Session()', 'requests.session()', 'httpx', 'httpx.Client()', 'httpx.AsyncClient()', 'aiohttp.ClientSession()'];
const HTTP_CALLS = HTTP_CLIENTS.flatMap((client) => VERBS.map((verb) => `${client}.${verb}`));
const OPENAI_CLIENTS = ['openai.OpenAI()', 'openai.AsyncOpenAI()', 'openai.AzureOpenAI()', 'openai.AsyncAzureOpenAI()'];
/** LLM APIs: the call and the arguments that carry the prompt. */
const LLM_CALLS: [string, string[]][] = [
  ...OPENAI_CLIENTS.flatMap((client): [string, string[]][] => [
    [`${client}.chat.completions.create`, ['messages']],
    [`${client}.completions.create`, ['prompt']],
    [`${client}.responses.create`, ['input', 'instructions']],
    [`${client}.embeddings.create`, ['input']],
  ]),
  ['openai.ChatCompletion.create', ['messages']],
  ['openai.Completion.create', ['prompt']],
  ['anthropic.Anthropic().messages.create', ['messages', 'system']],
  ['anthropic.AsyncAnthropic().messages.create', ['messages', 'system']],
  ['google.generativeai.GenerativeModel().generate_content', ['contents']],
];
const LLM_ARGUMENTS = new Map(LLM_CALLS);

/** Hosts that are this machine or a private network: sending there is not sending data out. */
export function isLocalHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h === '::1' || h === '0.0.0.0' || h.startsWith('127.') || h.startsWith('10.') || h.startsWith('192.168.')) return true;
  if (/^172\.(1[6-9]|2\d|3[01])\./.test(h)) return true;
  if (/\.(local|localhost|internal|svc|lan|intranet|corp)$/.test(h)) return true;
  return !h.includes('.'); // a bare service name (`http://scoring-api:8000`) is inside the deployment
}

export function isAllowedHost(host: string, allowed: readonly string[]): boolean {
  const h = host.toLowerCase();
  return allowed.some((entry) => {
    const e = entry.toLowerCase().replace(/^\*\./, '');
    return h === e || h.endsWith(`.${e}`);
  });
}

function hostOf(url: Node | undefined, context: RuleContext): string | undefined {
  if (!url) return undefined;
  const value = context.valueOf(url);
  const text = value.kind === 'string' ? value.value : value.kind === 'template' ? value.staticText : undefined;
  return text ? /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/]*@)?(\[[^\]]+\]|[^/:?#{}]+)/i.exec(text)?.[1] : undefined;
}

/** The `base_url` of the client an LLM call is made on (`client = OpenAI(base_url=...)`), when the code says. */
function clientBaseUrl(call: CallSite, context: RuleContext): { given: boolean; host?: string } {
  let root = call.receiver;
  while (root && root.type === 'attribute') root = root.childForFieldName('object') ?? undefined;
  if (root?.type === 'call') return baseUrlOf(root, context);
  if (root?.type !== 'identifier') return { given: false };
  const binding = context.lookup(root);
  return binding?.value?.type === 'call' ? baseUrlOf(binding.value, context) : { given: false };
}

function baseUrlOf(construction: Node, context: RuleContext): { given: boolean; host?: string } {
  const site = context.callSite(construction);
  const url = site.keyword('base_url') ?? site.keyword('azure_endpoint') ?? site.keyword('api_base');
  return { given: !!url || site.hasSplat, host: hostOf(url, context) };
}

export default defineRule({
  id: 'pii-sent-over-network',
  category: 'pii-exposure',
  severity: 'warning',
  cwe: 359,
  message: 'This sends personal data to an outside service; send only the fields it needs, masked or pseudonymised, or add the host to allowed-hosts if it is yours.',
  docs: {
    what: 'Finds records of personal data (tables, rows, columns traced to data with columns named like personal data) sent to another organisation: in the body of `requests` / `httpx` / `aiohttp` `post`, `put`, `patch` to a host that is not local, private or listed in `allowed-hosts`, and in prompts sent to hosted LLM APIs (OpenAI, Azure OpenAI, Anthropic, Gemini) unless the client points at a local or allowed `base_url`. Requests to a URL the code does not spell out are not reported. See [personal data](../personal-data.md).',
    why: 'Sending customer records to a third-party API (a labelling service, an enrichment API, an LLM) hands them to another company: it may keep them, train on them or leak them, and the transfer usually needs a contract and a legal basis. Pasting a DataFrame with names and emails into a prompt is the most common way personal data leaves an ML team today.',
    fix: 'Send only the fields the service needs; drop names, emails and phone numbers, or replace them with a keyed hash or placeholders before the call. If the host is your own service, list it under `allowed-hosts` in `[tool.secure-ml]`.',
    example: {
      bad: 'import pandas as pd\nimport requests\ntickets = pd.read_csv("tickets.csv", usecols=["email", "text"])\nrequests.post("https://api.labeling.example.com/v1/jobs", json=tickets.to_dict("records"))',
      good: 'import pandas as pd\nimport requests\ntickets = pd.read_csv("tickets.csv", usecols=["email", "text"])\nrequests.post("https://api.labeling.example.com/v1/jobs", json=tickets[["text"]].to_dict("records"))',
    },
    references: ['https://cwe.mitre.org/data/definitions/359.html', 'https://owasp.org/www-project-top-10-for-large-language-model-applications/'],
  },
  calls: [...HTTP_CALLS, ...LLM_CALLS.map(([callee]) => callee)],
  onCall(call, context) {
    if (isTestFile(context.document.path)) return;
    const callee = call.callee ?? '';
    const llmArguments = LLM_ARGUMENTS.get(callee);
    let destination: string;
    let values: (Node | undefined)[];
    if (llmArguments) {
      const base = clientBaseUrl(call, context);
      if (base.given && (!base.host || isLocalHost(base.host) || isAllowedHost(base.host, context.options.allowedHosts))) return;
      destination = base.host ?? `the ${callee.split('.')[0]} API`;
      values = [...llmArguments.map((name) => call.keyword(name)), ...(callee.includes('generate_content') ? [call.positional[0]] : [])];
    } else {
      const host = hostOf(call.method === 'request' ? call.argument(1, 'url') : call.argument(0, 'url'), context);
      if (!host || isLocalHost(host) || isAllowedHost(host, context.options.allowedHosts)) return;
      destination = host;
      values = ['json', 'data', 'files', 'params'].map((name) => call.keyword(name));
    }
    const found = firstPersonal(values, context);
    if (!found || found.data.evidence !== 'data') return;
    context.report({
      node: call.node,
      message: `This sends ${describeData(found.data)} to ${destination}; send only the fields it needs, masked or pseudonymised, or list the host in allowed-hosts if it is yours.`,
    });
  },
});
