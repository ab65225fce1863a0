import { defineRule, type CallSite, type Node, type RuleContext, type Value } from '../../server/src/engine/api';

/** Whether an origins value allows any site: `"*"`, `["*"]`, a regex such as `".*"`. */
function allowsAnyOrigin(value: Value | undefined): boolean {
  if (!value) return false;
  if (value.kind === 'string') return value.value.trim() === '*' || /^\^?\.[*+]\$?$/.test(value.value.trim());
  if (value.kind === 'sequence') return value.items.some((item) => allowsAnyOrigin(item));
  return false;
}

/** Flask-CORS `resources={r"/api/*": {"origins": "*"}}`: whether a resource allows any origin (the default). */
function resourcesAllowAny(value: Value | undefined): boolean {
  if (!value || value.kind !== 'dict') return true;
  return value.entries.some((entry) => {
    if (entry.value.kind !== 'dict') return true;
    const origins = entry.value.entries.find((e) => e.key.kind === 'string' && e.key.value === 'origins');
    return !origins || allowsAnyOrigin(origins.value);
  });
}

function fixCredentials(call: CallSite, name: string, context: RuleContext) {
  const edits = context.edits.setKeyword(call, name, 'False');
  return edits ? [{ title: `Set ${name}=False (list the allowed origins if the browser must send cookies)`, safe: false, edits }] : [];
}

export default defineRule({
  id: 'cors-wildcard-credentials',
  category: 'insecure-server-config',
  severity: 'warning',
  cwe: 942,
  message: "CORS allows credentials from any origin: any website a user visits can call this API with the user's cookies and read the answers; list the allowed origins.",
  fixable: true,
  docs: {
    what: 'Finds CORS set to accept credentialed requests from any site: Starlette/FastAPI `CORSMiddleware` with `allow_origins=["*"]` (or `allow_origin_regex=".*"`) and `allow_credentials=True` (through `app.add_middleware` or `Middleware(...)`), and Flask-CORS `CORS(app, supports_credentials=True)` / `@cross_origin(supports_credentials=True)` whose origins are `"*"` or left at their default (any origin).',
    why: "With credentials allowed, Starlette and Flask-CORS answer a wildcard by echoing the caller's origin, so the browser of anyone logged in to your model dashboard or annotation tool will let any web page they open call the API as them and read the responses: predictions, datasets, user records. A wildcard without credentials is a public read-only API and is not reported.",
    fix: 'List the origins that need access (`allow_origins=["https://app.example.com"]`). If the API authenticates with a header token rather than cookies, it does not need `allow_credentials=True`: the fix sets it to `False`.',
    example: {
      bad: 'from fastapi import FastAPI\nfrom fastapi.middleware.cors import CORSMiddleware\napp = FastAPI()\napp.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)',
      good: 'from fastapi import FastAPI\nfrom fastapi.middleware.cors import CORSMiddleware\napp = FastAPI()\napp.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"], allow_credentials=True)',
    },
    references: ['https://www.starlette.io/middleware/#corsmiddleware', 'https://flask-cors.readthedocs.io/en/latest/api.html', 'https://cwe.mitre.org/data/definitions/942.html'],
  },
  calls: ['*.add_middleware', 'starlette.middleware.Middleware', 'flask_cors.CORS', 'flask_cors.cross_origin'],
  onCall(call, context) {
    const callee = call.callee ?? '';
    if (callee === 'flask_cors.CORS' || callee === 'flask_cors.cross_origin') {
      if (call.flag('supports_credentials') !== 'true') return;
      const origins = call.keyword('origins');
      const anyOrigin = origins ? allowsAnyOrigin(context.valueOf(origins)) : resourcesAllowAny(call.keyword('resources') ? context.valueOf(call.keyword('resources')!) : undefined);
      if (!anyOrigin) return;
      context.report({ node: call.node, fixes: fixCredentials(call, 'supports_credentials', context) });
      return;
    }
    // app.add_middleware(CORSMiddleware, ...) / Middleware(CORSMiddleware, ...)
    const middleware = call.positional[0] ?? call.keyword('middleware_class') ?? call.keyword('cls');
    if (!middleware || !isCorsMiddleware(middleware, context)) return;
    if (call.flag('allow_credentials') !== 'true') return;
    const origins = call.keyword('allow_origins');
    const regex = call.keyword('allow_origin_regex');
    if (!(origins && allowsAnyOrigin(context.valueOf(origins))) && !(regex && allowsAnyOrigin(context.valueOf(regex)))) return;
    context.report({ node: call.node, fixes: fixCredentials(call, 'allow_credentials', context) });
  },
});

function isCorsMiddleware(node: Node, context: RuleContext): boolean {
  const qualified = context.qualifiedName(node) ?? node.text;
  return /(^|\.)CORSMiddleware$/.test(qualified);
}
