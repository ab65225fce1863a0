// Precision and recall of the injection, crypto, path and temp-file rules on a labelled corpus of
// realistic ML code (test/labelled/corpus), side by side with Bandit when it is installed.
//
//   npx tsx scripts/labelled-eval.ts            # table
//   npx tsx scripts/labelled-eval.ts --json     # machine-readable
//
// Labels are comments on the risky line: `# risk: command-injection` (several categories may be
// listed, comma-separated). A line without a label is not a risk: a finding there is a false
// positive. Findings and labels are matched by file, cell and line, per category.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createEngine } from '../server/src/engine/engine';
import type { AnalysisDocument } from '../server/src/engine/document';
import { allRules } from '../rules';

export const EVALUATED_CATEGORIES = ['weak-crypto', 'command-injection', 'sql-injection', 'path-traversal', 'insecure-temp-file'] as const;
export type EvaluatedCategory = (typeof EVALUATED_CATEGORIES)[number];

export const CORPUS = path.resolve(__dirname, '..', 'test', 'labelled', 'corpus');

/** Bandit test ids by the category they report (Bandit 1.6 to 1.8). Ids of other categories are left out. */
export const BANDIT_CATEGORIES: Record<string, EvaluatedCategory> = {
  B103: 'insecure-temp-file',
  B108: 'insecure-temp-file',
  B306: 'insecure-temp-file',
  B377: 'insecure-temp-file',
  B202: 'path-traversal',
  B303: 'weak-crypto',
  B304: 'weak-crypto',
  B305: 'weak-crypto',
  B311: 'weak-crypto',
  B324: 'weak-crypto',
  B413: 'weak-crypto',
  B505: 'weak-crypto',
  B404: 'command-injection',
  B602: 'command-injection',
  B603: 'command-injection',
  B604: 'command-injection',
  B605: 'command-injection',
  B606: 'command-injection',
  B607: 'command-injection',
  B608: 'sql-injection',
  B609: 'command-injection',
};

/** `file#unit:line` (1-based line) → categories. */
type Marks = Map<string, Set<EvaluatedCategory>>;

export interface Score {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  falsePositives: string[];
  misses: string[];
}

const LABEL = /#\s*risk:\s*([a-z-]+(?:\s*,\s*[a-z-]+)*)/;

function add(marks: Marks, key: string, category: EvaluatedCategory): void {
  const set = marks.get(key) ?? new Set();
  set.add(category);
  marks.set(key, set);
}

function isEvaluated(category: string): category is EvaluatedCategory {
  return (EVALUATED_CATEGORIES as readonly string[]).includes(category);
}

export function corpusFiles(): string[] {
  return fs
    .readdirSync(CORPUS)
    .filter((f) => f.endsWith('.py') || f.endsWith('.ipynb'))
    .sort()
    .map((f) => path.join(CORPUS, f));
}

function labelsOf(document: AnalysisDocument, file: string, marks: Marks): void {
  for (const unit of document.units) {
    unit.text.split('\n').forEach((text, index) => {
      const match = LABEL.exec(text);
      if (!match) return;
      for (const category of match[1].split(',').map((c) => c.trim())) {
        if (!isEvaluated(category)) throw new Error(`${file}: unknown category in label "${category}"`);
        add(marks, `${path.basename(file)}#${unit.index}:${index + 1}`, category);
      }
    });
  }
}

export async function secureMlMarks(): Promise<{ labels: Marks; findings: Marks }> {
  const engine = await createEngine(allRules);
  const labels: Marks = new Map();
  const findings: Marks = new Map();
  for (const file of corpusFiles()) {
    const result = engine.analyzeFile(file);
    if (result.skipped || !result.document) throw new Error(`${file} was not analysed`);
    if (result.ruleErrors.length > 0) throw new Error(`${file}: ${result.ruleErrors.map((e) => `${e.ruleId}: ${e.message}`).join('; ')}`);
    labelsOf(result.document, file, labels);
    for (const finding of result.findings) if (isEvaluated(finding.category)) add(findings, `${path.basename(file)}#${finding.unit}:${finding.range.start.line + 1}`, finding.category);
  }
  return { labels, findings };
}

