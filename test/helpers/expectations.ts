import * as fs from 'node:fs';
import type { AnalysisDocument } from '../../server/src/engine/document';
import type { Finding, Severity } from '../../server/src/engine/types';

/**
 * Expectations for a fixture, written inline as in semgrep's rule tests:
 *
 *     th.load("a.pt")                     # expect: torch-load-unsafe
 *     th.load("a.pt", weights_only=x)     # expect: torch-load-unsafe(warning)
 *     # expect-next-line: some-rule
 *
 * or, where a comment cannot go (JSON files, notebook outputs), in a sidecar `<fixture>.expect`:
 *
 *     12: rule-a, rule-b
 *     cell 3, line 2: rule-a
 *     cell 3, output: rule-a
 *
 * A line without an expectation must not fire. Keys are `unit:line` (1-based line) or `unit:output`.
 */
export interface Expectation {
  ruleId: string;
  severity?: Severity;
}

export type ExpectationMap = Map<string, Expectation[]>;

const INLINE = /#\s*expect(-next-line)?:\s*([a-z0-9(),\s-]+?)\s*$/;

function parseIds(list: string): Expectation[] {
  return list
    .split(/,(?![^(]*\))/)
    .map((item) => item.trim())
    .filter((item) => item.length > 0)
    .map((item) => {
      const match = /^([a-z0-9-]+)(?:\((error|warning|info)\))?$/.exec(item);
      if (!match) throw new Error(`bad expectation "${item}"`);
      return { ruleId: match[1], severity: match[2] as Severity | undefined };
    });
}

function add(map: ExpectationMap, key: string, items: Expectation[]): void {
  map.set(key, [...(map.get(key) ?? []), ...items]);
}

export function expectationsOf(document: AnalysisDocument, fixturePath: string): ExpectationMap {
  const map: ExpectationMap = new Map();
  const sidecar = `${fixturePath}.expect`;
  if (fs.existsSync(sidecar)) {
    for (const raw of fs.readFileSync(sidecar, 'utf8').split(/\r?\n/)) {
      const line = raw.trim();
      if (!line || line.startsWith('#')) continue;
      const match = /^(?:cell\s+(\d+),\s*)?(?:line\s+)?(\d+|output):\s*(.+)$/.exec(line);
      if (!match) throw new Error(`${sidecar}: cannot read "${line}"`);
      add(map, `${match[1] ?? 0}:${match[2]}`, parseIds(match[3]));
    }
  }
  for (const unit of document.units) {
    const lines = unit.text.split('\n');
    lines.forEach((text, index) => {
      const match = INLINE.exec(text);
      if (!match) return;
      add(map, `${unit.index}:${index + 1 + (match[1] ? 1 : 0)}`, parseIds(match[2]));
    });
  }
  return map;
}

export function findingKey(finding: Finding): string {
  return finding.origin ? `${finding.unit}:output` : `${finding.unit}:${finding.range.start.line + 1}`;
}

/** Differences between expected and actual findings, as readable lines (empty when they agree). */
export function compareFindings(expected: ExpectationMap, findings: Finding[], ruleIds: ReadonlySet<string>): string[] {
  const actual: ExpectationMap = new Map();
  for (const finding of findings) if (ruleIds.has(finding.ruleId)) add(actual, findingKey(finding), [{ ruleId: finding.ruleId, severity: finding.severity }]);
  const problems: string[] = [];
  const keys = new Set([...expected.keys(), ...actual.keys()]);
  const describe = (key: string) => {
    const [unit, line] = key.split(':');
    return unit === '0' ? `line ${line}` : `cell ${unit} ${line === 'output' ? 'output' : `line ${line}`}`;
  };
  for (const key of [...keys].sort()) {
    const want = (expected.get(key) ?? []).filter((e) => ruleIds.has(e.ruleId));
    const got = [...(actual.get(key) ?? [])];
    for (const expectation of want) {
      const index = got.findIndex((g) => g.ruleId === expectation.ruleId && (!expectation.severity || g.severity === expectation.severity));
      if (index >= 0) got.splice(index, 1);
      else {
        const other = (actual.get(key) ?? []).find((g) => g.ruleId === expectation.ruleId);
        problems.push(
          `${describe(key)}: expected ${expectation.ruleId}${expectation.severity ? `(${expectation.severity})` : ''}${other ? ` but it fired as ${other.severity}` : ' but it did not fire'}`,
        );
      }
    }
    for (const extra of got) problems.push(`${describe(key)}: unexpected ${extra.ruleId}(${extra.severity})`);
  }
  return problems;
}
