import { defineRule, type AnalysisDocument, type Fix, type Node, type RuleContext, type UnitEdit } from '../../server/src/engine/api';
import { AUTH_WORDS, checksAuth, isModelPath, isProbePath, namesAuth, otherDecorators, resourceIsProtected, ROUTE_METHODS, routeOf, servesModelOrData, type Route } from './routes';

const HELPER = 'require_api_key';

/** Per document: whether an app or router (by its name) gets authentication where it is set up. */
const ownerCache = new WeakMap<AnalysisDocument, Map<string, 'protected' | 'open' | 'unseen'>>();

/** Calls of `method` in the unit trees `roots`, found by searching their text. */
function callsNamed(roots: Node[], method: string): Node[] {
  const result: Node[] = [];
  const pattern = new RegExp(`\\.${method}\\b`, 'g');
  for (const root of roots) {
    const text = root.text;
    for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
      const identifier = root.descendantForIndex(match.index + 1, match.index + 1 + method.length);
      const attribute = identifier?.parent;
      const call = attribute?.parent;
      if (attribute?.type === 'attribute' && call?.type === 'call' && call.childForFieldName('function')?.id === attribute.id) result.push(call);
      else if (attribute?.type === 'attribute' && call?.type === 'decorator') result.push(attribute);
    }
  }
  return result;
}

