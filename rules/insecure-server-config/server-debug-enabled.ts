import { defineRule, type CallSite, type Fix, type Node, type RuleContext } from '../../server/src/engine/api';
import { bindAddress, insideMainGuard, programImports, SERVER_RUN_CALLS, serverRun } from './servers';

function flagFix(call: CallSite, name: string, context: RuleContext): Fix[] {
  const argument = call.keywordArgument(name);
  return argument ? [{ title: `Remove ${name}=True`, safe: true, edits: context.edits.removeArgument(call, argument) }] : [];
}

export default defineRule({
  id: 'server-debug-enabled',
  category: 'insecure-server-config',
  severity: 'error',
  cwe: 489,
  message: 'debug=True starts the Werkzeug debugger: anyone who can reach it can run Python code on this machine; never ship it, read it from the environment.',
  fixable: true,
  docs: {
    what: 'Finds servers started in debug mode: `app.run(debug=True)` for Flask, Dash (`run_server`) and Flask-SocketIO, `werkzeug.run_simple(use_debugger=True)`, `app.debug = True` / `app.config["DEBUG"] = True`, `FastAPI(debug=True)` / `Starlette(debug=True)`, and `uvicorn.run(..., reload=True)` outside an `if __name__ == "__main__":` block. A debug server bound to all interfaces (`host="0.0.0.0"`) is an error wherever it is; `debug=True` under `if __name__ == "__main__":` on the default local host is a warning (a development entry point, still one `host=` away from exposure); `reload=True` under the main guard is not reported (that is what it is for).',
    why: 'The Werkzeug debugger behind Flask and Dash debug mode serves an interactive Python console in the browser on every error page: whoever reaches the port (the PIN is guessable from machine details and is no barrier on a shared host) runs code as the server, with its model files, data and cloud credentials. FastAPI/Starlette `debug=True` sends full tracebacks, with paths, queries and data, to any client. `reload=True` watches and re-imports the code tree, which production servers must not do.',
    fix: 'Remove `debug=True` (or read it from the environment: `debug=os.environ.get("FLASK_DEBUG") == "1"`), and serve production traffic with a WSGI/ASGI server (gunicorn, uvicorn without `--reload`). Keep `reload=True` inside `if __name__ == "__main__":`.',
    example: {
      bad: 'from flask import Flask\napp = Flask(__name__)\napp.run(host="0.0.0.0", debug=True)',
      good: 'import os\nfrom flask import Flask\napp = Flask(__name__)\napp.run(debug=os.environ.get("FLASK_DEBUG") == "1")',
    },
    references: ['https://flask.palletsprojects.com/en/stable/debugging/', 'https://werkzeug.palletsprojects.com/en/stable/debug/', 'https://cwe.mitre.org/data/definitions/489.html'],
  },
  calls: [...SERVER_RUN_CALLS, 'fastapi.FastAPI', 'starlette.applications.Starlette', 'starlette.Starlette', '*.update'],
  onCall(call, context) {
    const callee = call.callee ?? '';
    if (callee === 'fastapi.FastAPI' || callee === 'starlette.applications.Starlette' || callee === 'starlette.Starlette') {
      if (call.flag('debug') !== 'true') return;
      context.report({
        node: call.keywordArgument('debug') ?? call.node,
        severity: 'warning',
        message: 'debug=True makes the app send full tracebacks (code paths, queries, data) to any client that triggers an error; remove it.',
        fixes: flagFix(call, 'debug', context),
      });
      return;
    }
    if (call.method === 'update') {
      // app.config.update(DEBUG=True)
      if (!isFlaskConfig(call.receiver, context) || call.flag('DEBUG') !== 'true') return;
      context.report({ node: call.keywordArgument('DEBUG') ?? call.node, severity: 'warning', message: debugSettingMessage });
      return;
    }
    const server = serverRun(call, context);
    if (!server) return;
    const guarded = insideMainGuard(call.node);
    const exposed = bindAddress(server.host, context) === 'all';
    const debugName = server.kind === 'werkzeug' ? 'use_debugger' : 'debug';
    if (call.flag(debugName) === 'true' && server.kind !== 'uvicorn') {
      const local = guarded && !exposed;
      context.report({
        node: call.keywordArgument(debugName) ?? call.node,
        severity: local ? 'warning' : undefined,
        message: exposed
          ? `${debugName}=True on a server bound to all interfaces: anyone on the network can open the Werkzeug debugger console and run Python code on this machine; remove it.`
          : local
            ? `${debugName}=True starts the Werkzeug debugger, which runs Python code typed in the browser; keep it to local development (read it from the environment) and never bind this to 0.0.0.0.`
            : undefined,
        fixes: flagFix(call, debugName, context),
      });
    }
    for (const name of server.kind === 'werkzeug' ? ['use_reloader'] : ['reload']) {
      if (call.flag(name) !== 'true' || guarded) continue;
      context.report({
        node: call.keywordArgument(name) ?? call.node,
        severity: 'info',
        message: `${name}=True outside \`if __name__ == "__main__":\` runs the auto-reloader wherever this module is started, production included: it watches and re-imports the code tree; keep it to the development entry point.`,
        fixes: flagFix(call, name, context),
      });
    }
  },
  nodes: { types: ['assignment'], keywords: ['debug', 'DEBUG'] },
  onNode(node, context) {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (!left || !right) return;
    const value = context.valueOf(right);
    if (value.kind !== 'bool' || !value.value) return;
    // app.debug = True (Flask) / app.config["DEBUG"] = True
    if (left.type === 'attribute' && left.childForFieldName('attribute')?.text === 'debug') {
      const receiver = left.childForFieldName('object');
      if (!receiver || !isFlaskApp(receiver, context)) return;
      context.report({ node, severity: 'warning', message: debugSettingMessage });
    } else if (left.type === 'subscript') {
      const key = left.childForFieldName('subscript');
      const keyValue = key ? context.valueOf(key) : undefined;
      if (keyValue?.kind !== 'string' || keyValue.value !== 'DEBUG' || !isFlaskConfig(left.childForFieldName('value') ?? undefined, context)) return;
      context.report({ node, severity: 'warning', message: debugSettingMessage });
    }
  },
});

const debugSettingMessage =
  'DEBUG = True turns on the Werkzeug debugger when the app runs with `flask run` or app.run(): anyone who reaches it can run Python code on the server; set it from the environment.';

function isFlaskApp(node: Node, context: RuleContext): boolean {
  const qualified = context.qualifiedName(node) ?? '';
  if (/^flask\.Flask\(\)$/.test(qualified)) return true;
  return node.type === 'identifier' && /^(app|application|flask_app)$/.test(node.text) && !/^(fastapi|starlette|dash)\./.test(qualified) && programImports(context, 'flask');
}

function isFlaskConfig(node: Node | undefined, context: RuleContext): boolean {
  if (node?.type !== 'attribute' || node.childForFieldName('attribute')?.text !== 'config') return false;
  const app = node.childForFieldName('object');
  return !!app && isFlaskApp(app, context);
}
