import * as assert from 'node:assert/strict';
import { createEngine } from '../../server/src/engine/engine';
import { allRules } from '../../rules';
import { precision, recall, scoreCorpus } from './corpus';

/**
 * The labelled corpus (test/personal-data/corpus/): notebooks and pipelines written like real
 * ML code (public Kaggle datasets, a CRM churn model, hospital readmissions, HR scoring, LLM
 * segmentation, web logs, fraud, S3 export jobs, a FastAPI scoring service). Labels say what a
 * reviewer would want reported. The targets: precision >= 95%, recall >= 90%.
 */
describe('personal-data rules on the labelled corpus', function () {
  this.timeout(60_000);

  it('meets precision >= 0.95 and recall >= 0.90', async () => {
    const score = scoreCorpus(await createEngine(allRules));
    const summary = `precision ${precision(score).toFixed(3)}, recall ${recall(score).toFixed(3)} (${score.truePositives} true, ${score.falsePositives.length} false, ${score.falseNegatives.length} missed)`;
    assert.ok(score.truePositives > 0, 'the corpus has no labelled findings');
    assert.ok(precision(score) >= 0.95, `${summary}\nfalse positives:\n  ${score.falsePositives.join('\n  ')}`);
    assert.ok(recall(score) >= 0.9, `${summary}\nmissed:\n  ${score.falseNegatives.join('\n  ')}`);
  });
});