/** Whether the app or router the route is registered on is protected as a whole (dependencies, middleware, hooks). */
function ownerProtection(route: Route, context: RuleContext): 'protected' | 'open' | 'unseen' {
  const owner = route.owner;
  if (!owner) return 'open';
  let cache = ownerCache.get(context.document);
  if (!cache) ownerCache.set(context.document, (cache = new Map()));
  const key = `${route.framework}:${owner.text}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const result = computeOwnerProtection(route, owner, context);
  cache.set(key, result);
  return result;
}

function computeOwnerProtection(route: Route, owner: Node, context: RuleContext): 'protected' | 'open' | 'unseen' {
  const roots = [route.call.node.tree.rootNode];
  const binding = owner.type === 'identifier' ? context.lookup(owner) : undefined;
  if (binding) {
    const root = binding.node.tree.rootNode;
    if (!roots.some((r) => r.id === root.id)) roots.push(root);
    // FastAPI(dependencies=[...]) / APIRouter(dependencies=[...]) / Starlette(middleware=[...])
    if (binding.value?.type === 'call') {
      const args = binding.value.childForFieldName('arguments');
      for (const argument of args?.namedChildren ?? []) {
        const name = argument?.type === 'keyword_argument' ? argument.childForFieldName('name')?.text : undefined;
        if ((name === 'dependencies' || name === 'middleware') && namesAuth(argument?.childForFieldName('value'), context)) return 'protected';
      }
    }
  }
  // app.add_middleware(AuthMiddleware), @app.middleware("http") that checks credentials, Flask before_request hooks
  for (const call of callsNamed(roots, 'add_middleware')) if (namesAuth(call.childForFieldName('arguments')?.namedChild(0), context)) return 'protected';
  for (const method of ['middleware', 'before_request', 'before_app_request']) {
    for (const found of callsNamed(roots, method)) {
      const decorated = found.parent?.type === 'decorator' || found.parent?.parent?.type === 'decorator' ? (found.parent.type === 'decorator' ? found.parent : found.parent.parent)?.parent : undefined;
      const fn = decorated?.type === 'decorated_definition' ? decorated.childForFieldName('definition') : undefined;
      if (fn?.type === 'function_definition' && (checksAuth(fn, context) || AUTH_WORDS.test(fn.childForFieldName('name')?.text ?? ''))) return 'protected';
      // app.before_request(check_api_key)
      const argument = found.type === 'call' ? found.childForFieldName('arguments')?.namedChild(0) : undefined;
      if (argument && AUTH_WORDS.test(argument.text)) return 'protected';
    }
  }
  if (route.ownerKind !== 'router') return 'open';
  // a router gets its dependencies where it is included
  const name = owner.text;
  const includes = [...callsNamed(roots, 'include_router'), ...callsNamed(roots, 'register_blueprint'), ...callsNamed(roots, 'add_namespace')].filter((call) => {
    const first = call.childForFieldName('arguments')?.namedChild(0)?.text ?? '';
    return first === name || first.endsWith(`.${name}`);
  });
  if (includes.length === 0) return 'unseen';
  return includes.every((call) => namesAuth(call.childForFieldName('arguments'), context)) ? 'protected' : 'open';
}

function routeIsProtected(route: Route, context: RuleContext): boolean {
  const dependencies = route.call.keyword('dependencies');
  if (dependencies && namesAuth(dependencies, context)) return true;
  if (route.handler?.type === 'class_definition' && resourceIsProtected(route.handler, context)) return true;
  if (route.handler) {
    if (checksAuth(route.handler, context)) return true;
    for (const decorator of otherDecorators(route.handler, route.call.node)) if (AUTH_WORDS.test(decorator.text) || /\brequires\s*\(/.test(decorator.text)) return true;
  }
  return false;
}

export default defineRule({
  id: 'model-endpoint-unauthenticated',
  category: 'unauthenticated-endpoint',
  severity: 'warning',
  cwe: 306,
  message: 'This route serves a model or data with no authentication: anyone who can reach the server can query the model, run up its cost, or read the data; require an API key.',
  fixable: true,
  docs: {
    what: 'Finds FastAPI, Starlette and Flask routes (decorators on an app, an `APIRouter` or a `Blueprint`, `add_api_route`, `add_url_rule`, Flask-RESTful `api.add_resource` and Flask-RESTX `@ns.route` resources) whose handler calls a model (`predict`, `generate`, `invoke`, `model(...)`, a pipeline, an LLM client), a database or reads files, when nothing authenticates the caller: no `Depends`/`Security` dependency that checks credentials on the route, its router (`APIRouter(dependencies=...)`, `include_router(..., dependencies=...)`) or the app (`FastAPI(dependencies=...)`), no auth decorator (`login_required`, `jwt_required`, your own `require_api_key`...), no authentication middleware or `before_request` hook, and no credential check in the handler itself. Health, readiness, metrics and docs routes are not reported. A router whose inclusion is not in the same file is reported as information, since the auth may be added where it is included.',
    why: 'A model endpoint without authentication is open to anyone who finds the port or the URL: they can run unlimited inference on your GPUs or paid API key, extract the model by querying it, probe it with adversarial inputs, or read the records a data endpoint returns. Model servers are often started on `0.0.0.0` "for the demo" and stay that way.',
    fix: 'Require a credential on every route that serves a model or data. The fix adds an API-key dependency to the route (`dependencies=[Depends(require_api_key)]` in FastAPI, a `@require_api_key` decorator in Flask, `method_decorators = [require_api_key]` on a Flask-RESTful resource) and defines `require_api_key`, which compares the `X-API-Key` header with the `SERVICE_API_KEY` environment variable in constant time and answers 401 otherwise. For user-facing apps, use your identity provider (OAuth2/OIDC) instead.',
    example: {
      bad: 'from fastapi import FastAPI\napp = FastAPI()\n\n@app.post("/predict")\ndef predict(features: list[float]):\n    return {"y": model.predict([features]).tolist()}',
      good: 'from fastapi import Depends, FastAPI\nfrom auth import require_api_key\napp = FastAPI()\n\n@app.post("/predict", dependencies=[Depends(require_api_key)])\ndef predict(features: list[float]):\n    return {"y": model.predict([features]).tolist()}',
    },
    references: ['https://fastapi.tiangolo.com/tutorial/security/', 'https://owasp.org/API-Security/editions/2023/en/0xa2-broken-authentication/', 'https://cwe.mitre.org/data/definitions/306.html'],
  },
  calls: ROUTE_METHODS.map((m) => `*.${m}`),
  onCall(call, context) {
    const route = routeOf(call, context);
    if (!route?.handler || isProbePath(route.path)) return;
    const serves = servesModelOrData(route.handler, context) ?? (isModelPath(route.path) ? 'a model' : undefined);
    if (!serves || routeIsProtected(route, context)) return;
    const owner = ownerProtection(route, context);
    if (owner === 'protected') return;
    const where = route.path !== undefined ? `${route.path} ` : '';
    const unseen = owner === 'unseen';
    context.report({
      node: call.node,
      severity: unseen ? 'info' : undefined,
      message: unseen
        ? `Route ${where}serves ${serves} and neither it nor its router requires authentication here; unless the router is included with an auth dependency elsewhere, anyone who reaches the server can use it. Require an API key.`
        : `Route ${where}serves ${serves} with no authentication: anyone who can reach the server can ${serves === 'data' ? 'read the data' : 'query the model and run up its cost'}; require an API key.`,
      fixes: fixFor(route, context),
    });
  },
});

function fixFor(route: Route, context: RuleContext): Fix[] {
  const edits = context.edits;
  const os = edits.ensureImport('os');
  const secrets = edits.ensureImport('secrets');
  if (route.framework === 'fastapi') {
    const depends = edits.ensureImport('fastapi', 'Depends');
    const header = edits.ensureImport('fastapi', 'Header');
    const httpException = edits.ensureImport('fastapi', 'HTTPException');
    const helper = `
def ${HELPER}(x_api_key: str = ${header.reference}(default="")) -> None:
    """Rejects the request unless its X-API-Key header matches the SERVICE_API_KEY environment variable."""
    expected = ${os.reference}.environ.get("SERVICE_API_KEY", "")
    if not expected or not ${secrets.reference}.compare_digest(x_api_key.encode(), expected.encode()):
        raise ${httpException.reference}(status_code=401, detail="missing or invalid API key")`;
    const dependency = `${depends.reference}(${HELPER})`;
    const existing = route.call.keyword('dependencies');
    let routeEdits: UnitEdit[] | undefined;
    if (existing?.type === 'list') {
      const open = existing.child(0);
      routeEdits = open ? [edits.insertAt(open.endIndex, existing.namedChildCount > 0 ? `${dependency}, ` : dependency)] : undefined;
    } else if (!existing) {
      routeEdits = edits.setKeyword(route.call, 'dependencies', `[${dependency}]`);
    }
    if (!routeEdits) return [];
    const imports = [...os.edits, ...secrets.edits, ...depends.edits, ...header.edits, ...httpException.edits];
    return [{ title: 'Require an API key (X-API-Key header checked against SERVICE_API_KEY)', safe: false, edits: [...imports, ...edits.ensureDefinition(HELPER, helper), ...routeEdits] }];
  }
  const functools = edits.ensureImport('functools');
  const request = edits.ensureImport('flask', 'request');
  const abort = edits.ensureImport('flask', 'abort');
  const helper = `
def ${HELPER}(view):
    """Rejects the request unless its X-API-Key header matches the SERVICE_API_KEY environment variable."""

    @${functools.reference}.wraps(view)
    def wrapper(*args, **kwargs):
        expected = ${os.reference}.environ.get("SERVICE_API_KEY", "")
        supplied = ${request.reference}.headers.get("X-API-Key", "")
        if not expected or not ${secrets.reference}.compare_digest(supplied.encode(), expected.encode()):
            ${abort.reference}(401)
        return view(*args, **kwargs)

    return wrapper`;
  let routeEdits: UnitEdit[];
  if (route.handler?.type === 'class_definition') {
    // Flask-RESTful / Flask-RESTX resources apply method_decorators to every HTTP method
    const first = route.handler.childForFieldName('body')?.namedChildren.find((c) => c && c.type !== 'comment');
    if (!first || first.tree.rootNode.id !== route.call.node.tree.rootNode.id) return [];
    const text = context.unit.code;
    const indent = text.slice(text.lastIndexOf('\n', first.startIndex - 1) + 1, first.startIndex);
    const line = `method_decorators = [${HELPER}]`;
    // after the class docstring, else before the first statement
    const isDocstring = first.type === 'expression_statement' && first.namedChild(0)?.type === 'string';
    routeEdits = [isDocstring ? edits.insertAt(first.endIndex, `\n${indent}${line}`) : edits.insertAt(first.startIndex, `${line}\n${indent}`)];
  } else if (route.handlerArgument) {
    routeEdits = [edits.replace(route.handlerArgument, `${HELPER}(${route.handlerArgument.text})`)];
  } else if (route.handler && route.call.node.parent?.type === 'decorator') {
    const text = context.unit.code;
    const start = route.handler.startIndex;
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    routeEdits = [edits.insertAt(start, `@${HELPER}\n${text.slice(lineStart, start)}`)];
  } else {
    return [];
  }
  const imports = [...functools.edits, ...os.edits, ...secrets.edits, ...request.edits, ...abort.edits];
  return [{ title: 'Require an API key (X-API-Key header checked against SERVICE_API_KEY)', safe: false, edits: [...imports, ...edits.ensureDefinition(HELPER, helper), ...routeEdits] }];
}
