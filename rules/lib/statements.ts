import type { Node, RuleContext, UnitEdit } from '../../server/src/engine/api';

/** The expression statement that `node` (a call or an assignment) makes up on its own, if any. */
export function statementOf(node: Node): Node | undefined {
  const statement = node.parent;
  return statement?.type === 'expression_statement' && statement.namedChildCount === 1 ? statement : undefined;
}

/**
 * Edits that delete a statement: its whole line when it stands alone on it (a trailing comment
 * goes with it), `pass` when it is the only statement of a block. Undefined when the statement
 * shares its line with other code.
 */
export function removeStatement(statement: Node, context: RuleContext): UnitEdit[] | undefined {
  const text = context.unit.code;
  const lineStart = text.lastIndexOf('\n', statement.startIndex - 1) + 1;
  if (!/^[ \t]*$/.test(text.slice(lineStart, statement.startIndex))) return undefined;
  const rest = /^[ \t]*(#[^\n]*)?(\r?\n|$)/.exec(text.slice(statement.endIndex));
  if (!rest) return undefined;
  const block = statement.parent;
  const siblings = (block?.namedChildren ?? []).filter((c) => c && c.type !== 'comment');
  if (block?.type === 'block' && siblings.length === 1) return [context.edits.replace(statement, 'pass')];
  return [context.edits.replaceRange(lineStart, statement.endIndex + rest[0].length, '')];
}

/** `os.environ[NAME] = value`: the variable name (when known) and the value node; undefined for other assignments. */
export function environAssignment(assignment: Node, context: RuleContext): { name: string; value: Node } | undefined {
  const left = assignment.childForFieldName('left');
  const right = assignment.childForFieldName('right');
  if (left?.type !== 'subscript' || !right) return undefined;
  const object = left.childForFieldName('value');
  const key = left.childForFieldName('subscript');
  if (!object || !key || context.qualifiedName(object) !== 'os.environ') return undefined;
  const name = context.valueOf(key);
  return name.kind === 'string' ? { name: name.value, value: right } : undefined;
}
