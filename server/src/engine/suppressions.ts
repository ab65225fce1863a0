import type { SourceUnit } from './document';
import type { Tree } from './parser';
import type { Finding, UnusedSuppression } from './types';

/**
 * `# secure-ml: ignore[rule-id, other-id]` silences those rules on its line (or, as a comment on
 * its own line, on the next line); `# secure-ml: ignore` silences all; Bandit's `# nosec` too.
 * A `secure-ml` comment that silences nothing is reported so suppressions do not rot.
 */
interface Suppression {
  unit: number;
  line: number;
  /** The comment is alone on its line, so it also covers the next line. */
  standalone: boolean;
  /** Rule ids named, or undefined for all rules. */
  ruleIds: string[] | undefined;
  kind: 'secure-ml' | 'nosec';
  start: number;
  end: number;
  used: Set<string>;
  usedAll: boolean;
}

const SUPPRESSION = /#[ \t]*(?:secure-ml:[ \t]*ignore(?:\[([^\]\n]*)\])?|(nosec)\b)/g;

function suppressionsOf(unit: SourceUnit, tree: (() => Tree) | undefined): Suppression[] {
  const text = unit.text;
  if (!text.includes('secure-ml:') && !text.includes('nosec')) return [];
  const result: Suppression[] = [];
  SUPPRESSION.lastIndex = 0;
  for (let match = SUPPRESSION.exec(text); match; match = SUPPRESSION.exec(text)) {
    // in Python code, only real comments count (not a `#` inside a string)
    if (tree) {
      const node = tree().rootNode.descendantForIndex(match.index, match.index + 1);
      if (node?.type !== 'comment') continue;
    }
    const position = unit.lines.positionAt(match.index);
    const lineText = unit.lines.lineText(position.line);
    const ids = match[1]
      ?.split(',')
      .map((id) => id.trim())
      .filter((id) => id.length > 0);
    result.push({
      unit: unit.index,
      line: position.line,
      standalone: lineText.slice(0, position.character).trim() === '',
      ruleIds: match[2] ? undefined : ids && ids.length > 0 ? ids : undefined,
      kind: match[2] ? 'nosec' : 'secure-ml',
      start: match.index,
      end: match.index + match[0].length,
      used: new Set(),
      usedAll: false,
    });
  }
  return result;
}

function covers(suppression: Suppression, finding: Finding): boolean {
  if (suppression.unit !== finding.unit || finding.origin) return false;
  const { start, end } = finding.range;
  if (suppression.line >= start.line && suppression.line <= end.line) return true;
  return suppression.standalone && suppression.line === start.line - 1;
}

/**
 * Removes suppressed findings and returns the suppressions that silenced nothing.
 * `enabledRuleIds` keeps a comment naming a rule that is switched off from being called unused;
 * `knownRuleIds` lets a typo in a rule id be reported.
 */
export function applySuppressions(
  findings: Finding[],
  units: readonly SourceUnit[],
  treeOf: (unit: SourceUnit) => Tree,
  enabledRuleIds: ReadonlySet<string>,
  knownRuleIds: ReadonlySet<string>,
): { kept: Finding[]; unused: UnusedSuppression[] } {
  const suppressions = units.flatMap((unit) => suppressionsOf(unit, unit.language === 'python' ? () => treeOf(unit) : undefined));
  if (suppressions.length === 0) return { kept: findings, unused: [] };
  const kept: Finding[] = [];
  for (const finding of findings) {
    let silenced = false;
    for (const suppression of suppressions) {
      if (!covers(suppression, finding)) continue;
      if (!suppression.ruleIds) {
        suppression.usedAll = true;
        silenced = true;
      } else if (suppression.ruleIds.includes(finding.ruleId)) {
        suppression.used.add(finding.ruleId);
        silenced = true;
      }
    }
    if (!silenced) kept.push(finding);
  }
  const unused: UnusedSuppression[] = [];
  for (const suppression of suppressions) {
    if (suppression.kind !== 'secure-ml') continue; // `# nosec` may be there for Bandit's own rules
    const unit = units[suppression.unit];
    const range = { start: unit.lines.positionAt(suppression.start), end: unit.lines.positionAt(suppression.end) };
    if (!suppression.ruleIds) {
      if (!suppression.usedAll) unused.push({ unit: suppression.unit, range, ruleIds: [], message: 'This `secure-ml: ignore` comment silences nothing here; remove it.' });
      continue;
    }
    const unknown = suppression.ruleIds.filter((id) => !knownRuleIds.has(id));
    const idle = suppression.ruleIds.filter((id) => knownRuleIds.has(id) && enabledRuleIds.has(id) && !suppression.used.has(id));
    if (unknown.length > 0) unused.push({ unit: suppression.unit, range, ruleIds: unknown, message: `Unknown rule id${unknown.length > 1 ? 's' : ''} in suppression: ${unknown.join(', ')}.` });
    if (idle.length > 0) unused.push({ unit: suppression.unit, range, ruleIds: idle, message: `This suppression of ${idle.join(', ')} silences nothing here; remove it.` });
  }
  return { kept, unused };
}
