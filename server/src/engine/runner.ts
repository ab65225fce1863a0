import type { AnalysisDocument, SourceUnit } from './document';
import { CallSiteImpl } from './callsite';
import { collectImports, UnitEditBuilder } from './edits';
import { ParseCache, type Node, type Tree } from './parser';
import { UnitTrees } from './repair';
import { asIdentifier, classifyBinding, Resolver, type Binding, type Value } from './resolve';
import type { CallSite, ProjectInfo, Report, Rule, RuleContext, RuleOptions } from './rule';
import { SensitiveDataModel, type PersonalData } from './sensitive-data';
import { BUILTIN_SENSITIVE_COLUMNS } from './sensitive';
import { applySuppressions } from './suppressions';
import { wordsRegExp } from './text';
import type { AnalysisResult, Finding, Severity } from './types';

/**
 * Runs rules over a document. Candidates are found from the text first: each rule names the
 * callees or keywords it cares about, one regex over the code finds their occurrences, and only
 * then is the tree consulted at those places. A 3,000-line file costs a fraction of a
 * millisecond to search, where walking or querying its whole tree in wasm costs tens.
 */
export class RuleSet {
  readonly rules: readonly Rule[];
  /** Exact qualified callee → rules. */
  private readonly exactCalls = new Map<string, Rule[]>();
  /** Method name (from `*.name` patterns) → rules. */
  private readonly methodCalls = new Map<string, Rule[]>();
  /** Terminal names of call patterns: the words whose occurrence may be a call worth resolving. */
  readonly callWords = new Set<string>();
  /** Keyword → rules with `onNode` that asked for it. */
  readonly nodeWords = new Map<string, Rule[]>();
  readonly pattern: RegExp | undefined;
  readonly textRules: Rule[];
  readonly documentRules: Rule[];
  readonly ids: ReadonlySet<string>;

  constructor(rules: readonly Rule[]) {
    this.rules = rules;
    this.ids = new Set(rules.map((r) => r.id));
    for (const rule of rules) {
      for (const pattern of rule.calls ?? []) {
        if (pattern.startsWith('*.')) {
          const method = pattern.slice(2);
          push(this.methodCalls, method, rule);
          this.callWords.add(method);
        } else {
          push(this.exactCalls, pattern, rule);
          this.callWords.add(pattern.replace(/\(\)/g, '').split('.').pop() ?? pattern);
        }
      }
      for (const keyword of rule.nodes?.keywords ?? []) push(this.nodeWords, keyword, rule);
    }
    this.pattern = wordsRegExp([...this.callWords, ...this.nodeWords.keys()]);
    this.textRules = rules.filter((r) => r.onText);
    this.documentRules = rules.filter((r) => r.onDocument);
  }

  rulesForCall(callee: string | undefined, method: string): Rule[] {
    const exact = callee ? this.exactCalls.get(callee) : undefined;
    const byMethod = method ? this.methodCalls.get(method) : undefined;
    if (!exact) return byMethod ?? [];
    if (!byMethod) return exact;
    return [...new Set([...exact, ...byMethod])];
  }

  isCallTarget(qualified: string): boolean {
    return this.exactCalls.has(qualified);
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) {
    if (!list.includes(value)) list.push(value);
  } else {
    map.set(key, [value]);
  }
}

export interface RunOptions {
  ruleSet: RuleSet;
  options: RuleOptions;
  project: ProjectInfo;
  /** Severity overrides by rule id or category. */
  severity?: Record<string, Severity>;
  /** Keeps trees between runs (the language server); without it trees are freed after the run. */
  parseCache?: ParseCache;
  /** Every rule id the engine knows (to tell a typo in a suppression from a disabled rule). */
  knownRuleIds?: ReadonlySet<string>;
}

const MAX_ALIAS_ROUNDS = 4;

export function runRules(document: AnalysisDocument, run: RunOptions): AnalysisResult {
  const ownCache = !run.parseCache;
  const cache = run.parseCache ?? new ParseCache();
  try {
    return new DocumentRun(document, run, cache).execute();
  } finally {
    if (ownCache) cache.clear();
  }
}

class DocumentRun {
  private readonly findings: Finding[] = [];
  private readonly ruleErrors = new Map<string, string>();
  readonly resolver: Resolver;
  readonly units: readonly SourceUnit[];
  private importsCache = new Map<number, Binding[]>();
  private readonly unitTrees = new Map<number, UnitTrees>();
  private sensitiveData?: SensitiveDataModel;

  constructor(
    readonly document: AnalysisDocument,
    readonly run: RunOptions,
    private readonly cache: ParseCache,
  ) {
    this.units = document.units;
    this.resolver = new Resolver({ units: this.units, nodeAt: (unit, start, end) => this.trees(unit).nodeAt(start, end) });
  }

  tree(unit: SourceUnit): Tree {
    return this.cache.get(unit.key, unit.code);
  }

  private trees(unit: SourceUnit): UnitTrees {
    let trees = this.unitTrees.get(unit.index);
    if (!trees) {
      trees = new UnitTrees(unit, this.tree(unit));
      this.unitTrees.set(unit.index, trees);
    }
    return trees;
  }

