import type { CallSite, Node, RuleContext } from '../../server/src/engine/api';
import { programImports as imports } from '../insecure-server-config/servers';

/**
 * Web routes and what protects them, for FastAPI, Starlette and Flask (Quart and Flask-style
 * blueprints too). A route is a decorator such as `@app.post("/predict")` or a registration such
 * as `app.add_api_route("/predict", predict)`; its handler is the function it registers.
 */
export type Framework = 'fastapi' | 'flask';

export interface Route {
  framework: Framework;
  /** The decorator or registration call. */
  call: CallSite;
  /** The route path, when known. */
  path: string | undefined;
  handler: Node | undefined;
  /** The object routes are registered on (`app`, `router`, `bp`). */
  owner: Node | undefined;
  /** `router` when routes are on an APIRouter / Blueprint, which may get auth where it is included. */
  ownerKind: 'app' | 'router';
  /** The argument that names the handler in a registration (`view_func=predict`). */
  handlerArgument?: Node;
}

export const ROUTE_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'route', 'api_route', 'websocket', 'add_api_route', 'add_url_rule', 'add_api_websocket_route', 'add_resource'];

const OWNERS: [RegExp, Framework, 'app' | 'router'][] = [
  [/^fastapi\.FastAPI\(\)$/, 'fastapi', 'app'],
  [/^fastapi\.(routing\.)?APIRouter\(\)$/, 'fastapi', 'router'],
  [/^starlette\.(applications\.)?Starlette\(\)$/, 'fastapi', 'app'],
  [/^flask\.Flask\(\)$/, 'flask', 'app'],
  [/^quart\.Quart\(\)$/, 'flask', 'app'],
  [/^(flask|quart)\.Blueprint\(\)$/, 'flask', 'router'],
  [/^(flask_restful|flask_restx)\.Api\(\)$/, 'flask', 'app'],
  [/^flask_restx\.Api\(\)\.namespace\(\)$/, 'flask', 'app'],
  [/^flask_restx\.Namespace\(\)$/, 'flask', 'router'],
];

/** Words that name authentication in dependencies, decorators, middleware and helpers. */
export const AUTH_WORDS = /auth|login|logged_in|token|jwt|bearer|api_?key|apikey|credential|permission|principal|current_user|get_user|verify|security|oauth|role|admin|protected|require_user/i;

/** The route a call registers, if it is one. */
export function routeOf(call: CallSite, context: RuleContext): Route | undefined {
  if (!ROUTE_METHODS.includes(call.method)) return undefined;
  const receiver = call.receiver;
  if (!receiver) return undefined;
  const owner = ownerKind(receiver, context);
  if (!owner) return undefined;
  const [framework, kind] = owner;
  // `app.get(...)` on a Flask app is not a route; neither is `app.route` on FastAPI
  if (framework === 'flask' && !['route', 'get', 'post', 'put', 'patch', 'delete', 'add_url_rule', 'add_resource'].includes(call.method)) return undefined;
  if (framework !== 'flask' && call.method === 'add_resource') return undefined;
  const pathValue = call.argumentValue(0, framework === 'flask' ? 'rule' : 'path');
  const path = pathValue?.kind === 'string' ? pathValue.value : undefined;
  if (call.node.parent?.type === 'decorator') {
    const definition = call.node.parent.parent;
    const handler = definition?.type === 'decorated_definition' ? (definition.childForFieldName('definition') ?? undefined) : undefined;
    // Flask-RESTX: @ns.route("/predict") on a Resource class
    if (handler?.type !== 'function_definition' && handler?.type !== 'class_definition') return undefined;
    return { framework, call, path, handler, owner: receiver, ownerKind: kind };
  }
  if (call.method === 'add_resource') {
    // Flask-RESTful: api.add_resource(Predict, "/predict")
    const resource = call.positional[0];
    const binding = resource?.type === 'identifier' ? context.lookup(resource) : undefined;
    const handler = binding?.kind === 'class' && binding.node.type === 'class_definition' ? binding.node : undefined;
    const resourcePath = call.positional[1] ? context.valueOf(call.positional[1]) : undefined;
    return { framework, call, path: resourcePath?.kind === 'string' ? resourcePath.value : undefined, handler, owner: receiver, ownerKind: kind };
  }
  if (call.method === 'add_api_route' || call.method === 'add_url_rule' || call.method === 'add_api_websocket_route') {
    const handlerArgument = framework === 'flask' ? (call.argument(undefined, 'view_func') ?? call.positional[2]) : call.argument(1, 'endpoint');
    const handler = handlerArgument?.type === 'identifier' ? functionDefinition(handlerArgument, context) : undefined;
    return { framework, call, path, handler, owner: receiver, ownerKind: kind, handlerArgument };
  }
  return undefined;
}

