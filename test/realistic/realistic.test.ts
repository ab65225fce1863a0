import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { createEngine, type Engine } from '../../server/src/engine/engine';
import { allRules } from '../../rules';
import { analyseProject, CATEGORIES, formatScores, PROJECT, projectFiles, ratio, total } from './labels';

/**
 * The unsafe-deserialization, remote-code-execution and unpinned-artifact rules on a realistic
 * ML project (test/realistic/project): exactly the `# expect:` lines fire, and against the
 * `# risk:` ground truth precision stays >= 95% and recall >= 90%.
 */
describe('realistic ML project (unsafe deserialization, remote code, unpinned artifacts)', function () {
  this.timeout(60_000);
  let engine: Engine;
  const ids = new Set(allRules.filter((r) => (CATEGORIES as readonly string[]).includes(r.category)).map((r) => r.id));
  let analysis: ReturnType<typeof analyseProject>;

  before(async () => {
    engine = await createEngine(allRules);
    analysis = analyseProject(engine, ids);
  });

  it('has files of every kind the rules see (scripts, notebooks)', () => {
    const files = projectFiles();
    assert.ok(files.filter((f) => f.endsWith('.py')).length >= 5);
    assert.ok(files.filter((f) => f.endsWith('.ipynb')).length >= 2);
  });

  for (const file of projectFiles()) {
    it(`${path.relative(PROJECT, file)}: exactly the expected lines fire`, () => {
      const result = analysis.files.find((f) => f.file === file);
      assert.ok(result, 'not analysed');
      assert.deepEqual(result.expectationProblems, [], result.expectationProblems.join('\n'));
    });
  }

  it('keeps precision >= 95% and recall >= 90% against the risk labels', () => {
    const sum = total(analysis.scores);
    const precision = ratio(sum.truePositives, sum.truePositives + sum.falsePositives);
    const recall = ratio(sum.truePositives, sum.truePositives + sum.falseNegatives);
    const report = `${formatScores(analysis.scores)}\nnoise: ${sum.noise.join('; ')}\nmisses: ${sum.misses.join('; ')}`;
    assert.ok(sum.truePositives >= 40, `too few labelled findings to measure:\n${report}`);
    assert.ok(precision >= 0.95, `precision ${precision.toFixed(3)}\n${report}`);
    assert.ok(recall >= 0.9, `recall ${recall.toFixed(3)}\n${report}`);
  });

  it('reports every labelled line of each category in that category (no category mix-ups)', () => {
    for (const category of CATEGORIES) {
      const score = analysis.scores.get(category)!;
      assert.ok(score.truePositives > 0, `${category}: nothing labelled was found`);
    }
  });
});