  execute(): AnalysisResult {
    try {
      return this.analyse();
    } finally {
      for (const trees of this.unitTrees.values()) trees.dispose();
    }
  }

  private analyse(): AnalysisResult {
    const { ruleSet } = this.run;
    const pythonUnits = this.units.filter((u) => u.language === 'python');
    if (ruleSet.pattern && pythonUnits.length > 0) this.runSyntaxRules(pythonUnits);
    for (const rule of ruleSet.textRules) {
      if (rule.textKinds && !rule.textKinds.includes(this.document.kind)) continue;
      for (const unit of this.units) this.guard(rule, () => rule.onText?.(unit, this.context(rule, unit)));
    }
    for (const rule of ruleSet.documentRules) this.guard(rule, () => rule.onDocument?.(this.context(rule, this.units[0])));

    const unique = dedupe(this.findings);
    const { kept, unused } = applySuppressions(unique, this.units, (unit) => this.tree(unit), ruleSet.ids, this.run.knownRuleIds ?? ruleSet.ids);
    kept.sort((a, b) => a.unit - b.unit || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
    return {
      findings: kept,
      unusedSuppressions: unused,
      problems: [],
      ruleErrors: [...this.ruleErrors].map(([ruleId, message]) => ({ ruleId, message })),
    };
  }

  private runSyntaxRules(units: SourceUnit[]): void {
    const { ruleSet } = this.run;
    const calls = new Map<string, { node: Node; unit: number }>();
    const nodeVisits = new Map<string, { rule: Rule; node: Node; unit: SourceUnit }>();
    let words: Set<string> = new Set([...ruleSet.callWords, ...ruleSet.nodeWords.keys()]);
    let pattern = ruleSet.pattern;
    const seenWords = new Set(words);
    for (let round = 0; round < MAX_ALIAS_ROUNDS && pattern; round++) {
      const aliases = new Set<string>();
      for (const unit of units) {
        const code = unit.code;
        pattern.lastIndex = 0;
        for (let match = pattern.exec(code); match; match = pattern.exec(code)) {
          const word = match[0];
          const trees = this.trees(unit);
          const start = trees.nodeAt(match.index, match.index + word.length);
          if (ruleSet.callWords.has(word) || round > 0) {
            const identifier = asIdentifier(start, match.index, word.length);
            if (identifier) this.callCandidate(identifier, unit, calls, aliases);
          }
          const nodeRules = round === 0 ? ruleSet.nodeWords.get(word) : undefined;
          if (nodeRules) {
            for (const rule of nodeRules) {
              const target = ancestorOfType(start, rule.nodes?.types ?? []);
              if (target) nodeVisits.set(`${rule.id}:${unit.index}:${target.startIndex}:${target.endIndex}:${target.type}`, { rule, node: target, unit });
            }
          }
        }
      }
      const fresh = [...aliases].filter((a) => !seenWords.has(a));
      fresh.forEach((a) => seenWords.add(a));
      words = new Set(fresh);
      pattern = wordsRegExp(words);
    }
    for (const { node, unit } of calls.values()) {
      const site = new CallSiteImpl(node, unit, this.resolver);
      const rules = ruleSet.rulesForCall(site.callee, site.method);
      for (const rule of rules) this.guard(rule, () => rule.onCall?.(site, this.context(rule, this.units[unit])));
    }
    for (const { rule, node, unit } of nodeVisits.values()) this.guard(rule, () => rule.onNode?.(node, this.context(rule, unit)));
  }

  /**
   * An occurrence of a watched name: a call (`th.load(...)`), or an alias that makes another
   * name worth watching (`from torch import load as tl`, `loader = pickle.loads`).
   */
  private callCandidate(identifier: Node, unit: SourceUnit, calls: Map<string, { node: Node; unit: number }>, aliases: Set<string>): void {
    let expression = identifier;
    const parent = identifier.parent;
    if (parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === identifier.id) expression = parent;
    const owner = expression.parent;
    if (!owner) return;
    if (owner.type === 'call' && owner.childForFieldName('function')?.id === expression.id) {
      calls.set(`${unit.index}:${owner.startIndex}:${owner.endIndex}`, { node: owner, unit: unit.index });
      return;
    }
    // `name = torch.load` or `from torch import load as tl`: watch the new name if it is a target
    let bound: Node | undefined;
    if (owner.type === 'assignment' && owner.childForFieldName('right')?.id === expression.id) {
      const left = owner.childForFieldName('left');
      if (left?.type === 'identifier') bound = left;
    } else if (owner.type === 'dotted_name' && owner.parent?.type === 'aliased_import') {
      bound = owner.parent.childForFieldName('alias') ?? undefined;
    }
    if (!bound) return;
    const binding = classifyBinding(bound, unit.index);
    const qualified = binding ? this.resolver.bindingQualifiedName(binding) : undefined;
    if (qualified && this.run.ruleSet.isCallTarget(qualified)) aliases.add(bound.text);
  }

  private guard(rule: Rule, action: () => void): void {
    try {
      action();
    } catch (error) {
      if (!this.ruleErrors.has(rule.id)) this.ruleErrors.set(rule.id, error instanceof Error ? error.message : String(error));
    }
  }

  private imports(upTo: number): Binding[] {
    let list = this.importsCache.get(upTo);
    if (!list) {
      list = collectImports(this.units, upTo, (u) => this.tree(u));
      this.importsCache.set(upTo, list);
    }
    return list;
  }

  private context(rule: Rule, unit: SourceUnit): RuleContext {
    return new RunContext(this, rule, unit);
  }

  /** Builds the edit helper of a context (on first use: most rule calls report nothing). */
  editBuilder(unit: SourceUnit): UnitEditBuilder {
    return new UnitEditBuilder(
      unit,
      () => this.tree(unit),
      () => this.imports(unit.index),
      (name) => this.resolver.bindings(name),
    );
  }

  nodeAtIn(unit: SourceUnit, start: number, end: number): Node | undefined {
    return unit.language === 'python' ? (this.trees(unit).nodeAt(start, end) ?? undefined) : undefined;
  }

  /** One model per document run, shared by the rules (it caches what it has traced). */
  personalDataModel(): SensitiveDataModel {
    const builtin = new Set(BUILTIN_SENSITIVE_COLUMNS);
    this.sensitiveData ??= new SensitiveDataModel(
      this.resolver,
      this.run.options.sensitiveColumns.filter((name) => !builtin.has(name)),
      this.units.filter((unit) => unit.language === 'python').map((unit) => unit.code),
    );
    return this.sensitiveData;
  }

  report(rule: Rule, unit: SourceUnit, report: Report): void {
    const unitIndex = report.unit ?? unit.index;
    let range = report.range;
    if (!range && report.node)
      range = { start: { line: report.node.startPosition.row, character: report.node.startPosition.column }, end: { line: report.node.endPosition.row, character: report.node.endPosition.column } };
    if (!range) range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const overrides = this.run.severity ?? {};
    const severity = overrides[rule.id] ?? overrides[rule.category] ?? report.severity ?? rule.severity;
    this.findings.push({
      ruleId: rule.id,
      category: rule.category,
      severity,
      message: report.message ?? rule.message,
      unit: unitIndex,
      range,
      fixes: report.fixes ?? [],
      ...(report.origin ? { origin: report.origin } : {}),
    });
  }
}

/**
 * What a rule sees, for one rule and unit. A class rather than an object of closures: a run makes
 * one per rule call, text rules one per cell, and fifteen closures each showed in profiles.
 */
class RunContext implements RuleContext {
  private editsBuilder?: UnitEditBuilder;

