import { defineRule, type CallSite, type Fix, type Node, type RuleContext, type SourceUnit } from '../../server/src/engine/api';
import { COMMAND_CALLS, commandVectors, magicCommands } from '../insecure-server-config/commands';
import { programImports } from '../insecure-server-config/servers';
import { environAssignment } from '../lib/statements';
import { isAllowedHost, isLocalHost, mayHavePlainUrl, urlOf, type UrlInfo } from './urls';

/** Where a call takes its URL: positional index and/or keyword names. */
interface UrlSink {
  position?: number;
  keywords: string[];
  /** What travels over the connection, for the message. */
  what: string;
}

const HTTP_VERBS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'];
const API = 'API requests and their credentials';
const DATA = 'the data';
const MODEL = 'the model files';
const TRACKING = 'experiment data and tracking credentials';
const STORAGE = 'stored objects and storage credentials';
/** A GET without credentials or a body: what crosses the network is the downloaded content. */
const DOWNLOAD = 'the downloaded content';
const LLM = 'prompts, completions and the API key';

const SINKS = new Map<string, UrlSink>();
function sink(names: string[], position: number | undefined, keywords: string[], what: string): void {
  for (const name of names) SINKS.set(name, { position, keywords, what });
}
for (const client of ['requests', 'requests.Session()', 'requests.session()', 'httpx', 'httpx.Client()', 'httpx.AsyncClient()', 'aiohttp.ClientSession()']) {
  sink(
    HTTP_VERBS.map((verb) => `${client}.${verb}`),
    0,
    ['url'],
    API,
  );
  sink([`${client}.request`], 1, ['url'], API);
}
sink(['httpx.stream', 'httpx.Client().stream', 'httpx.AsyncClient().stream', 'urllib3.request', 'urllib3.PoolManager().request', 'urllib3.PoolManager().urlopen', 'aiohttp.request'], 1, ['url'], API);
sink(['urllib.request.urlopen', 'urllib.request.Request', 'urllib2.urlopen', 'urllib2.Request', 'urllib.urlopen', 'six.moves.urllib.request.urlopen'], 0, ['url'], DATA);
sink(['urllib.request.urlretrieve', 'urllib.urlretrieve', 'wget.download'], 0, ['url'], DATA);
for (const reader of ['read_csv', 'read_table', 'read_json', 'read_parquet', 'read_excel', 'read_html', 'read_xml', 'read_feather', 'read_fwf', 'read_orc', 'read_stata', 'read_sas', 'read_spss'])
  sink([`pandas.${reader}`, `polars.${reader}`], 0, ['filepath_or_buffer', 'path', 'io', 'path_or_buf', 'source'], DATA);
sink(['datasets.load_dataset'], undefined, ['data_files', 'data_dir'], DATA);
sink(['torch.hub.download_url_to_file', 'torch.hub.load_state_dict_from_url', 'torchvision.datasets.utils.download_url', 'torchvision.datasets.utils.download_and_extract_archive'], 0, ['url'], MODEL);
sink(['keras.utils.get_file', 'tensorflow.keras.utils.get_file'], 1, ['origin'], MODEL);
sink(['huggingface_hub.hf_hub_download', 'huggingface_hub.snapshot_download', 'huggingface_hub.HfApi', 'huggingface_hub.InferenceClient'], undefined, ['endpoint', 'base_url'], MODEL);
sink(['mlflow.set_tracking_uri', 'mlflow.set_registry_uri'], 0, ['uri'], TRACKING);
sink(['mlflow.tracking.MlflowClient', 'mlflow.MlflowClient', 'mlflow.client.MlflowClient'], 0, ['tracking_uri', 'registry_uri'], TRACKING);
sink(['wandb.init', 'wandb.login'], undefined, ['host'], TRACKING);
sink(['wandb.Settings'], undefined, ['base_url'], TRACKING);
sink(
  ['boto3.client', 'boto3.resource', 'boto3.Session().client', 'boto3.Session().resource', 'boto3.session.Session().client', 'boto3.session.Session().resource'],
  undefined,
  ['endpoint_url'],
  STORAGE,
);
sink(
  ['openai.OpenAI', 'openai.AsyncOpenAI', 'openai.AzureOpenAI', 'langchain_openai.ChatOpenAI', 'langchain_openai.OpenAIEmbeddings', 'langchain.chat_models.ChatOpenAI'],
  undefined,
  ['base_url', 'openai_api_base', 'azure_endpoint'],
  LLM,
);

