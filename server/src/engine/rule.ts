import type { AnalysisDocument, SourceUnit } from './document';
import type { Node } from './parser';
import type { Binding, Value } from './resolve';
import type { PersonalData } from './sensitive-data';
import type { Category, Fix, Range, Severity, UnitEdit } from './types';
import { isCategory, isSeverity } from './types';

/**
 * The rule API. A rule is data (id, category, severity, message, docs) plus the hooks it needs:
 *
 *  - `calls` + `onCall`: calls whose callee resolves to one of `calls` (aliases, `from` imports,
 *    assignments and earlier notebook cells handled by the engine). `'*.from_pretrained'` matches
 *    a method of that name on any receiver.
 *  - `nodes` + `onNode`: syntax nodes of the given types around an occurrence of a keyword
 *    (`trust_remote_code`, `CURL_CA_BUNDLE`...).
 *  - `onText`: every unit's raw text, any file kind (secret and PII detectors).
 *  - `onDocument`: once per document, for checks over the whole program.
 *
 * The engine finds candidates by searching the text for the rules' keywords first, so a file
 * that mentions none of them is never parsed.
 */

export interface RuleDocs {
  /** What the rule finds, in one or two sentences. */
  what: string;
  /** Why it matters, in the user's terms. */
  why: string;
  /** How to fix it. */
  fix: string;
  example: { bad: string; good: string };
  references?: string[];
}

export interface Report {
  /** The node to underline (in the current unit), or `range` (+ `unit`). */
  node?: Node;
  range?: Range;
  unit?: number;
  message?: string;
  severity?: Severity;
  fixes?: Fix[];
  origin?: { kind: 'output'; output: number; line: number };
}

export interface ProjectInfo {
  /** Folder of the project (where the config or requirements were found). */
  root?: string;
  /** The version constraint a project declares for a Python package (requirements*.txt, pyproject), normalised name. */
  requirement(name: string): string | undefined;
}

export interface RuleOptions {
  /** Column and key names that hold personal data (built-ins plus `sensitive-columns`). */
  sensitiveColumns: readonly string[];
  /** Hosts allowed over plain http (`allowed-hosts`); localhost is always allowed. */
  allowedHosts: readonly string[];
}

export interface CallSite {
  readonly node: Node;
  readonly unit: number;
  /** Canonical qualified name of the callee (`torch.load`), or undefined when unknown. */
  readonly callee: string | undefined;
  /** The called name: the last attribute or the identifier (`load` in `th.load(...)`). */
  readonly method: string;
  /** The callee expression. */
  readonly function: Node;
  /** The object a method is called on (`obj` in `obj.m()`), if any. */
  readonly receiver: Node | undefined;
  /** Positional argument nodes, in order (splats excluded). */
  readonly positional: readonly Node[];
  /** True when `*args` or `**kwargs` may pass arguments the engine cannot see. */
  readonly hasSplat: boolean;
  /** The `keyword_argument` node named `name`. */
  keywordArgument(name: string): Node | undefined;
  /** The value node of keyword `name`. */
  keyword(name: string): Node | undefined;
  /** The argument at `position` or passed as `name`. */
  argument(position: number | undefined, name?: string): Node | undefined;
  /** The known value of the argument at `position` or passed as `name`; undefined when absent. */
  argumentValue(position: number | undefined, name?: string): Value | undefined;
  /**
   * A keyword argument as a flag: `true`/`false` when literal (or a constant), `unknown` when
   * passed as a variable or through `**kwargs`, `absent` when not passed.
   */
  flag(name: string): 'true' | 'false' | 'unknown' | 'absent';
}

export interface EditBuilder {
  replace(node: Node, text: string): UnitEdit;
  replaceRange(startOffset: number, endOffset: number, text: string): UnitEdit;
  insertAt(offset: number, text: string): UnitEdit;
  /** Sets `name=valueText` on a call (replacing the value if present); undefined if the call's arguments cannot be edited safely. */
  setKeyword(call: CallSite, name: string, valueText: string): UnitEdit[] | undefined;
  /** Removes an argument (positional node or `keyword_argument`) with its comma. */
  removeArgument(call: CallSite, argument: Node): UnitEdit[];
  /**
   * Makes `module` (or `name` from `module`) available and returns the expression to use for it,
   * reusing an existing import (`import numpy as np` → `np`) or adding one at the top of the unit.
   */
  ensureImport(module: string, name?: string): { edits: UnitEdit[]; reference: string };
  /**
   * Adds top-level `code` defining `name` (a helper function the fix calls) after the unit's
   * imports, unless the program already defines or imports `name`. Fixes stay self-contained:
   * the fixed file works without extra modules. Call `ensureImport` for what `code` needs.
   */
  ensureDefinition(name: string, code: string): UnitEdit[];
}

