// Precision and recall of secure-ml, side by side with Bandit, on the labelled corpora under
// test/labelled/<area>/<tuning|held-out>/ (format: docs/evaluation.md).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileKindOf } from '../../server/src/engine/document';
import type { Engine } from '../../server/src/engine/engine';
import type { Finding } from '../../server/src/engine/types';
import { allRules } from '../../rules';
import { labelsOf, type Labels } from './labels';

export const ROOT = path.resolve(__dirname, '..', '..');
export const LABELLED = path.join(ROOT, 'test', 'labelled');

/** Each area is labelled for its categories only: findings of other categories are not scored there. */
export const AREAS: Record<string, readonly string[]> = {
  loading: ['unsafe-deserialization', 'remote-code-execution', 'unpinned-artifact'],
  serving: ['insecure-transport', 'unauthenticated-endpoint', 'insecure-server-config'],
  'crypto-injection': ['weak-crypto', 'command-injection', 'sql-injection', 'path-traversal', 'insecure-temp-file'],
  'personal-data': ['pii-exposure', 'unencrypted-storage'],
  secrets: ['hardcoded-secret', 'secret-exposure', 'pii-exposure'],
};
/** `tuning`: the rules were developed against it; `held-out`: written and labelled after, scored before any rule change. */
export const SETS = ['tuning', 'held-out'] as const;
export type SetName = (typeof SETS)[number];

/** Bandit 1.6 test ids by the category they report (ids of other concerns are left out). */
export const BANDIT_CATEGORIES: Record<string, string> = {
  B102: 'remote-code-execution', // exec
  B307: 'remote-code-execution', // eval
  B301: 'unsafe-deserialization', // pickle, dill, shelve, marshal-like loads
  B302: 'unsafe-deserialization', // marshal
  B403: 'unsafe-deserialization', // import pickle / dill / shelve
  B506: 'unsafe-deserialization', // yaml.load
  B614: 'unsafe-deserialization', // torch.load (Bandit >= 1.8)
  B615: 'unpinned-artifact', // Hugging Face download without revision (Bandit >= 1.8)
  B309: 'insecure-transport', // HTTPSConnection without context
  B310: 'insecure-transport', // urlopen of any scheme
  B312: 'insecure-transport', // telnetlib
  B321: 'insecure-transport', // ftplib
  B323: 'insecure-transport', // ssl._create_unverified_context
  B501: 'insecure-transport', // requests verify=False
  B502: 'insecure-transport', // bad SSL version
  B503: 'insecure-transport', // bad SSL defaults
  B504: 'insecure-transport', // SSL without version
  B507: 'insecure-transport', // SSH host key not checked
  B104: 'insecure-server-config', // bind 0.0.0.0
  B201: 'insecure-server-config', // flask debug=True
  B303: 'weak-crypto', // md5 / sha1
  B304: 'weak-crypto', // weak ciphers
  B305: 'weak-crypto', // ECB and weak modes
  B311: 'weak-crypto', // random
  B324: 'weak-crypto', // hashlib.new with a weak hash
  B413: 'weak-crypto', // pycrypto
  B505: 'weak-crypto', // short keys
  B404: 'command-injection', // import subprocess
  B601: 'command-injection', // paramiko exec_command
  B602: 'command-injection', // shell=True
  B603: 'command-injection', // subprocess without shell
  B604: 'command-injection', // shell=True in any call
  B605: 'command-injection', // os.system and friends
  B606: 'command-injection', // process without shell
  B607: 'command-injection', // partial executable path
  B609: 'command-injection', // wildcard injection
  B608: 'sql-injection', // SQL built from strings
  B610: 'sql-injection', // django extra
  B611: 'sql-injection', // django RawSQL
  B202: 'path-traversal', // tarfile.extractall (Bandit >= 1.7.5)
  B103: 'insecure-temp-file', // chmod world-writable
  B108: 'insecure-temp-file', // hardcoded /tmp path
  B306: 'insecure-temp-file', // mktemp
  B325: 'insecure-temp-file', // os.tempnam
  B105: 'hardcoded-secret',
  B106: 'hardcoded-secret',
  B107: 'hardcoded-secret',
};

export interface CorpusFile {
  file: string;
  area: string;
  set: SetName;
}

export interface Score {
  labelled: number;
  tp: number;
  fp: number;
  fn: number;
  falsePositives: string[];
  misses: string[];
}

