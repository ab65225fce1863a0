import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Engine } from '../../server/src/engine/engine';
import { allRules } from '../../rules';
import { expectationsOf, findingKey } from '../helpers/expectations';

/** The rules the labelled corpus measures. */
export const PERSONAL_DATA_RULES = new Set(allRules.filter((r) => r.category === 'pii-exposure' || r.category === 'unencrypted-storage').map((r) => r.id));

export const CORPUS = path.join(__dirname, 'corpus');

export interface Score {
  truePositives: number;
  falsePositives: string[];
  falseNegatives: string[];
}

/**
 * Scores the engine against the labelled corpus: each `# expect: rule` line is a true finding
 * (a reviewer would want it reported), every other line must stay quiet. A finding counts on
 * its line for its rule; severities are not compared.
 */
export function scoreCorpus(engine: Engine): Score {
  const score: Score = { truePositives: 0, falsePositives: [], falseNegatives: [] };
  for (const name of fs.readdirSync(CORPUS).sort()) {
    const file = path.join(CORPUS, name);
    const result = engine.analyzeFile(file);
    if (result.skipped || !result.document) throw new Error(`${name}: not analysed`);
    const expected = new Map<string, string[]>();
    for (const [key, list] of expectationsOf(result.document, file))
      expected.set(
        key,
        list.filter((e) => PERSONAL_DATA_RULES.has(e.ruleId)).map((e) => e.ruleId),
      );
    const actual = new Map<string, string[]>();
    for (const finding of result.findings) if (PERSONAL_DATA_RULES.has(finding.ruleId)) actual.set(findingKey(finding), [...(actual.get(findingKey(finding)) ?? []), finding.ruleId]);
    for (const key of new Set([...expected.keys(), ...actual.keys()])) {
      const want = [...(expected.get(key) ?? [])];
      for (const got of actual.get(key) ?? []) {
        const index = want.indexOf(got);
        if (index >= 0) {
          want.splice(index, 1);
          score.truePositives++;
        } else score.falsePositives.push(`${name} ${key} ${got}`);
      }
      for (const missed of want) score.falseNegatives.push(`${name} ${key} ${missed}`);
    }
  }
  return score;
}

export function precision(score: Score): number {
  return score.truePositives / Math.max(1, score.truePositives + score.falsePositives.length);
}

export function recall(score: Score): number {
  return score.truePositives / Math.max(1, score.truePositives + score.falseNegatives.length);
}
