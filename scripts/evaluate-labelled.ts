// `npm run evaluate -- DIR...`: precision and recall of secure-ml (and of Bandit, when it is
// installed) on a labelled corpus. A risky line ends with `# risk: <category>[, <category>]`, or
// the line above it is `# risk-next-line: <category>` (for notebook magics); every other line is
// meant to stay quiet. Only the categories that appear in the labels are scored.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileKindOf } from '../server/src/engine/document';
import { createEngine } from '../server/src/engine/engine';
import { allRules } from '../rules';

/** Bandit test ids that report what these categories cover. */
const BANDIT_CATEGORIES: Record<string, string> = {
  B501: 'insecure-transport',
  B502: 'insecure-transport',
  B503: 'insecure-transport',
  B504: 'insecure-transport',
  B309: 'insecure-transport',
  B310: 'insecure-transport',
  B321: 'insecure-transport',
  B323: 'insecure-transport',
  B201: 'insecure-server-config',
  B104: 'insecure-server-config',
};

type Key = string; // file:unit:line (1-based line)

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(full));
    else if (fileKindOf(full)?.kind === 'python' || fileKindOf(full)?.kind === 'notebook') out.push(full);
  }
  return out;
}

function cellsOf(file: string): string[] {
  if (!file.endsWith('.ipynb')) return [fs.readFileSync(file, 'utf8')];
  const notebook = JSON.parse(fs.readFileSync(file, 'utf8')) as { cells: { source: string | string[] }[] };
  return notebook.cells.map((c) => (Array.isArray(c.source) ? c.source.join('') : c.source));
}

function labelsOf(file: string): Map<Key, Set<string>> {
  const labels = new Map<Key, Set<string>>();
  cellsOf(file).forEach((text, unit) => {
    text.split('\n').forEach((line, index) => {
      const match = /#\s*risk(-next-line)?:\s*([a-z, -]+?)\s*$/.exec(line);
      if (!match) return;
      const key = `${file}:${unit}:${index + 1 + (match[1] ? 1 : 0)}`;
      const set = labels.get(key) ?? new Set<string>();
      match[2].split(',').forEach((c) => set.add(c.trim()));
      labels.set(key, set);
    });
  });
  return labels;
}

export interface Score {
  tp: number;
  fp: number;
  fn: number;
  falsePositives: string[];
  misses: string[];
}

export function score(labels: Map<Key, Set<string>>, found: Map<Key, Set<string>>, category: string): Score {
  const s: Score = { tp: 0, fp: 0, fn: 0, falsePositives: [], misses: [] };
  for (const [key, categories] of found) {
    if (!categories.has(category)) continue;
    if (labels.get(key)?.has(category)) s.tp++;
    else {
      s.fp++;
      s.falsePositives.push(key);
    }
  }
  for (const [key, categories] of labels) {
    if (categories.has(category) && !found.get(key)?.has(category)) {
      s.fn++;
      s.misses.push(key);
    }
  }
  return s;
}

function add(map: Map<Key, Set<string>>, key: Key, category: string): void {
  const set = map.get(key) ?? new Set<string>();
  set.add(category);
  map.set(key, set);
}

function banditFindings(dirs: string[]): Map<Key, Set<string>> | undefined {
  const result = spawnSync('bandit', ['-f', 'json', '-q', '-r', ...dirs], { encoding: 'utf8' });
  if (result.error || !result.stdout) return undefined;
  const report = JSON.parse(result.stdout) as { results: { filename: string; line_number: number; test_id: string }[] };
  const found = new Map<Key, Set<string>>();
  for (const r of report.results) {
    const category = BANDIT_CATEGORIES[r.test_id];
    if (category) add(found, `${path.resolve(r.filename)}:0:${r.line_number}`, category);
  }
  return found;
}

const percent = (n: number, d: number) => (d === 0 ? '  n/a' : `${((100 * n) / d).toFixed(0).padStart(4)}%`);

/** secure-ml's findings and the labels on the Python files and notebooks under `dirs`. */
export async function secureMlOn(dirs: string[]): Promise<{ files: string[]; labels: Map<Key, Set<string>>; found: Map<Key, Set<string>> }> {
  const files = dirs.flatMap(walk);
  const labels = new Map<Key, Set<string>>();
  for (const file of files) for (const [k, v] of labelsOf(file)) labels.set(k, v);
  const engine = await createEngine(allRules);
  const found = new Map<Key, Set<string>>();
  for (const file of files) for (const f of engine.analyzeFile(file).findings) add(found, `${file}:${f.unit}:${f.range.start.line + 1}`, f.category);
  return { files, labels, found };
}

async function main(): Promise<void> {
  const dirs = (process.argv.slice(2).length ? process.argv.slice(2) : ['test/labelled']).map((d) => path.resolve(d));
  const { files, labels, found: ours } = await secureMlOn(dirs);
  const categories = [...new Set([...labels.values()].flatMap((s) => [...s]))].sort();
  const tools: [string, Map<Key, Set<string>> | undefined][] = [
    ['secure-ml', ours],
    ['bandit', banditFindings(dirs)],
  ];
  const lines = files.reduce((n, f) => n + cellsOf(f).reduce((m, c) => m + c.split('\n').length, 0), 0);
  console.log(`${files.length} files, ${lines} lines, ${labels.size} labelled risky lines\n`);
  console.log('tool        category                     TP   FP   FN  precision  recall');
  for (const [tool, found] of tools) {
    if (!found) {
      console.log(`${tool.padEnd(10)}  (not installed)`);
      continue;
    }
    const total = { tp: 0, fp: 0, fn: 0 };
    for (const category of categories) {
      const s = score(labels, found, category);
      total.tp += s.tp;
      total.fp += s.fp;
      total.fn += s.fn;
      console.log(
        `${tool.padEnd(10)}  ${category.padEnd(26)} ${String(s.tp).padStart(4)} ${String(s.fp).padStart(4)} ${String(s.fn).padStart(4)}     ${percent(s.tp, s.tp + s.fp)}   ${percent(s.tp, s.tp + s.fn)}`,
      );
      if (process.env.VERBOSE) for (const key of [...s.falsePositives.map((k) => `FP ${k}`), ...s.misses.map((k) => `FN ${k}`)]) console.log(`            ${path.relative(process.cwd(), key)}`);
    }
    console.log(
      `${tool.padEnd(10)}  ${'all'.padEnd(26)} ${String(total.tp).padStart(4)} ${String(total.fp).padStart(4)} ${String(total.fn).padStart(4)}     ${percent(total.tp, total.tp + total.fp)}   ${percent(total.tp, total.tp + total.fn)}`,
    );
  }
}

if (require.main === module) void main();