export interface RuleContext {
  readonly document: AnalysisDocument;
  /** The unit being looked at. */
  readonly unit: SourceUnit;
  readonly options: RuleOptions;
  readonly project: ProjectInfo;
  readonly edits: EditBuilder;
  report(report: Report): void;
  qualifiedName(node: Node): string | undefined;
  valueOf(node: Node): Value;
  /** The binding a use of a name refers to. */
  lookup(identifier: Node): Binding | undefined;
  /** Every binding of `name` in the program. */
  bindings(name: string): Binding[];
  /** Inspect another call node (for example the `open()` in a `with` around a `pickle.load`). */
  callSite(call: Node): CallSite;
  /** Calls inside `node` (its whole subtree), optionally only those whose callee or `*.method` matches. */
  callsWithin(node: Node, patterns?: readonly string[]): CallSite[];
  /** The unit with index `index` (for rules that look across notebook cells). */
  unitAt(index: number): SourceUnit | undefined;
  /**
   * The smallest syntax node spanning [start, end) of the current unit's code, for text rules
   * that found a place by searching the text and now need its syntax (an assignment target, a
   * dict key). Parses the unit on first use; undefined for units that are not Python.
   */
  nodeAt(start: number, end?: number): Node | undefined;
  /**
   * The personal data an expression of the current unit carries (columns named like personal
   * data, traced through assignments, selections and earlier notebook cells; see
   * `sensitive-data.ts`), or undefined when none is known.
   */
  personalData(node: Node): PersonalData | undefined;
}

export interface RuleDefinition {
  /** kebab-case slug that says what is wrong. */
  id: string;
  category: Category;
  severity: Severity;
  cwe?: number;
  /** Default one-line message; a report may give a more precise one. */
  message: string;
  docs: RuleDocs;
  /** Whether the rule offers a fix (listed by `secure-ml rules`). */
  fixable?: boolean;
  calls?: readonly string[];
  onCall?(call: CallSite, context: RuleContext): void;
  nodes?: { types: readonly string[]; keywords: readonly string[] };
  onNode?(node: Node, context: RuleContext): void;
  /** Document kinds `onText` runs on (all kinds when omitted). */
  textKinds?: readonly ('python' | 'notebook' | 'text')[];
  onText?(unit: SourceUnit, context: RuleContext): void;
  onDocument?(context: RuleContext): void;
}

export type Rule = Readonly<RuleDefinition> & { readonly fixable: boolean };

const RULE_ID = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)+$/;

/** Validates a rule definition (at load time, so a broken rule fails the tests, not a user). */
export function defineRule(definition: RuleDefinition): Rule {
  const problems: string[] = [];
  if (!RULE_ID.test(definition.id)) problems.push('id must be a kebab-case slug with at least two words');
  if (!isCategory(definition.category)) problems.push(`unknown category ${String(definition.category)}`);
  if (!isSeverity(definition.severity)) problems.push(`unknown severity ${String(definition.severity)}`);
  if (!definition.message.trim()) problems.push('message is empty');
  for (const key of ['what', 'why', 'fix'] as const) if (!definition.docs[key]?.trim()) problems.push(`docs.${key} is empty`);
  if (!definition.docs.example?.bad || !definition.docs.example?.good) problems.push('docs.example needs bad and good code');
  if (definition.calls && !definition.onCall) problems.push('calls without onCall');
  if (definition.nodes && !definition.onNode) problems.push('nodes without onNode');
  if (!definition.onCall && !definition.onNode && !definition.onText && !definition.onDocument) problems.push('the rule has no hook');
  if (problems.length > 0) throw new Error(`rule ${definition.id}: ${problems.join('; ')}`);
  return Object.freeze({ ...definition, fixable: definition.fixable ?? false });
}
