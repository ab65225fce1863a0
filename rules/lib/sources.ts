import type { Node, RuleContext } from '../../server/src/engine/api';
import { enclosingFunction } from './flow';
import { documentMatches, WEB_FRAMEWORK } from './gate';

/**
 * Finer questions about where a value comes from than `OriginWalker` answers: request data in a
 * web handler (path traversal), downloads (archives from the internet).
 */

const ROUTE_METHODS = new Set(['route', 'get', 'post', 'put', 'patch', 'delete', 'api_route', 'websocket', 'add_url_rule']);
/** Annotations of handler parameters that are framework objects, not values from the client. */
const FRAMEWORK_TYPES = /^(Request|Response|BackgroundTasks|WebSocket|Session|AsyncSession|HTTPConnection|Depends\b)/;

/** Whether `fn` (a function_definition) is a web route handler: decorated with `@app.get(...)`, `@router.post`, `@bp.route`... */
export function isRouteHandler(fn: Node): boolean {
  const decorated = fn.parent?.type === 'decorated_definition' ? fn.parent : undefined;
  if (!decorated) return false;
  for (const decorator of decorated.namedChildren) {
    if (decorator?.type !== 'decorator') continue;
    const expression = decorator.namedChild(0);
    const callee = expression?.type === 'call' ? expression.childForFieldName('function') : expression;
    const method = callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : undefined;
    if (method && ROUTE_METHODS.has(method)) return true;
  }
  return false;
}