/** Bandit's findings on the corpus (notebooks converted to scripts, magics blanked), or undefined when Bandit is not installed. */
export function banditMarks(): Marks | undefined {
  const probe = spawnSync('bandit', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secure-ml-bandit-'));
  try {
    const lineMaps = new Map<string, { name: string; map: [number, number][] }>();
    for (const file of corpusFiles()) {
      const name = path.basename(file);
      if (file.endsWith('.py')) {
        fs.copyFileSync(file, path.join(dir, name));
        continue;
      }
      const notebook = JSON.parse(fs.readFileSync(file, 'utf8')) as { cells: { cell_type: string; source: string | string[] }[] };
      const lines: string[] = [];
      const map: [number, number][] = [];
      notebook.cells.forEach((cell, index) => {
        if (cell.cell_type !== 'code') return;
        const source = Array.isArray(cell.source) ? cell.source.join('') : cell.source;
        source.split('\n').forEach((line, lineIndex) => {
          // magics are not Python: Bandit cannot see them
          lines.push(/^\s*[!%]/.test(line) ? `${/^\s*/.exec(line)![0]}pass` : line);
          map.push([index, lineIndex + 1]);
        });
      });
      const script = `${name}.py`;
      fs.writeFileSync(path.join(dir, script), lines.join('\n') + '\n');
      lineMaps.set(script, { name, map });
    }
    const run = spawnSync('bandit', ['-q', '-r', '-f', 'json', dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const report = JSON.parse(run.stdout) as { results: { filename: string; line_number: number; test_id: string }[] };
    const marks: Marks = new Map();
    for (const result of report.results) {
      const category = BANDIT_CATEGORIES[result.test_id];
      if (!category) continue;
      const base = path.basename(result.filename);
      const mapped = lineMaps.get(base);
      if (mapped) {
        const [cell, line] = mapped.map[result.line_number - 1] ?? [0, result.line_number];
        add(marks, `${mapped.name}#${cell}:${line}`, category);
      } else add(marks, `${base}#0:${result.line_number}`, category);
    }
    return marks;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function score(labels: Marks, findings: Marks, category: EvaluatedCategory): Score {
  let tp = 0;
  const misses: string[] = [];
  const falsePositives: string[] = [];
  for (const [key, categories] of labels) {
    if (!categories.has(category)) continue;
    if (findings.get(key)?.has(category)) tp++;
    else misses.push(key);
  }
  for (const [key, categories] of findings) if (categories.has(category) && !labels.get(key)?.has(category)) falsePositives.push(key);
  const fp = falsePositives.length;
  const fn = misses.length;
  return { tp, fp, fn, precision: tp + fp === 0 ? 1 : tp / (tp + fp), recall: tp + fn === 0 ? 1 : tp / (tp + fn), falsePositives, misses };
}

function total(scores: Score[]): Score {
  const tp = scores.reduce((n, s) => n + s.tp, 0);
  const fp = scores.reduce((n, s) => n + s.fp, 0);
  const fn = scores.reduce((n, s) => n + s.fn, 0);
  return { tp, fp, fn, precision: tp + fp === 0 ? 1 : tp / (tp + fp), recall: tp + fn === 0 ? 1 : tp / (tp + fn), falsePositives: [], misses: [] };
}

async function main(): Promise<void> {
  const { labels, findings } = await secureMlMarks();
  const bandit = banditMarks();
  const rows: Record<string, { secureMl: Score; bandit?: Score }> = {};
  for (const category of EVALUATED_CATEGORIES) rows[category] = { secureMl: score(labels, findings, category), bandit: bandit ? score(labels, bandit, category) : undefined };
  rows.all = { secureMl: total(EVALUATED_CATEGORIES.map((c) => rows[c].secureMl)), bandit: bandit ? total(EVALUATED_CATEGORIES.map((c) => rows[c].bandit!)) : undefined };
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(rows, null, 2));
    return;
  }
  const pct = (n: number) => `${(100 * n).toFixed(0)}%`.padStart(5);
  const cell = (s?: Score) => (s ? `${pct(s.precision)} ${pct(s.recall)}  ${String(s.tp).padStart(3)} ${String(s.fp).padStart(3)} ${String(s.fn).padStart(3)}` : '   (not installed)');
  console.log(`labelled lines: ${[...labels.values()].reduce((n, s) => n + s.size, 0)} risks in ${corpusFiles().length} files`);
  console.log(`${'category'.padEnd(20)}  secure-ml: prec   rec   tp  fp  fn   bandit: prec   rec   tp  fp  fn`);
  for (const [category, row] of Object.entries(rows)) console.log(`${category.padEnd(20)}            ${cell(row.secureMl)}           ${cell(row.bandit)}`);
  for (const category of EVALUATED_CATEGORIES) {
    const s = rows[category].secureMl;
    for (const key of s.falsePositives) console.log(`  secure-ml false positive (${category}): ${key}`);
    for (const key of s.misses) console.log(`  secure-ml missed (${category}): ${key}`);
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(2);
  });
}
