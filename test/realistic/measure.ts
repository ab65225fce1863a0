// `npm run measure:realistic`: precision and recall of the unsafe-deserialization,
// remote-code-execution and unpinned-artifact rules on the labelled realistic project.
import { createEngine } from '../../server/src/engine/engine';
import { allRules } from '../../rules';
import { analyseProject, CATEGORIES, formatScores, total } from './labels';

void (async () => {
  const engine = await createEngine(allRules);
  const ids = new Set(allRules.filter((r) => (CATEGORIES as readonly string[]).includes(r.category)).map((r) => r.id));
  // --python-only: the files Bandit can read, for test/realistic/bandit_compare.py
  const pythonOnly = process.argv.includes('--python-only');
  const { files, scores } = analyseProject(engine, ids, pythonOnly ? (f) => f.endsWith('.py') : undefined);
  console.log(`${files.length} files, ${files.reduce((n, f) => n + f.findings.length, 0)} findings in these categories\n`);
  console.log(formatScores(scores));
  const sum = total(scores);
  if (sum.noise.length) console.log(`\nreported, not labelled:\n  ${sum.noise.join('\n  ')}`);
  if (sum.misses.length) console.log(`\nlabelled, not reported:\n  ${sum.misses.join('\n  ')}`);
})();