export interface Row {
  category: string;
  area: string;
  set: SetName;
  secureMl: Score;
  /** secure-ml and Bandit on the Python files only (Bandit does not read notebooks). */
  secureMlPython: Score;
  bandit?: Score;
  /** Bandit on every file, notebooks turned into scripts first (`--bandit-notebooks`). */
  banditConverted?: Score;
}

export interface FileResult extends CorpusFile {
  findings: Finding[];
  labels: Labels;
  labelProblems: string[];
  problems: string[];
  document?: NonNullable<ReturnType<Engine['analyzeFile']>['document']>;
}

export const precision = (s: Score): number => (s.tp + s.fp === 0 ? 1 : s.tp / (s.tp + s.fp));
export const recall = (s: Score): number => (s.tp + s.fn === 0 ? 1 : s.tp / (s.tp + s.fn));

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(full));
    // every kind secure-ml scans: Python, notebooks, and the env / config / Dockerfile / .netrc
    // files the secret detectors read
    else if (fileKindOf(full)) out.push(full);
  }
  return out;
}

export function corpusFiles(): CorpusFile[] {
  const files: CorpusFile[] = [];
  for (const area of Object.keys(AREAS))
    for (const set of SETS) {
      const dir = path.join(LABELLED, area, set);
      if (fs.existsSync(dir)) files.push(...walk(dir).map((file) => ({ file, area, set })));
    }
  return files;
}

export const knownCategories = new Set(allRules.map((r) => r.category));

/** `unit:line` of a finding, or `unit:output` for one in a saved cell output. */
export function findingKey(finding: Finding): string {
  return finding.origin ? `${finding.unit}:output` : `${finding.unit}:${finding.range.start.line + 1}`;
}

export function analyse(engine: Engine, files: CorpusFile[] = corpusFiles()): FileResult[] {
  return files.map((entry) => {
    const result = engine.analyzeFile(entry.file);
    const problems = [...(result.skipped ? result.problems.map((p) => p.message) : []), ...result.ruleErrors.map((e) => `${e.ruleId}: ${e.message}`)];
    if (!result.document) return { ...entry, findings: [], labels: new Map(), labelProblems: [], problems };
    const { labels, problems: labelProblems } = labelsOf(result.document, entry.file, knownCategories);
    for (const [key, categories] of labels)
      for (const category of categories) if (!AREAS[entry.area].includes(category)) labelProblems.push(`${entry.file} ${key}: "${category}" is not scored in area ${entry.area}`);
    const findings = result.findings.filter((f) => AREAS[entry.area].includes(f.category));
    return { ...entry, findings, labels, labelProblems, problems, document: result.document };
  });
}

function emptyScore(): Score {
  return { labelled: 0, tp: 0, fp: 0, fn: 0, falsePositives: [], misses: [] };
}

function scoreFile(score: Score, file: string, labels: Labels, found: Map<string, Set<string>>, category: string): void {
  const name = path.relative(ROOT, file);
  for (const key of new Set([...labels.keys(), ...found.keys()])) {
    const labelled = labels.get(key)?.has(category) ?? false;
    const fired = found.get(key)?.has(category) ?? false;
    if (labelled) score.labelled++;
    if (labelled && fired) score.tp++;
    else if (fired) {
      score.fp++;
      score.falsePositives.push(`${name}:${key}`);
    } else if (labelled) {
      score.fn++;
      score.misses.push(`${name}:${key}`);
    }
  }
}

function byKey(entries: [string, string][]): Map<string, Set<string>> {
  const map = new Map<string, Set<string>>();
  for (const [key, category] of entries) map.set(key, (map.get(key) ?? new Set()).add(category));
  return map;
}

/** Bandit's version, or undefined when it is not installed. */
export function banditVersion(): string | undefined {
  const run = spawnSync('bandit', ['--version'], { encoding: 'utf8' });
  return run.error || run.status !== 0 ? undefined : /bandit\s+(\S+)/.exec(run.stdout)?.[1];
}