function ownerKind(receiver: Node, context: RuleContext): [Framework, 'app' | 'router'] | undefined {
  const qualified = context.qualifiedName(receiver) ?? '';
  for (const [pattern, framework, kind] of OWNERS) if (pattern.test(qualified)) return [framework, kind];
  // an app or router made elsewhere (`app = create_app()`, `from .routes import router`): its name and the imports tell
  const name = receiver.type === 'identifier' ? receiver.text : receiver.type === 'attribute' ? (receiver.childForFieldName('attribute')?.text ?? '') : '';
  if (/^(fastapi|starlette|flask|quart)\./.test(qualified)) return undefined;
  const fastapi = imports(context, 'fastapi') || imports(context, 'starlette');
  const flask = imports(context, 'flask') || imports(context, 'quart');
  if (/^(app|application|api|server|service)$/.test(name)) return fastapi ? ['fastapi', 'app'] : flask ? ['flask', 'app'] : undefined;
  if (/router$/i.test(name) && fastapi) return ['fastapi', 'router'];
  if (/^(bp|blueprint|\w+_bp|\w+_blueprint|ns|\w+_ns|namespace)$/i.test(name) && flask) return ['flask', 'router'];
  return undefined;
}

/** The function a name refers to, when it is defined in the program. */
export function functionDefinition(identifier: Node, context: RuleContext): Node | undefined {
  const binding = context.lookup(identifier);
  return binding?.kind === 'function' && binding.node.type === 'function_definition' ? binding.node : undefined;
}

/** Probe and documentation paths that are meant to be open. */
export function isProbePath(path: string | undefined): boolean {
  if (path === undefined) return false;
  return /^\/?(health|healthz|healthcheck|health-check|ready|readyz|readiness|live|livez|liveness|alive|ping|metrics|docs|redoc|openapi\.json|status|version|favicon\.ico|robots\.txt|static)(\/.*)?$/i.test(
    path.trim(),
  );
}

const MODEL_METHODS = new Set([
  'predict',
  'predict_proba',
  'predict_log_proba',
  'decision_function',
  'generate',
  'generate_content',
  'agenerate',
  'infer',
  'inference',
  'run_inference',
  'forward',
  'encode',
  'embed',
  'embed_query',
  'embed_documents',
  'get_embeddings',
  'get_embedding',
  'transcribe',
  'classify',
  'invoke',
  'ainvoke',
  'similarity_search',
  'similarity_search_with_score',
  'get_relevant_documents',
  'retrieve',
  'kneighbors',
  'detect',
  'segment',
  'summarize',
  'translate',
  'chat',
]);
const MODEL_METHOD_FAMILY = /^a?(predict|generate|infer|embed|transcribe|classify|detect|complete)_\w+$/;
const NOT_MODEL_SUFFIX = /_(id|ids|uuid|key|keys|token|secret|salt|hash|name|password|report|html|pdf|docs|schema|config|url|path|filename|seed)$/;
const DATA_METHODS = new Set(['execute', 'executemany', 'fetchall', 'fetchone', 'fetchmany', 'read_sql', 'read_sql_query', 'read_csv', 'read_parquet', 'read_excel', 'read_json', 'find_one']);
/** Names that hold a model when called (`model(x)`, `self.model(x)`, `nlp(text)`). */
const MODEL_NAMES =
  /^(model|pipe|pipeline|classifier|clf|generator|llm|chain|nlp|predictor|detector|summarizer|translator|embedder|encoder|agent|ner|recognizer|segmenter|transcriber|estimator|regressor|booster|interpreter|ort_session)$/;
/** `sentiment_model(x)`, `qa_chain(...)`: only for variables (not `create_model`, an imported function). */
const MODEL_NAME_SUFFIX = /^[a-z]\w*_(model|pipeline|chain|llm|classifier)$/;
/** Responses that send a file: a constant path is a static asset, not data. */
const FILE_RESPONSES = new Set(['fastapi.responses.FileResponse', 'starlette.responses.FileResponse', 'flask.send_file', 'flask.send_from_directory']);
const DATA_CALLEES = new Set(['open', 'builtins.open', 'sqlite3.connect', 'numpy.load', 'joblib.load', 'torch.load', 'pickle.load']);

