// Ground-truth labels of the labelled corpora (test/labelled/<area>/<set>/), the one format that
// docs/evaluation.md describes:
//
//   risky_call(x)  # risk: <category>[, <category>...]      the line itself is risky
//   # risk-next-line: <category>                             the next line is (notebook magics)
//   <file>.risk sidecar: `cell N, line M: <category>` / `cell N, output: <category>` / `line M: ...`
//
// A label may be followed by another comment (`# risk: x  # expect: rule-id`). Every line
// without a label is a safe line: a finding there is a false positive.
import * as fs from 'node:fs';
import type { AnalysisDocument } from '../../server/src/engine/document';

/** `unit:line` (1-based line) or `unit:output` → categories. */
export type Labels = Map<string, Set<string>>;

/** Anything that looks like a label; a candidate that does not parse is a malformed label. */
const CANDIDATE = /#\s*risk(?:-next-line)?\s*:/;
const LABEL = /#\s*risk(-next-line)?:\s*([a-z-]+(?:\s*,\s*[a-z-]+)*)\s*(?=#|$)/;
const SIDECAR = /^(?:cell\s+(\d+),\s*)?(?:line\s+(\d+)|(output)):\s*([a-z-]+(?:\s*,\s*[a-z-]+)*)\s*$/;

export interface LabelResult {
  labels: Labels;
  /** Readable problems: malformed labels, unknown categories, labels on blank or missing lines. */
  problems: string[];
}

export function where(key: string): string {
  const [unit, line] = key.split(':');
  return unit === '0' ? `line ${line}` : `cell ${unit} ${line === 'output' ? 'output' : `line ${line}`}`;
}

export function labelsOf(document: AnalysisDocument, file: string, knownCategories: ReadonlySet<string>): LabelResult {
  const labels: Labels = new Map();
  const problems: string[] = [];
  const units = new Map(document.units.map((u) => [u.index, u.text.split('\n')]));
  const add = (key: string, list: string, origin: string) => {
    const [unit, line] = key.split(':');
    const lines = units.get(Number(unit));
    if (!lines) problems.push(`${origin}: there is no cell ${unit}`);
    else if (line !== 'output') {
      const text = lines[Number(line) - 1];
      if (text === undefined) problems.push(`${origin}: ${where(key)} does not exist`);
      else if (!text.trim()) problems.push(`${origin}: labels a blank line`);
    }
    const set = labels.get(key) ?? new Set<string>();
    for (const category of list.split(',').map((c) => c.trim())) {
      if (!knownCategories.has(category)) problems.push(`${origin}: unknown category "${category}"`);
      else if (set.has(category)) problems.push(`${origin}: "${category}" labelled twice`);
      set.add(category);
    }
    labels.set(key, set);
  };
  const sidecar = `${file}.risk`;
  if (fs.existsSync(sidecar))
    fs.readFileSync(sidecar, 'utf8')
      .split(/\r?\n/)
      .forEach((raw, index) => {
        const text = raw.trim();
        if (!text || text.startsWith('#')) return;
        const match = SIDECAR.exec(text);
        const origin = `${sidecar}:${index + 1}`;
        if (!match) problems.push(`${origin}: cannot read "${text}" (expected "cell N, line M: category")`);
        else add(`${match[1] ?? 0}:${match[3] ?? match[2]}`, match[4], origin);
      });
  for (const unit of document.units)
    unit.text.split('\n').forEach((text, index) => {
      if (!CANDIDATE.test(text)) return;
      const origin = `${file} ${where(`${unit.index}:${index + 1}`)}`;
      const match = LABEL.exec(text);
      if (!match) problems.push(`${origin}: malformed label "${text.trim()}"`);
      else if (match[1] && text.slice(0, match.index).trim()) problems.push(`${origin}: "# risk-next-line:" must stand alone on its line`);
      else add(`${unit.index}:${index + 1 + (match[1] ? 1 : 0)}`, match[2], origin);
    });
  return { labels, problems };
}
