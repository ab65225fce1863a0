import type { CallSite, Node, RuleContext } from '../../server/src/engine/api';

/**
 * For loaders of pickles: the file a load reads, when the program itself writes it
 * (`pickle.dump(obj, open("cache.pkl", "wb"))` ... `pickle.load(open("cache.pkl", "rb"))`).
 * Such a file is still a risk (anyone who can replace it runs code) but a smaller one, and the
 * message says so.
 */
export function selfWrittenPath(call: CallSite, context: RuleContext): string | undefined {
  const source = call.positional[0];
  const path = source ? pathRead(source, context) : undefined;
  if (!path || path.length < 3) return undefined;
  const quoted = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const writes = new RegExp(`(open\\(\\s*[rfbu]?["']${quoted}["']\\s*,\\s*(mode\\s*=\\s*)?["'][wax]b?\\+?["']|(dump|save|to_pickle)\\([^)\\n]*["']${quoted}["'])`);
  return context.document.units.some((u) => u.language === 'python' && writes.test(u.code)) ? path : undefined;
}

/** The literal path behind `open("x.pkl")`, `f` (from `with open("x.pkl") as f`), or `"x.pkl"`. */
function pathRead(node: Node, context: RuleContext): string | undefined {
  let current: Node | undefined = node;
  if (current.type === 'identifier') {
    const binding = context.lookup(current);
    if (binding?.kind === 'with' || binding?.kind === 'assign') current = binding.value;
  }
  if (!current) return undefined;
  if (current.type === 'call') {
    const site = context.callSite(current);
    if (site.callee !== 'open' && site.method !== 'open') return undefined;
    const first = site.positional[0];
    if (!first) return undefined;
    const value = context.valueOf(first);
    return value.kind === 'string' ? value.value : undefined;
  }
  const value = context.valueOf(current);
  return value.kind === 'string' ? value.value : undefined;
}
