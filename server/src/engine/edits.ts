import type { SourceUnit } from './document';
import type { Node, Tree } from './parser';
import type { CallSite, EditBuilder } from './rule';
import { classifyBinding, type Binding } from './resolve';
import type { Position, UnitEdit } from './types';

/** Edit helpers for fixes, in the coordinates of one unit. */
export class UnitEditBuilder implements EditBuilder {
  constructor(
    private readonly unit: SourceUnit,
    private readonly tree: () => Tree,
    /** Import bindings visible in this unit (earlier cells included), for `ensureImport`. */
    private readonly imports: () => Binding[],
    /** Every binding of a name in the program, for `ensureDefinition`. */
    private readonly bindings: (name: string) => Binding[],
  ) {}

  private at(offset: number): Position {
    return this.unit.lines.positionAt(offset);
  }

  replaceRange(startOffset: number, endOffset: number, text: string): UnitEdit {
    return { unit: this.unit.index, range: { start: this.at(startOffset), end: this.at(endOffset) }, newText: text };
  }

  replace(node: Node, text: string): UnitEdit {
    return this.replaceRange(node.startIndex, node.endIndex, text);
  }

  insertAt(offset: number, text: string): UnitEdit {
    return this.replaceRange(offset, offset, text);
  }

  setKeyword(call: CallSite, name: string, valueText: string): UnitEdit[] | undefined {
    const existing = call.keyword(name);
    if (existing) return [this.replace(existing, valueText)];
    const args = call.node.childForFieldName('arguments');
    if (!args || args.type !== 'argument_list') return undefined;
    const items = args.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
    const text = this.unit.code;
    if (items.length === 0) {
      const open = args.child(0);
      return open ? [this.insertAt(open.endIndex, `${name}=${valueText}`)] : undefined;
    }
    const last = items[items.length - 1];
    // a `**kwargs` must stay last: insert before it
    const firstDoubleSplat = items.find((c) => c.type === 'dictionary_splat');
    if (firstDoubleSplat) return [this.insertAt(firstDoubleSplat.startIndex, `${name}=${valueText}, `)];
    const afterLast = text.slice(last.endIndex, args.endIndex - 1);
    const trailingComma = /^\s*,/.test(afterLast);
    const closeOnOwnLine = closesOnOwnLine(text, args.endIndex - 1);
    if (trailingComma && closeOnOwnLine) {
      // one argument per line with a trailing comma: add a line in the same style
      const lineStart = text.lastIndexOf('\n', last.startIndex - 1) + 1;
      const indent = /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
      const commaEnd = last.endIndex + afterLast.indexOf(',') + 1;
      return [this.insertAt(commaEnd, `\n${indent}${name}=${valueText},`)];
    }
    return [this.insertAt(last.endIndex, `, ${name}=${valueText}`)];
  }