/** Whether a handler parameter carries client data (not a `Request`, a session or a `Depends(...)` dependency). */
function isClientParameter(identifier: Node): boolean {
  const parameter = identifier.parent;
  if (!parameter) return true;
  if (identifier.text === 'self' || identifier.text === 'cls') return false;
  const type = parameter.childForFieldName('type')?.text ?? '';
  const value = parameter.childForFieldName('value')?.text ?? '';
  if (FRAMEWORK_TYPES.test(type) || /^(Depends|Security)\(/.test(value)) return false;
  return true;
}

const SANITIZING_CALLS =
  /^(werkzeug\.utils\.secure_filename|secure_filename|os\.path\.basename|werkzeug\.security\.safe_join|werkzeug\.utils\.safe_join|flask\.safe_join|safe_join|uuid\.uuid4|uuid\.uuid1|hashlib\.)/;

const PATH_BUILDERS = new Set([
  'os.path.join',
  'os.path.normpath',
  'os.path.abspath',
  'os.path.expanduser',
  'os.path.realpath',
  'posixpath.join',
  'pathlib.Path',
  'pathlib.PurePath',
  'pathlib.PosixPath',
  'str',
  'os.fspath',
  'urllib.parse.unquote',
  'format',
]);
const PATH_METHODS = new Set([
  'get',
  'getlist',
  'format',
  'replace',
  'strip',
  'lstrip',
  'rstrip',
  'lower',
  'upper',
  'joinpath',
  'with_suffix',
  'with_name',
  'resolve',
  'absolute',
  'decode',
  'encode',
  'split',
  'join',
]);

export interface RequestSource {
  /** The expression judged to come from the client. */
  node: Node;
  what: string;
}

/**
 * The part of `node` that comes from the HTTP client, following local assignments: a parameter of
 * a route handler, `flask.request.*`, an upload's `.filename`. Undefined when none does, or when
 * the value goes through `secure_filename` / `os.path.basename` / `safe_join` on the way.
 */
export function requestSource(node: Node, context: RuleContext, depth = 0): RequestSource | undefined {
  if (depth > 8) return undefined;
  switch (node.type) {
    case 'identifier': {
      const binding = context.lookup(node);
      if (!binding) return undefined;
      if (binding.kind === 'param') {
        const fn = binding.node.parent ? ownerFunction(binding.node) : undefined;
        if (!fn || !isClientParameter(binding.node)) return undefined;
        if (isRouteHandler(fn)) return { node, what: `the request parameter \`${node.text}\`` };
        // a Django-style view `def view(request, filename)`: the URL captures after `request`
        if (isViewFunction(fn) && firstParameter(fn)?.id !== binding.node.id && usesWebFramework(context)) return { node, what: `the URL parameter \`${node.text}\`` };
        return undefined;
      }
      if (binding.kind === 'assign' || binding.kind === 'with') return binding.value ? requestSource(binding.value, context, depth + 1) : undefined;
      if (binding.kind === 'import') return binding.qualified === 'flask.request' ? { node, what: 'flask.request' } : undefined;
      return undefined;
    }
    case 'attribute': {
      const qualified = context.qualifiedName(node);
      if (qualified?.startsWith('flask.request.')) return { node, what: `\`${node.text}\`` };
      const attribute = node.childForFieldName('attribute')?.text;
      const object = node.childForFieldName('object');
      if (attribute === 'name' || attribute === 'stem') return undefined; // pathlib's last component
      // `request.GET["f"]` / `request.args` on the request parameter of a view or handler
      if (attribute && REQUEST_ATTRIBUTES.has(attribute) && object?.type === 'identifier' && /^(request|req)$/.test(object.text)) {
        const binding = context.lookup(object);
        const fn = binding?.kind === 'param' ? ownerFunction(binding.node) : undefined;
        if (fn && (isRouteHandler(fn) || isViewFunction(fn)) && usesWebFramework(context)) return { node, what: `\`${node.text}\`` };
      }
      if (attribute === 'filename' && object) {
        const inner = requestSource(object, context, depth + 1);
        return inner ? { node, what: 'the uploaded file name' } : undefined;
      }
      return object ? requestSource(object, context, depth + 1) : undefined;
    }
    case 'call': {
      const site = context.callSite(node);
      const callee = site.callee ?? site.method;
      if (SANITIZING_CALLS.test(callee)) return undefined;
      // only calls that build a path or text from their inputs carry them; a lookup (`db.get_path(id)`) does not
      if (!PATH_BUILDERS.has(callee) && !(site.receiver && PATH_METHODS.has(site.method))) return undefined;
      if (site.receiver) {
        const fromReceiver = requestSource(site.receiver, context, depth + 1);
        if (fromReceiver) return fromReceiver;
      }
      for (const argument of site.positional) {
        const found = requestSource(argument, context, depth + 1);
        if (found) return found;
      }
      return undefined;
    }
    case 'subscript': {
      const value = node.childForFieldName('value');
      return value ? requestSource(value, context, depth + 1) : undefined;
    }
    case 'binary_operator': {
      for (const side of [node.childForFieldName('left'), node.childForFieldName('right')]) {
        const found = side ? requestSource(side, context, depth + 1) : undefined;
        if (found) return found;
      }
      return undefined;
    }
    case 'string':
    case 'concatenated_string': {
      for (const interpolation of node.descendantsOfType('interpolation')) {
        const expression = interpolation?.namedChild(0);
        const found = expression ? requestSource(expression, context, depth + 1) : undefined;
        if (found) return found;
      }
      return undefined;
    }
    case 'parenthesized_expression':
    case 'await':
      return node.namedChild(0) ? requestSource(node.namedChild(0)!, context, depth + 1) : undefined;
    default:
      return undefined;
  }
}

const REQUEST_ATTRIBUTES = new Set(['GET', 'POST', 'FILES', 'args', 'form', 'files', 'values', 'query_params', 'path_params', 'json', 'data', 'body', 'headers', 'cookies', 'COOKIES', 'META']);

/** `def view(request, ...)`: a function whose first parameter is the request (Django views, plain handlers). */
function isViewFunction(fn: Node): boolean {
  const first = firstParameter(fn);
  if (!first || !/^(request|req)$/.test(first.text)) return false;
  const type = first.parent?.type === 'typed_parameter' ? (first.parent.childForFieldName('type')?.text ?? '') : '';
  return type === '' || /^(?:[\w.]+\.)?(?:HttpRequest|Request|WSGIRequest|ASGIRequest)$/.test(type);
}

/** Whether the program imports a web framework (so that `request` means an HTTP request). */
function usesWebFramework(context: RuleContext): boolean {
  return documentMatches(context, WEB_FRAMEWORK);
}

function firstParameter(fn: Node): Node | undefined {
  const parameter = fn.childForFieldName('parameters')?.namedChildren.find((c) => !!c && c.type !== 'comment');
  if (!parameter) return undefined;
  return parameter.type === 'identifier' ? parameter : (parameter.namedChild(0) ?? undefined);
}

function ownerFunction(identifier: Node): Node | undefined {
  for (let current = identifier.parent; current; current = current.parent)
    if (current.type === 'function_definition' || current.type === 'lambda') return current.type === 'function_definition' ? current : undefined;
  return undefined;
}

/** Whether the function around `node` checks a resolved path before use (`realpath`/`resolve` + `startswith`/`is_relative_to`/`commonpath`, or `..`). */
export function hasPathCheck(node: Node): boolean {
  const fn = enclosingFunction(node);
  if (!fn) return false;
  for (const check of [...fn.descendantsOfType('if_statement'), ...fn.descendantsOfType('assert_statement')]) {
    const condition = check?.type === 'if_statement' ? check.childForFieldName('condition') : check?.namedChild(0);
    if (condition && /startswith|is_relative_to|commonpath|relative_to|['"]\.\.['"]|\bin\s+ALLOWED|\ballowed|\bnot\s+in\b|\bin\s+[A-Z_]+\b/i.test(condition.text)) return true;
  }
  return /\.relative_to\(/.test(fn.text);
}

/** Calls whose result is a file fetched from the network (or its bytes). */
const DOWNLOAD_CALLS = new Set([
  'urllib.request.urlretrieve',
  'urllib.urlretrieve',
  'wget.download',
  'gdown.download',
  'huggingface_hub.hf_hub_download',
  'torchvision.datasets.utils.download_url',
  'torch.hub.download_url_to_file',
]);
const DOWNLOAD_PREFIXES = ['requests.', 'httpx.', 'urllib.request.urlopen', 'urllib3.', 'boto3.', 'aiohttp.'];

/** Whether `node`'s value is (or is read from) a downloaded file or response body. */
export function isDownloaded(node: Node, context: RuleContext, depth = 0): boolean {
  if (depth > 8) return false;
  switch (node.type) {
    case 'identifier': {
      const binding = context.lookup(node);
      if (binding?.kind === 'param') return false;
      if ((binding?.kind === 'assign' || binding?.kind === 'with') && binding.value && isDownloaded(binding.value, context, depth + 1)) return true;
      return isDownloadTarget(node, context);
    }
    case 'string':
      return isDownloadTarget(node, context);
    case 'attribute': {
      const attribute = node.childForFieldName('attribute')?.text ?? '';
      const object = node.childForFieldName('object');
      if (['content', 'raw', 'body', 'file'].includes(attribute) && object) {
        const qualified = context.qualifiedName(object) ?? '';
        if (DOWNLOAD_PREFIXES.some((p) => qualified.startsWith(p))) return true;
      }
      return object ? isDownloaded(object, context, depth + 1) : false;
    }
    case 'subscript': {
      const value = node.childForFieldName('value');
      return value ? isDownloaded(value, context, depth + 1) : false;
    }
    case 'call': {
      const site = context.callSite(node);
      const callee = site.callee ?? '';
      if (DOWNLOAD_CALLS.has(callee) || DOWNLOAD_PREFIXES.some((p) => callee.startsWith(p))) return true;
      if (site.method === 'read' || site.method === 'getvalue' || callee === 'io.BytesIO' || callee === 'pathlib.Path' || callee === 'os.path.join' || callee === 'str')
        return [...(site.receiver ? [site.receiver] : []), ...site.positional].some((a) => isDownloaded(a, context, depth + 1));
      return false;
    }
    case 'parenthesized_expression':
    case 'await':
      return node.namedChild(0) ? isDownloaded(node.namedChild(0)!, context, depth + 1) : false;
    default:
      return false;
  }
}

/** A path (by name or literal text) that a download call in this unit writes to: `urlretrieve(url, "data.zip")` then `ZipFile("data.zip")`. */
function isDownloadTarget(node: Node, context: RuleContext): boolean {
  if (downloadedByShell(node, context)) return true;
  let root = node;
  while (root.parent) root = root.parent;
  const text = node.text;
  for (const site of context.callsWithin(root, ['urllib.request.urlretrieve', 'urllib.urlretrieve', 'wget.download', 'gdown.download', 'torch.hub.download_url_to_file'])) {
    if (site.node.startIndex > node.startIndex) continue;
    const target = site.argument(1, site.callee === 'wget.download' ? 'out' : site.callee === 'gdown.download' ? 'output' : site.callee === 'torch.hub.download_url_to_file' ? 'dst' : 'filename');
    if (target && target.text === text) return true;
  }
  return false;
}

/** `!wget -q https://…/data.zip` (or curl, gdown, kaggle, aria2c) in a notebook, then `ZipFile("data.zip")`: the file name appears in the download command. */
function downloadedByShell(node: Node, context: RuleContext): boolean {
  const value = context.valueOf(node);
  const text = value.kind === 'string' ? value.value : undefined;
  const name = text?.split('/').pop();
  if (!name || name.length < 3) return false;
  return context.document.units.some((unit) =>
    unit.magics.some((magic) => (magic.prefix === '!' || magic.kind === 'cell') && /\b(wget|curl|gdown|kaggle|aria2c|gsutil|aws\s+s3|huggingface-cli)\b/.test(magic.args) && magic.args.includes(name)),
  );
}