/** What a handler serves (a model, data, a file), judged from the calls in its body and one level of helpers. */
export function servesModelOrData(handler: Node, context: RuleContext, depth = 0): string | undefined {
  const body = handler.childForFieldName('body');
  if (!body) return undefined;
  for (const site of context.callsWithin(body)) {
    const method = site.method;
    const callee = site.callee ?? '';
    const receiverName = site.receiver ? lastName(site.receiver) : '';
    if (MODEL_METHODS.has(method) && (method !== 'chat' || receiverName !== '') && !(method === 'encode' && /^(str|bytes|text|s|value|data|json)$/i.test(receiverName))) return 'a model';
    const isMethod = site.function.type === 'attribute';
    // generate_stream_gate, predict_batch, infer_async...; not generate_id, generate_token
    if (isMethod && MODEL_METHOD_FAMILY.test(method) && !NOT_MODEL_SUFFIX.test(method)) return 'a model';
    if (method === 'create' && site.receiver && /completions|messages|embeddings|responses/.test(site.receiver.text)) return 'a model';
    if (isMethod ? MODEL_NAMES.test(method) : calledNameIsModel(site.function, context)) return 'a model';
    if (site.receiver?.type === 'identifier' && isLoadedModel(site.receiver, context)) return 'a model';
    if (isMethod && method === 'run' && MODEL_NAMES.test(receiverName)) return 'a model';
    if (FILE_RESPONSES.has(callee) || (method === 'send_file' && !callee) || method === 'send_from_directory') {
      const path = site.positional[0] ? context.valueOf(site.positional[0]) : undefined;
      if (path?.kind !== 'string' || method === 'send_from_directory') return 'data';
      continue;
    }
    if ((callee === 'open' || callee === 'builtins.open') && isStaticAsset(site, context)) continue;
    if (DATA_METHODS.has(method) || DATA_CALLEES.has(callee) || /^pandas\.read_/.test(callee)) return 'data';
    if (method === 'query' && /^(db|session|database|conn|connection|cursor|client|index|collection|table|vectorstore|vector_store|store)$/i.test(receiverName)) return 'data';
    if ((method === 'find' || method === 'aggregate') && /coll|collection|db|table/i.test(receiverName)) return 'data';
    if (depth < 1 && site.function.type === 'identifier') {
      const helper = functionDefinition(site.function, context);
      if (helper && helper.id !== handler.id) {
        const inner = servesModelOrData(helper, context, depth + 1);
        if (inner) return inner;
      }
    }
  }
  return undefined;
}

/** Whether calling this name runs a model: `model(x)`, `sentiment(x)` after `sentiment = pipeline(...)`. */
function calledNameIsModel(name: Node, context: RuleContext): boolean {
  if (name.type !== 'identifier') return false;
  const binding = context.lookup(name);
  const isVariable = !binding || !['function', 'class', 'import'].includes(binding.kind);
  if (isVariable && (MODEL_NAMES.test(name.text) || MODEL_NAME_SUFFIX.test(name.text))) return true;
  return isLoadedModel(name, context);
}

/** Calls that load or build a model (what a name assigned from them holds). */
const MODEL_FACTORIES =
  /(^|\.)(pipeline|from_pretrained|load_model|load_learner|InferenceSession|SentenceTransformer|CrossEncoder|ChatOpenAI|ChatAnthropic|OpenAI|AsyncOpenAI|Anthropic|Llama|LLM|YOLO|load_state_dict_from_url)(\(\))?$|^timm\.create_model$|^(joblib|pickle|torch|dill|cloudpickle|skops\.io)\.load$|^mlflow\.\w+\.load_model$/;

/** Whether a name holds a model: it is assigned (at module level or in the function) from a model loader or factory. */
function isLoadedModel(identifier: Node, context: RuleContext): boolean {
  const binding = context.lookup(identifier);
  if (binding?.kind !== 'assign' || binding.value?.type !== 'call') return false;
  const fn = binding.value.childForFieldName('function');
  if (!fn) return false;
  const qualified = context.qualifiedName(fn) ?? fn.text;
  return MODEL_FACTORIES.test(qualified) || MODEL_FACTORIES.test(fn.text);
}

/** `open("video.mp4")`, `open("MODEL_CARD.md")`: a constant path to a page, document, image or media file is a static asset. */
function isStaticAsset(site: CallSite, context: RuleContext): boolean {
  const path = site.positional[0] ? context.valueOf(site.positional[0]) : undefined;
  return path?.kind === 'string' && /\.(mp4|webm|mp3|wav|png|jpe?g|gif|svg|ico|html?|css|js|woff2?|md|rst|pdf)$/i.test(path.value);
}

/** Route paths that name inference: an endpoint that forwards to a model elsewhere still serves it. */
export function isModelPath(path: string | undefined): boolean {
  return path !== undefined && /(^|\/)(predict\w*|generate\w*|completions?|chat|embed\w*|infer\w*|invocations|classify|detect|transcribe\w*|v1\/messages)(\/|$)/i.test(path);
}

function lastName(node: Node): string {
  if (node.type === 'identifier') return node.text;
  if (node.type === 'attribute') return node.childForFieldName('attribute')?.text ?? '';
  return '';
}