  removeArgument(call: CallSite, argument: Node): UnitEdit[] {
    const args = call.node.childForFieldName('arguments');
    const text = this.unit.code;
    const items = (args?.namedChildren ?? []).filter((c): c is Node => !!c && c.type !== 'comment');
    const index = items.findIndex((c) => c.id === argument.id);
    if (!args || index < 0) return [this.replace(argument, '')];
    const afterMatch = /^[ \t]*,?[ \t]*/.exec(text.slice(argument.endIndex))?.[0] ?? '';
    const lineStart = text.lastIndexOf('\n', argument.startIndex - 1) + 1;
    // an argument on a line of its own (a trailing comment about it goes with it)
    const aloneOnLine = /^[ \t]*$/.test(text.slice(lineStart, argument.startIndex)) && /^(#[^\n]*)?(\r?\n|$)/.test(text.slice(argument.endIndex + afterMatch.length));
    if (aloneOnLine && items.length > 1) {
      // the argument has its own line: remove the line
      const lineEnd = text.indexOf('\n', argument.endIndex);
      return [this.replaceRange(lineStart, lineEnd === -1 ? text.length : lineEnd + 1, '')];
    }
    if (index < items.length - 1) {
      // `f(a, x=1, b)`: remove `x=1, `
      return [this.replaceRange(argument.startIndex, items[index + 1].startIndex, '')];
    }
    if (index > 0) {
      // last argument: remove from the end of the previous one, keeping a trailing comma if there was one
      const previous = items[index - 1];
      const hadTrailingComma = afterMatch.includes(',');
      return [this.replaceRange(previous.endIndex, argument.endIndex + (hadTrailingComma ? afterMatch.indexOf(',') + 1 : 0), hadTrailingComma ? ',' : '')];
    }
    // the only argument
    return [this.replaceRange(argument.startIndex, argument.endIndex + afterMatch.length, '')];
  }

  ensureImport(module: string, name?: string): { edits: UnitEdit[]; reference: string } {
    const imports = this.imports();
    if (name) {
      const direct = imports.find((b) => b.qualified === `${module}.${name}`);
      if (direct) return { edits: [], reference: direct.name };
    }
    const moduleBinding = imports.find((b) => b.qualified === module);
    if (moduleBinding) return { edits: [], reference: name ? `${moduleBinding.name}.${name}` : moduleBinding.name };
    const statement = name ? `from ${module} import ${name}` : `import ${module}`;
    return { edits: [this.importEdit(statement)], reference: name ?? module };
  }

  ensureDefinition(name: string, code: string): UnitEdit[] {
    const defined = this.bindings(name).some((b) => b.scope === 0 && b.unit <= this.unit.index && (b.kind === 'function' || b.kind === 'class' || b.kind === 'assign' || b.kind === 'import'));
    if (defined) return [];
    const at = this.afterImportsOffset();
    const text = this.unit.code;
    const before = at === 0 ? '' : text.slice(Math.max(0, at - 2), at) === '\n\n' ? '' : '\n';
    return [this.insertAt(at, `${before}\n${code.trim()}\n\n`)];
  }

  /**
   * Where new top-level code goes: the start of the line after the leading imports (or the
   * module docstring); without those, the line of the first statement, so a shebang, an encoding
   * line or a license header stays first.
   */
  private afterImportsOffset(): number {
    const root = this.tree().rootNode;
    const text = this.unit.code;
    let afterImports: number | undefined;
    // child by child: only the leading statements are looked at, not every top-level node of a long file
    for (let i = 0; i < root.namedChildCount; i++) {
      const child = root.namedChild(i);
      if (!child || child.type === 'comment') continue;
      const isImport = child.type === 'import_statement' || child.type === 'import_from_statement' || child.type === 'future_import_statement';
      const isDocstring = afterImports === undefined && child.type === 'expression_statement' && child.namedChild(0)?.type === 'string';
      if (isImport || isDocstring) {
        afterImports = child.endIndex;
        continue;
      }
      if (afterImports === undefined) return text.lastIndexOf('\n', child.startIndex - 1) + 1;
      break;
    }
    if (afterImports === undefined) return text.length;
    const lineEnd = text.indexOf('\n', afterImports);
    return lineEnd === -1 ? text.length : lineEnd + 1;
  }

  /** Inserts an import line after the unit's leading imports (or after its docstring and comments). */
  private importEdit(statement: string): UnitEdit {
    const at = this.afterImportsOffset();
    const text = this.unit.code;
    const needsNewline = at === text.length && text.length > 0 && !text.endsWith('\n');
    return this.insertAt(at, needsNewline ? `\n${statement}\n` : `${statement}\n`);
  }
}

/** Whether only spaces or tabs stand between the previous line break and `offset` (looks back, not over the whole text). */
function closesOnOwnLine(text: string, offset: number): boolean {
  let i = offset - 1;
  while (i >= 0 && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i--;
  return i >= 0 && text.charCodeAt(i) === 10;
}

/** Import bindings of the units up to and including `unit` (module scope only). */
export function collectImports(units: readonly SourceUnit[], upTo: number, tree: (unit: SourceUnit) => Tree): Binding[] {
  const result: Binding[] = [];
  for (const unit of units) {
    if (unit.index > upTo) break;
    if (unit.language !== 'python' || !unit.code.includes('import')) continue;
    const root = tree(unit).rootNode;
    const pattern = /\bimport\b/g;
    for (let match = pattern.exec(unit.code); match; match = pattern.exec(unit.code)) {
      const statement = root.descendantForIndex(match.index, match.index + 6)?.parent;
      if (!statement || (statement.type !== 'import_statement' && statement.type !== 'import_from_statement')) continue;
      for (const name of statement.childrenForFieldName('name')) {
        if (!name) continue;
        const identifier = name.type === 'aliased_import' ? name.childForFieldName('alias') : name.namedChild(0);
        const binding = identifier ? classifyBinding(identifier, unit.index) : undefined;
        if (binding?.kind === 'import' && binding.scope === 0) result.push(binding);
      }
    }
  }
  return result;
}
