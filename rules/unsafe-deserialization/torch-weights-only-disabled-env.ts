import { defineRule, type Fix, type Node, type RuleContext, type SourceUnit } from '../../server/src/engine/api';
import { removeStatement } from '../lib/statements';

const NAME = 'TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD';
/** Values torch reads as "on". */
const TRUTHY = /^(1|y|yes|true|on)$/i;
const MESSAGE = `${NAME} turns off weights_only in every torch.load of the process, so each checkpoint it loads is unpickled and can run arbitrary code; remove it and load with weights_only=True (allow-list extra classes with torch.serialization.add_safe_globals).`;

export default defineRule({
  id: 'torch-weights-only-disabled-env',
  category: 'unsafe-deserialization',
  severity: 'error',
  cwe: 502,
  message: MESSAGE,
  fixable: true,
  docs: {
    what: `Finds \`${NAME}\` set to a true value: \`os.environ[...] = "1"\`, \`os.environ.setdefault\`/\`update\`, \`os.putenv\`, an \`env=\` dict, the notebook magics \`%env\` / \`%set_env\`, and \`.env\`, shell and Dockerfile lines.`,
    why: `Since torch 2.6, \`torch.load\` defaults to \`weights_only=True\`, which refuses to unpickle arbitrary objects. \`${NAME}=1\` is a common copy-paste "fix" for the resulting errors; it silently switches every \`torch.load\` in the process (including those inside libraries) back to full unpickling, so a malicious checkpoint runs code.`,
    fix: 'Remove the variable (the fix deletes the statement that sets it). Load state dicts with `weights_only=True`; when a trusted checkpoint holds extra classes, allow-list them with `torch.serialization.add_safe_globals([...])` or the `torch.serialization.safe_globals` context manager, or convert the checkpoint to safetensors.',
    example: {
      bad: `import os\nos.environ["${NAME}"] = "1"`,
      good: 'import torch\nstate = torch.load("model.pt", weights_only=True)',
    },
    references: ['https://pytorch.org/docs/stable/notes/serialization.html#weights-only', 'https://cwe.mitre.org/data/definitions/502.html'],
  },
  nodes: { types: ['pair', 'keyword_argument', 'assignment', 'call'], keywords: [NAME] },
  onNode(node, context) {
    const value = valueNode(node);
    if (!value) return;
    const known = context.valueOf(value);
    const text = known.kind === 'string' ? known.value : known.kind === 'number' || known.kind === 'bool' ? String(known.kind === 'bool' ? (known.value ? 1 : 0) : known.value) : undefined;
    if (text !== undefined && !TRUTHY.test(text.trim())) return;
    if (text === undefined && known.kind !== 'unknown' && known.kind !== 'name') return;
    context.report({
      node,
      severity: text === undefined ? 'warning' : undefined,
      message: text === undefined ? `${NAME} is set from a variable; when it is true, every torch.load in the process unpickles checkpoints and can run arbitrary code.` : MESSAGE,
      fixes: text === undefined ? [] : removeSetting(node, context),
    });
  },
  onText(unit, context) {
    if (!unit.text.includes(NAME)) return;
    if (unit.language === 'python') {
      for (const magic of unit.magics) if ((magic.name === 'env' || magic.name === 'set_env') && setsTruthy(magic.args)) reportRange(unit, context, magic.startOffset, magic.endOffset);
      return;
    }
    if (context.document.kind !== 'text') return;
    const pattern = new RegExp(`^[ \\t]*(?:export[ \\t]+|ENV[ \\t]+|set[ \\t]+)?${NAME}[ \\t]*[= \\t][ \\t]*["']?([^"'\\s#]*)`, 'gmi');
    for (let match = pattern.exec(unit.text); match; match = pattern.exec(unit.text)) if (TRUTHY.test(match[1])) reportRange(unit, context, match.index, match.index + match[0].length);
  },
});

/** Deletes `os.environ[...] = "1"` / `os.environ.setdefault(...)` when it is a statement on lines of its own in a block with other statements. */
function removeSetting(node: Node, context: RuleContext): Fix[] {
  if (node.type !== 'assignment' && node.type !== 'call') return [];
  const statement = node.parent;
  const block = statement?.parent;
  if (statement?.type !== 'expression_statement' || !block || (block.type !== 'module' && block.type !== 'block')) return [];
  if (block.namedChildren.filter((c) => c && c.type !== 'comment').length < 2) return [];
  const edits = removeStatement(statement, context);
  return edits ? [{ title: `Remove ${NAME}`, safe: false, edits }] : [];
}

function setsTruthy(args: string): boolean {
  const match = new RegExp(`^${NAME}\\s*[= ]\\s*["']?([^"'\\s]*)`).exec(args.trim());
  return !!match && TRUTHY.test(match[1]);
}

function reportRange(unit: SourceUnit, context: RuleContext, start: number, end: number): void {
  context.report({ unit: unit.index, range: unit.lines.rangeOf(start, end) });
}

/** The value set for the variable in `node`, when `node` sets it. */
function valueNode(node: Node): Node | undefined {
  const mentions = (n: Node | null | undefined) => !!n && n.type === 'string' && n.text.slice(1, -1).replace(/^["']+|["']+$/g, '') === NAME;
  switch (node.type) {
    case 'pair':
      return mentions(node.childForFieldName('key')) ? (node.childForFieldName('value') ?? undefined) : undefined;
    case 'keyword_argument':
      return node.childForFieldName('name')?.text === NAME ? (node.childForFieldName('value') ?? undefined) : undefined;
    case 'assignment': {
      // os.environ["NAME"] = value
      const left = node.childForFieldName('left');
      if (left?.type !== 'subscript' || !/environ$/.test(left.childForFieldName('value')?.text ?? '')) return undefined;
      return mentions(left.childForFieldName('subscript')) ? (node.childForFieldName('right') ?? undefined) : undefined;
    }
    case 'call': {
      // os.environ.setdefault("NAME", value), os.putenv("NAME", value)
      const fn = node.childForFieldName('function')?.text ?? '';
      if (!/(environ\.setdefault|putenv|environ\.__setitem__)$/.test(fn)) return undefined;
      const args = node.childForFieldName('arguments')?.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment') ?? [];
      return mentions(args[0]) ? args[1] : undefined;
    }
    default:
      return undefined;
  }
}