/** Whether an expression list (`dependencies=[...]`, a decorator, a middleware class) names authentication. */
export function namesAuth(node: Node | undefined | null, context: RuleContext, depth = 0): boolean {
  if (!node) return false;
  if (AUTH_WORDS.test(node.text)) return true;
  if (depth > 1) return false;
  // dependencies=check_key, after check_key = [Depends(verify_api_key)]
  if (node.type === 'identifier') {
    const binding = context.lookup(node);
    return binding?.kind === 'assign' && !!binding.value && namesAuth(binding.value, context, depth + 1);
  }
  // Depends(check) where check is a function of the program that authenticates
  for (const call of node.type === 'call' ? [node, ...node.descendantsOfType('call').filter((c): c is Node => !!c)] : node.descendantsOfType('call').filter((c): c is Node => !!c)) {
    const fn = call.childForFieldName('function');
    if (!fn || !/^(Depends|Security)$/.test(lastName(fn))) continue;
    const target = call.childForFieldName('arguments')?.namedChild(0);
    if (target?.type === 'identifier') {
      const definition = functionDefinition(target, context);
      if (definition && checksAuth(definition, context, depth + 1)) return true;
      const qualified = context.qualifiedName(target) ?? '';
      const value = context.valueOf(target);
      if (/^fastapi\.security\./.test(qualified) || (value.kind === 'call' && /^fastapi\.security\./.test(value.callee ?? ''))) return true;
    }
  }
  return false;
}

/** Whether a function (a handler, a dependency, a before_request hook, a middleware) checks credentials. */
export function checksAuth(fn: Node, context: RuleContext, depth = 0): boolean {
  const parameters = fn.childForFieldName('parameters');
  if (parameters) {
    for (const parameter of parameters.namedChildren) {
      if (!parameter) continue;
      const name = (parameter.childForFieldName('name') ?? parameter.namedChild(0))?.text ?? '';
      const fromRequest = /\b(Header|Depends|Security|Cookie)\s*\(/.test(parameter.text);
      if (/^(api_?key|x_api_key|x_token|authorization|credentials|current_user)$/i.test(name) || (/^(token|access_token|user)$/i.test(name) && fromRequest)) return true;
      const annotation = parameter.childForFieldName('type');
      if (annotation && /HTTPBasicCredentials|HTTPAuthorizationCredentials|OAuth2PasswordRequestForm/.test(annotation.text)) return true;
      for (const part of [parameter.childForFieldName('value'), annotation]) if (part && /\b(Depends|Security)\s*\(/.test(part.text) && namesAuth(part, context, depth)) return true;
    }
  }
  const body = fn.childForFieldName('body');
  if (!body) return false;
  const text = body.text;
  const rejects = /\b(401|403)\b|HTTP_401_UNAUTHORIZED|HTTP_403_FORBIDDEN|Unauthorized|Forbidden|PermissionDenied/.test(text);
  const readsCredentials = /authorization|api[_-]?key|x-api-key|bearer|token|password|compare_digest|current_user|is_authenticated/i.test(text);
  return rejects && readsCredentials;
}

/** A Resource class protected as a whole (`method_decorators = [auth.login_required]`) or on each of its methods. */
export function resourceIsProtected(resource: Node, context: RuleContext): boolean {
  const body = resource.childForFieldName('body');
  if (!body) return false;
  for (const statement of body.namedChildren) {
    const assignment = statement?.type === 'expression_statement' ? statement.namedChild(0) : undefined;
    const target = assignment?.type === 'assignment' ? assignment.childForFieldName('left')?.text : undefined;
    if ((target === 'method_decorators' || target === 'decorators') && namesAuth(assignment?.childForFieldName('right'), context)) return true;
  }
  const methods = body.namedChildren.filter((c): c is Node => !!c && (c.type === 'function_definition' || c.type === 'decorated_definition'));
  const handlers = methods.filter((m) => /^(get|post|put|patch|delete)$/.test((m.type === 'decorated_definition' ? m.childForFieldName('definition') : m)?.childForFieldName('name')?.text ?? ''));
  return (
    handlers.length > 0 &&
    handlers.every((m) => {
      const fn = m.type === 'decorated_definition' ? m.childForFieldName('definition') : m;
      const decorated = m.type === 'decorated_definition' && m.namedChildren.some((d) => d?.type === 'decorator' && (AUTH_WORDS.test(d.text) || /\brequires\s*\(/.test(d.text)));
      return decorated || (!!fn && checksAuth(fn, context));
    })
  );
}

/** The decorators of the handler other than the route itself. */
export function otherDecorators(handler: Node, route: Node): Node[] {
  const definition = handler.parent;
  if (definition?.type !== 'decorated_definition') return [];
  return definition.namedChildren.filter((c): c is Node => !!c && c.type === 'decorator' && c.id !== route.parent?.id);
}