/** Environment variables whose value is a URL that ML libraries then connect to. */
const URL_ENVIRONMENT: Record<string, string> = {
  MLFLOW_TRACKING_URI: TRACKING,
  MLFLOW_REGISTRY_URI: TRACKING,
  WANDB_BASE_URL: TRACKING,
  HF_ENDPOINT: MODEL,
  OPENAI_BASE_URL: LLM,
  OPENAI_API_BASE: LLM,
};

/** Keyword arguments that name the endpoint a client connects to, whatever the call. */
const ENDPOINT_KEYWORDS: Record<string, string> = {
  base_url: API,
  api_base: API,
  api_url: API,
  server_url: API,
  endpoint_url: STORAGE,
  openai_api_base: LLM,
  endpoint: API,
  hosts: API,
  mirror: MODEL,
  tracking_uri: TRACKING,
  registry_uri: TRACKING,
};

const ENVIRON_WRITES = ['os.environ.setdefault', 'os.putenv'];

export default defineRule({
  id: 'plain-http-url',
  category: 'insecure-transport',
  severity: 'warning',
  cwe: 319,
  message: 'This URL uses plain http (or ftp): anyone on the network path can read and change the data, model or credentials it carries; use https.',
  fixable: true,
  docs: {
    what: 'Finds `http://` and `ftp://` URLs passed to calls that fetch data, models or talk to APIs and tracking servers: `requests`/`httpx`/`aiohttp`/`urllib3` requests, `urlopen`, `urlretrieve`, `pd.read_csv`/`read_json`/`read_parquet`..., `load_dataset(data_files=)`, `torch.hub` and Keras downloads, Hugging Face `endpoint=`, `mlflow.set_tracking_uri`, `MlflowClient`, `wandb.login(host=)`, `boto3` `endpoint_url`, OpenAI-compatible `base_url`, the environment variables these libraries read (`MLFLOW_TRACKING_URI`, `HF_ENDPOINT`, `WANDB_BASE_URL`, `OPENAI_BASE_URL`, including `%env` in notebooks), endpoint keywords on any client (`base_url=`, `endpoint_url=`, `tracking_uri=`), and `wget` / `curl` downloads in notebook shell escapes, `%%bash` cells and subprocess calls. The URL may be a literal, a constant defined elsewhere in the file or an earlier cell, or an f-string whose literal part starts with `http://`. Local hosts (`localhost`, `127.0.0.1`, `::1`, `*.local`, `host.docker.internal`) and the hosts in the `allowed-hosts` setting are not reported.',
    why: 'Plain http has no encryption and no server authentication. On a shared network, a cloud VPC with a compromised neighbour, or behind a hostile proxy, anyone on the path can read the API key or tracking token sent with the request, copy the data, or replace the downloaded model or dataset with a poisoned one; a swapped pickle-based checkpoint runs code when loaded.',
    fix: 'Use `https://`. The fix changes the scheme of a literal URL; check that the server answers on https. For a server you run yourself, put TLS in front of it (a reverse proxy) rather than allowing http. If a host is only reachable on a private network you trust, list it in `allowed-hosts` in `[tool.secure-ml]`.',
    example: {
      bad: 'import mlflow\nmlflow.set_tracking_uri("http://mlflow.example.com:5000")',
      good: 'import mlflow\nmlflow.set_tracking_uri("https://mlflow.example.com")',
    },
    references: ['https://cwe.mitre.org/data/definitions/319.html', 'https://mlflow.org/docs/latest/auth/index.html'],
  },
  calls: [...SINKS.keys(), ...ENVIRON_WRITES, ...COMMAND_CALLS, ...[...HTTP_VERBS, 'request'].map((verb) => `*.${verb}`)],
  onCall(call, context) {
    if (!mayHavePlainUrl(context)) return;
    if (/^(subprocess\.\w+|os\.(system|popen)|asyncio\.create_subprocess_\w+|get_ipython\(\)\.system(_raw)?)$/.test(call.callee ?? '')) {
      // subprocess.run(["wget", "http://..."]), os.system("curl -O http://...")
      for (const words of commandVectors(call, context))
        for (const url of downloadedUrls(words)) {
          const host = /^\w+:\/\/([^/?#:]*)/.exec(url)?.[1]?.toLowerCase() ?? '';
          if (!isLocalHost(host) && !isAllowedHost(host, url, context.options.allowedHosts))
            context.report({ node: call.node, message: messageFor({ text: url, scheme: url.slice(0, url.indexOf(':')).toLowerCase(), host }, DOWNLOAD) });
        }
      return;
    }
    if (call.callee && ENVIRON_WRITES.includes(call.callee)) {
      const name = call.argumentValue(0, 'key');
      if (name?.kind === 'string' && URL_ENVIRONMENT[name.value]) checkUrl(call.argument(1, 'value'), URL_ENVIRONMENT[name.value], context);
      return;
    }
    const target = (call.callee ? SINKS.get(call.callee) : undefined) ?? clientMethodSink(call, context);
    if (!target) return;
    const nodes: Node[] = [];
    const positional = target.position !== undefined ? call.positional[target.position] : undefined;
    if (positional) nodes.push(positional);
    for (const keyword of target.keywords) {
      const value = call.keyword(keyword);
      if (value) nodes.push(value);
    }
    for (const node of nodes) checkUrls(node, target.what === API && isPlainDownload(call) ? DOWNLOAD : target.what, context);
  },
  nodes: { types: ['assignment', 'keyword_argument'], keywords: [...Object.keys(URL_ENVIRONMENT), ...Object.keys(ENDPOINT_KEYWORDS)] },
  onNode(node, context) {
    if (!mayHavePlainUrl(context)) return;
    if (node.type === 'keyword_argument') {
      // ScoringClient(base_url="http://..."): keywords that name a network endpoint, on any call
      const name = node.childForFieldName('name')?.text ?? '';
      const value = node.childForFieldName('value');
      const call = node.parent?.parent;
      if (!ENDPOINT_KEYWORDS[name] || !value || call?.type !== 'call') return;
      // test clients (TestClient, httpx with an ASGI app) never touch the network
      const callee = context.callSite(call);
      if (/TestClient$/.test(callee.callee ?? '') || callee.keyword('app') || callee.keyword('transport')) return;
      checkUrls(value, ENDPOINT_KEYWORDS[name], context);
      return;
    }
    // os.environ["MLFLOW_TRACKING_URI"] = "http://..."
    const assignment = environAssignment(node, context);
    if (assignment && URL_ENVIRONMENT[assignment.name]) checkUrl(assignment.value, URL_ENVIRONMENT[assignment.name], context);
  },
  textKinds: ['notebook'],
  onText(unit, context) {
    for (const magic of unit.magics) {
      const span = { start: magic.startOffset, end: magic.endOffset };
      // %env MLFLOW_TRACKING_URI=http://... and %set_env NAME value
      if (magic.prefix === '%' && (magic.name === 'env' || magic.name === 'set_env')) {
        const match = /^([A-Z_][A-Z0-9_]*)\s*(?:=|\s)\s*(['"]?)(\S*?)\2\s*$/.exec(magic.args);
        if (match && URL_ENVIRONMENT[match[1]]) reportTextUrl(match[3], URL_ENVIRONMENT[match[1]], span, unit, context);
        continue;
      }
      // !wget http://... / !curl -O http://... / %%bash cells
      for (const words of magicCommands(magic)) for (const url of downloadedUrls(words)) reportTextUrl(url, DOWNLOAD, span, unit, context);
    }
  },
});

/** URLs a `wget` / `curl` command line downloads. */
function downloadedUrls(words: string[]): string[] {
  const start = words.findIndex((w) => !/^(sudo|nohup|time|\w+=.*|-.*)$/.test(w));
  const program = (words[start] ?? '').replace(/^.*\//, '');
  if (program !== 'wget' && program !== 'curl') return [];
  return words.slice(start + 1).filter((w) => /^(http|ftp):\/\//i.test(w));
}

/** Reports a URL found in the text of a notebook magic (with the https fix on its text). */
function reportTextUrl(url: string, what: string, span: { start: number; end: number }, unit: SourceUnit, context: RuleContext): void {
  const parsed = /^(http|ftp):\/\/([^/?#]*)/i.exec(url);
  if (!parsed) return;
  const host = parsed[2]
    .slice(parsed[2].lastIndexOf('@') + 1)
    .replace(/:\d*$/, '')
    .replace(/^\[|\]$/g, '')
    .toLowerCase();
  if (isLocalHost(host) || isAllowedHost(host, url, context.options.allowedHosts)) return;
  const at = unit.text.slice(span.start, span.end).indexOf(url);
  if (at < 0) return;
  const start = span.start + at;
  const scheme = parsed[1].toLowerCase();
  const fixes: Fix[] = scheme === 'http' ? [{ title: 'Use https:// for this URL', safe: false, edits: [context.edits.replaceRange(start, start + 4, 'https')] }] : [];
  const staticMedia = what === DOWNLOAD && /\.(jpe?g|png|gif|webp|bmp|svg|txt|wav|mp3)$/i.test(url.replace(/[?#].*$/, ''));
  context.report({ range: unit.lines.rangeOf(start, start + url.length), message: messageFor({ text: url, scheme, host }, what), severity: staticMedia ? 'info' : undefined, fixes });
}

/** `requests.get(url)` with no credentials, body or headers: a download. */
function isPlainDownload(call: CallSite): boolean {
  if (!['get', 'head'].includes(call.method) || call.hasSplat) return false;
  return !['headers', 'auth', 'cookies', 'cert', 'json', 'data', 'params'].some((name) => call.keyword(name));
}

const CLIENT_CLASSES = new Set(['requests.Session', 'requests.session', 'httpx.Client', 'httpx.AsyncClient', 'aiohttp.ClientSession']);

/**
 * A request method on a client the resolver cannot follow: a parameter annotated with a client
 * class (`session: aiohttp.ClientSession`), or a session or client attribute (`self.session`) in
 * a file that uses an HTTP client library.
 */
function clientMethodSink(call: CallSite, context: RuleContext): UrlSink | undefined {
  const receiver = call.receiver;
  if (!receiver || !(HTTP_VERBS.includes(call.method) || call.method === 'request')) return undefined;
  const sink = { position: call.method === 'request' ? 1 : 0, keywords: ['url'], what: API };
  if (receiver.type === 'identifier') {
    const binding = context.lookup(receiver);
    const annotation = binding?.kind === 'param' ? binding.node.parent?.childForFieldName('type') : undefined;
    const type = annotation ? (context.qualifiedName(annotation.namedChild(0) ?? annotation) ?? '') : '';
    if (CLIENT_CLASSES.has(type)) return sink;
    if (binding) return undefined;
  }
  if (!/^(self\.)?_?(session|http_session|client|http_client|http|async_client)$/i.test(receiver.text)) return undefined;
  return ['requests', 'httpx', 'aiohttp'].some((module) => programImports(context, module)) ? sink : undefined;
}

function messageFor(url: UrlInfo, what: string): string {
  if (url.scheme === 'ftp') return `ftp:// sends ${what} (and any login) unencrypted and unauthenticated; use https or sftp.`;
  if (url.host === undefined) return `This URL starts with http:// and its host is only known at run time: unless it is always local, ${what} travel unencrypted; use https.`;
  if (what === DOWNLOAD) return `http://${url.host} serves this download unencrypted and unauthenticated: anyone on the network path can read it or swap its content; use https.`;
  return `http://${url.host} sends ${what} unencrypted and unauthenticated: anyone on the network path can read or tamper with the traffic; use https.`;
}

/** A URL, or a list or dict of them (`data_files={"train": ...}`, `hosts=[...]`). */
function checkUrls(node: Node, what: string, context: RuleContext): void {
  if (node.type === 'list' || node.type === 'tuple') node.namedChildren.forEach((item) => item && checkUrl(item, what, context));
  else if (node.type === 'dictionary') node.namedChildren.forEach((pair) => pair?.type === 'pair' && checkUrl(pair.childForFieldName('value') ?? undefined, what, context));
  else checkUrl(node, what, context);
}

function checkUrl(node: Node | undefined, what: string, context: RuleContext): void {
  if (!node) return;
  const url = urlOf(node, context);
  if (!url || (url.scheme !== 'http' && url.scheme !== 'ftp')) return;
  if (url.host !== undefined && (isLocalHost(url.host) || isAllowedHost(url.host, url.text, context.options.allowedHosts))) return;
  const fixes: Fix[] = [];
  // the fix edits the literal only when it is in the unit being analysed
  if (url.scheme === 'http' && url.literal && url.literal.node.tree.rootNode.id === node.tree.rootNode.id) {
    const start = url.literal.node.startIndex + url.literal.offset;
    fixes.push({ title: 'Use https:// for this URL', safe: false, edits: [context.edits.replaceRange(start, start + 4, 'https')] });
  }
  // a sample image or text file fetched for a demo: the content can be swapped, nothing is sent
  const staticMedia = what === DOWNLOAD && /\.(jpe?g|png|gif|webp|bmp|svg|txt|wav|mp3)$/i.test(url.text.replace(/[?#].*$/, ''));
  context.report({ node, message: messageFor(url, what), severity: url.host === undefined || staticMedia ? 'info' : undefined, fixes });
}