/** Bandit's findings on `files` (Python only), by absolute file → `0:line` → categories. */
export function banditFindings(files: string[]): Map<string, Map<string, Set<string>>> {
  const run = spawnSync('bandit', ['-f', 'json', '-q', ...files], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (run.error || !run.stdout) throw new Error(`bandit did not run: ${run.error?.message ?? run.stderr}`);
  const report = JSON.parse(run.stdout) as { results: { filename: string; line_number: number; test_id: string }[] };
  const entries = new Map<string, [string, string][]>();
  for (const r of report.results) {
    const category = BANDIT_CATEGORIES[r.test_id];
    if (!category) continue;
    const file = path.resolve(r.filename);
    entries.set(file, [...(entries.get(file) ?? []), [`0:${r.line_number}`, category]]);
  }
  return new Map([...entries].map(([file, list]) => [file, byKey(list)]));
}

/** A notebook's code cells as one script (magics blanked to `pass`), with each script line's `cell:line`. */
export function notebookAsScript(notebook: string): { script: string[]; lines: string[] } {
  const cells = (JSON.parse(fs.readFileSync(notebook, 'utf8')) as { cells: { cell_type: string; source: string | string[] }[] }).cells;
  const script: string[] = [];
  const lines: string[] = [];
  cells.forEach((cell, cellIndex) => {
    if (cell.cell_type !== 'code') return;
    (Array.isArray(cell.source) ? cell.source.join('') : cell.source).split('\n').forEach((line, lineIndex) => {
      script.push(/^\s*[!%]/.test(line) ? `${/^\s*/.exec(line)![0]}pass` : line);
      lines.push(`${cellIndex}:${lineIndex + 1}`);
    });
  });
  return { script, lines };
}

/**
 * Bandit on notebooks as a user would run it after `jupyter nbconvert --to script`: code cells
 * joined into one script (magics blanked to `pass`, which Bandit cannot parse), findings mapped
 * back to `cell:line`. By absolute notebook path.
 */
export function banditOnNotebooks(notebooks: string[]): Map<string, Map<string, Set<string>>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secure-ml-bandit-'));
  try {
    const maps = new Map<string, { notebook: string; lines: string[] }>();
    notebooks.forEach((notebook, index) => {
      const { script, lines } = notebookAsScript(notebook);
      const file = path.join(dir, `notebook${index}.py`);
      fs.writeFileSync(file, script.join('\n') + '\n');
      maps.set(file, { notebook, lines });
    });
    const found = banditFindings([...maps.keys()]);
    const result = new Map<string, Map<string, Set<string>>>();
    for (const [file, { notebook, lines }] of maps) {
      const entries: [string, string][] = [];
      for (const [key, categories] of found.get(file) ?? new Map<string, Set<string>>()) for (const category of categories) entries.push([lines[Number(key.split(':')[1]) - 1] ?? key, category]);
      result.set(notebook, byKey(entries));
    }
    return result;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** One row per scored category and set. */
export function score(results: FileResult[], bandit?: Map<string, Map<string, Set<string>>>, banditConverted?: Map<string, Map<string, Set<string>>>): Row[] {
  const rows: Row[] = [];
  for (const [area, categories] of Object.entries(AREAS))
    for (const set of SETS) {
      const files = results.filter((r) => r.area === area && r.set === set);
      if (!files.length) continue;
      for (const category of categories) {
        const row: Row = {
          category,
          area,
          set,
          secureMl: emptyScore(),
          secureMlPython: emptyScore(),
          bandit: bandit ? emptyScore() : undefined,
          banditConverted: banditConverted ? emptyScore() : undefined,
        };
        for (const r of files) {
          const found = byKey(r.findings.map((f) => [findingKey(f), f.category]));
          scoreFile(row.secureMl, r.file, r.labels, found, category);
          if (row.banditConverted) scoreFile(row.banditConverted, r.file, r.labels, (r.file.endsWith('.py') ? bandit : banditConverted)?.get(r.file) ?? new Map(), category);
          if (!r.file.endsWith('.py')) continue;
          scoreFile(row.secureMlPython, r.file, r.labels, found, category);
          if (row.bandit) scoreFile(row.bandit, r.file, r.labels, bandit!.get(r.file) ?? new Map(), category);
        }
        rows.push(row);
      }
    }
  return rows;
}

export function total(rows: Row[], pick: (row: Row) => Score | undefined): Score {
  const sum = emptyScore();
  for (const row of rows) {
    const s = pick(row);
    if (!s) continue;
    sum.labelled += s.labelled;
    sum.tp += s.tp;
    sum.fp += s.fp;
    sum.fn += s.fn;
  }
  return sum;
}
