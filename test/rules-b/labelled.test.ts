import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { score, secureMlOn } from '../../scripts/evaluate-labelled';
import { ROOT } from '../helpers/fixtures';

/**
 * The labelled corpora of the transport, endpoint and server-config rules (realistic serving,
 * training, download and notebook code; risky lines marked `# risk: <category>`) hold the
 * issue's targets: precision >= 95% and recall >= 90% per category. `npm run evaluate --
 * test/labelled/rules-b test/labelled/rules-b-holdout` prints the figures next to Bandit's.
 */
const CATEGORIES = ['insecure-transport', 'unauthenticated-endpoint', 'insecure-server-config'];

describe('labelled corpus (insecure-transport, unauthenticated-endpoint, insecure-server-config)', function () {
  this.timeout(60_000);
  let result: Awaited<ReturnType<typeof secureMlOn>>;
  before(async () => {
    result = await secureMlOn(['rules-b', 'rules-b-holdout'].map((d) => path.join(ROOT, 'test', 'labelled', d)));
  });

  for (const category of CATEGORIES) {
    it(`${category}: at least 5 labelled risks, precision >= 95%, recall >= 90%`, () => {
      const s = score(result.labels, result.found, category);
      const relative = (keys: string[]) => keys.map((k) => path.relative(ROOT, k)).join(', ');
      assert.ok(s.tp + s.fn >= 5, `only ${s.tp + s.fn} labelled lines`);
      assert.ok(s.tp / Math.max(1, s.tp + s.fp) >= 0.95, `precision ${s.tp}/${s.tp + s.fp}; false positives at ${relative(s.falsePositives)}`);
      assert.ok(s.tp / Math.max(1, s.tp + s.fn) >= 0.9, `recall ${s.tp}/${s.tp + s.fn}; missed ${relative(s.misses)}`);
    });
  }
});
