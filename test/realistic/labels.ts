import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AnalysisDocument } from '../../server/src/engine/document';
import type { Engine } from '../../server/src/engine/engine';
import type { Finding } from '../../server/src/engine/types';
import { fileKindOf } from '../../server/src/engine/document';
import { compareFindings, expectationsOf, findingKey } from '../helpers/expectations';

/**
 * A labelled set of realistic ML code (training scripts, notebooks, fine-tuning, serving, RAG,
 * agents) for the categories `rules-a` owns. Two kinds of annotation, kept apart on purpose:
 *
 *  - `# risk: category[, category]` (or a `<file>.risk` sidecar: `cell 1, line 3: category`) is
 *    the ground truth: a line a reviewer would flag for that category, written from the code,
 *    not from what the rules report. Lines without it are safe idioms.
 *  - `# expect: rule-id` is what the rules report today (exact, as in the fixtures).
 *
 * Precision and recall compare findings with the labels, per category, line by line.
 */
export const PROJECT = path.join(__dirname, 'project');
export const CATEGORIES = ['unsafe-deserialization', 'remote-code-execution', 'unpinned-artifact'] as const;

const RISK = /#\s*risk:\s*([a-z-]+(?:\s*,\s*[a-z-]+)*)/;

export function projectFiles(): string[] {
  const result: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (!/\.(expect|risk)$/.test(entry.name) && fileKindOf(full)) result.push(full);
    }
  };
  walk(PROJECT);
  return result;
}

/** Ground-truth labels: `unit:line` (1-based line) → categories. */
export function labelsOf(document: AnalysisDocument, file: string): Map<string, Set<string>> {
  const labels = new Map<string, Set<string>>();
  const add = (key: string, categories: string[]) => {
    const set = labels.get(key) ?? new Set<string>();
    categories.forEach((c) => set.add(c));
    labels.set(key, set);
  };
  const sidecar = `${file}.risk`;
  if (fs.existsSync(sidecar)) {
    for (const line of fs.readFileSync(sidecar, 'utf8').split(/\r?\n/)) {
      const match = /^\s*(?:cell\s+(\d+),\s*)?(?:line\s+)?(\d+):\s*(.+)$/.exec(line);
      if (match)
        add(
          `${match[1] ?? 0}:${match[2]}`,
          match[3].split(',').map((c) => c.trim()),
        );
    }
  }
  for (const unit of document.units)
    unit.text.split('\n').forEach((text, index) => {
      const match = RISK.exec(text);
      if (match)
        add(
          `${unit.index}:${index + 1}`,
          match[1].split(',').map((c) => c.trim()),
        );
    });
  return labels;
}

export interface Score {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  /** Readable `file:line category` entries, for the report. */
  misses: string[];
  noise: string[];
}

export interface FileResult {
  file: string;
  findings: Finding[];
  /** Differences between `# expect:` comments and the findings of our categories. */
  expectationProblems: string[];
}

export function analyseProject(engine: Engine, ruleIdsOfOurCategories: ReadonlySet<string>, only?: (file: string) => boolean): { files: FileResult[]; scores: Map<string, Score> } {
  const scores = new Map<string, Score>(CATEGORIES.map((c) => [c, { truePositives: 0, falsePositives: 0, falseNegatives: 0, misses: [], noise: [] }]));
  const files: FileResult[] = [];
  for (const file of projectFiles().filter((f) => !only || only(f))) {
    const result = engine.analyzeFile(file);
    if (!result.document) throw new Error(`${file} was not analysed: ${result.problems.map((p) => p.message).join('; ')}`);
    const ours = result.findings.filter((f) => (CATEGORIES as readonly string[]).includes(f.category));
    const expectationProblems = compareFindings(expectationsOf(result.document, file), ours, ruleIdsOfOurCategories);
    files.push({ file, findings: ours, expectationProblems });
    const labels = labelsOf(result.document, file);
    const reported = new Map<string, Set<string>>();
    for (const finding of ours) {
      const key = findingKey(finding);
      reported.set(key, (reported.get(key) ?? new Set()).add(finding.category));
    }
    const where = (key: string) => {
      const [unit, line] = key.split(':');
      return `${path.relative(PROJECT, file)}:${unit === '0' ? '' : `cell ${unit}:`}${line}`;
    };
    for (const category of CATEGORIES) {
      const score = scores.get(category)!;
      const keys = new Set([...labels.keys(), ...reported.keys()]);
      for (const key of keys) {
        const labelled = labels.get(key)?.has(category) ?? false;
        const fired = reported.get(key)?.has(category) ?? false;
        if (labelled && fired) score.truePositives++;
        else if (fired) {
          score.falsePositives++;
          score.noise.push(`${where(key)} ${category}`);
        } else if (labelled) {
          score.falseNegatives++;
          score.misses.push(`${where(key)} ${category}`);
        }
      }
    }
  }
  return { files, scores };
}

export function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 1 : numerator / denominator;
}

export function total(scores: Map<string, Score>): Score {
  const sum: Score = { truePositives: 0, falsePositives: 0, falseNegatives: 0, misses: [], noise: [] };
  for (const score of scores.values()) {
    sum.truePositives += score.truePositives;
    sum.falsePositives += score.falsePositives;
    sum.falseNegatives += score.falseNegatives;
    sum.misses.push(...score.misses);
    sum.noise.push(...score.noise);
  }
  return sum;
}

export function formatScores(scores: Map<string, Score>): string {
  const rows = [...scores.entries(), ['all', total(scores)] as const];
  const lines = ['category                  labelled  reported  TP  FP  FN  precision  recall'];
  for (const [name, s] of rows) {
    const labelled = s.truePositives + s.falseNegatives;
    const reported = s.truePositives + s.falsePositives;
    lines.push(
      `${name.padEnd(24)}  ${String(labelled).padStart(8)}  ${String(reported).padStart(8)}  ${String(s.truePositives).padStart(2)}  ${String(s.falsePositives).padStart(2)}  ${String(s.falseNegatives).padStart(2)}  ${(100 * ratio(s.truePositives, reported)).toFixed(1).padStart(8)}%  ${(100 * ratio(s.truePositives, labelled)).toFixed(1).padStart(5)}%`,
    );
  }
  return lines.join('\n');
}
