import type { AnalysisDocument, CallSite, Node, RuleContext } from '../../server/src/engine/api';

/** A call that starts a development or application server, and where it takes its host. */
export interface ServerRun {
  kind: 'flask' | 'dash' | 'uvicorn' | 'werkzeug' | 'socketio';
  /** The host argument node, when passed. */
  host: Node | undefined;
}

/** Call patterns (for a rule's `calls`) that may start a server. */
export const SERVER_RUN_CALLS = ['*.run', '*.run_server', 'uvicorn.run', 'werkzeug.serving.run_simple', 'werkzeug.run_simple'];

/** Whether some unit of the program imports `module` (or a submodule). */
export function programImports(context: RuleContext, module: string): boolean {
  let known = importCache.get(context.document);
  if (!known) importCache.set(context.document, (known = new Map()));
  let result = known.get(module);
  if (result === undefined) {
    const pattern = new RegExp(`^[ \\t]*(?:import[ \\t]+${module}\\b|from[ \\t]+${module}(?:\\.[\\w.]+)?[ \\t]+import\\b)`, 'm');
    result = context.document.units.some((unit) => unit.language === 'python' && pattern.test(unit.code));
    known.set(module, result);
  }
  return result;
}

/** Per document, per module: whether it is imported (rules ask once per call site, the answer is per document). */
const importCache = new WeakMap<AnalysisDocument, Map<string, boolean>>();

/** What kind of server `call` starts, if it starts one. */
export function serverRun(call: CallSite, context: RuleContext): ServerRun | undefined {
  const callee = call.callee ?? '';
  if (callee === 'uvicorn.run') return { kind: 'uvicorn', host: call.keyword('host') };
  if (callee === 'werkzeug.serving.run_simple' || callee === 'werkzeug.run_simple') return { kind: 'werkzeug', host: call.argument(0, 'hostname') };
  if (call.method !== 'run' && call.method !== 'run_server') return undefined;
  if (/^flask\.Flask\(\)\.run$/.test(callee)) return { kind: 'flask', host: call.argument(0, 'host') };
  if (/^dash\.Dash\(\)\.run(_server)?$/.test(callee)) return { kind: 'dash', host: call.keyword('host') };
  if (/^flask_socketio\.SocketIO\(\)\.run$/.test(callee)) return { kind: 'socketio', host: call.keyword('host') };
  // `app = create_app()` in a Flask project: the receiver cannot be followed, its name and the imports tell
  const receiver = call.receiver;
  if (call.method === 'run' && receiver?.type === 'identifier' && /^(app|application|flask_app|server|api)$/.test(receiver.text) && !/^(flask|dash|flask_socketio)\./.test(callee)) {
    const binding = context.lookup(receiver);
    const fromOtherCall = !binding || binding.kind === 'import' || binding.kind === 'assign';
    if (fromOtherCall && programImports(context, 'flask') && !programImports(context, 'fastapi')) return { kind: 'flask', host: call.argument(0, 'host') };
  }
  return undefined;
}

/** Whether `node` runs only when the file is executed as a script (`if __name__ == "__main__":`). */
export function insideMainGuard(node: Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type !== 'if_statement') continue;
    const condition = current.childForFieldName('condition');
    if (condition && /__name__\s*==\s*['"]__main__['"]|['"]__main__['"]\s*==\s*__name__/.test(condition.text)) {
      const consequence = current.childForFieldName('consequence');
      if (consequence && node.startIndex >= consequence.startIndex && node.endIndex <= consequence.endIndex) return true;
    }
  }
  return false;
}

/** The host a server binds to, when known: `all` for 0.0.0.0 / :: / empty, `local`, or the host text. */
export function bindAddress(host: Node | undefined, context: RuleContext): 'all' | 'local' | 'default' | 'unknown' | 'other' {
  if (!host) return 'default';
  const value = context.valueOf(host);
  if (value.kind !== 'string') return 'unknown';
  const text = value.value.trim().toLowerCase();
  if (text === '0.0.0.0' || text === '::' || text === '*' || text === '[::]') return 'all';
  if (text === 'localhost' || text === '::1' || /^127\./.test(text)) return 'local';
  return 'other';
}