  constructor(
    private readonly owner: DocumentRun,
    private readonly rule: Rule,
    readonly unit: SourceUnit,
  ) {}

  get document(): AnalysisDocument {
    return this.owner.document;
  }
  get options(): RuleOptions {
    return this.owner.run.options;
  }
  get project(): ProjectInfo {
    return this.owner.run.project;
  }
  get edits(): UnitEditBuilder {
    return (this.editsBuilder ??= this.owner.editBuilder(this.unit));
  }
  report(report: Report): void {
    this.owner.report(this.rule, this.unit, report);
  }
  qualifiedName(node: Node): string | undefined {
    return this.owner.resolver.qualifiedName(node, this.unit.index);
  }
  valueOf(node: Node): Value {
    return this.owner.resolver.valueOf(node, this.unit.index);
  }
  lookup(identifier: Node): Binding | undefined {
    return this.owner.resolver.lookup(identifier, this.unit.index);
  }
  bindings(name: string): Binding[] {
    return this.owner.resolver.bindings(name);
  }
  callSite(call: Node): CallSite {
    return new CallSiteImpl(call, this.unit.index, this.owner.resolver);
  }
  callsWithin(node: Node, patterns?: readonly string[]): CallSite[] {
    return callsWithin(node, this.unit.index, this.owner.resolver, patterns);
  }
  unitAt(index: number): SourceUnit | undefined {
    return this.owner.units[index];
  }
  nodeAt(start: number, end?: number): Node | undefined {
    return this.owner.nodeAtIn(this.unit, start, end ?? start);
  }
  personalData(node: Node): PersonalData | undefined {
    return this.owner.personalDataModel().personalData(node, this.unit.index);
  }
}

function ancestorOfType(node: Node | null, types: readonly string[]): Node | undefined {
  for (let current = node, depth = 0; current && depth < 40; current = current.parent, depth++) if (types.includes(current.type)) return current;
  return undefined;
}

function callsWithin(node: Node, unit: number, resolver: Resolver, patterns?: readonly string[]): CallSite[] {
  const result: CallSite[] = [];
  for (const call of node.descendantsOfType('call')) {
    if (!call) continue;
    const site = new CallSiteImpl(call, unit, resolver);
    if (!patterns || patterns.some((p) => (p.startsWith('*.') ? site.method === p.slice(2) : site.callee === p))) result.push(site);
  }
  return result;
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.ruleId}:${f.unit}:${f.range.start.line}:${f.range.start.character}:${f.range.end.line}:${f.range.end.character}:${f.origin?.output ?? ''}:${f.origin?.line ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
