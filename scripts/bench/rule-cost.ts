// What the weak-crypto, command-injection, sql-injection, path-traversal and insecure-temp-file
// rules add to the language server's work: the same 3,000-line file re-analysed after an edit,
// with and without them, measured in turns in one process so that both see the same load.
import { defaultConfig } from '../../server/src/engine/config';
import { pythonDocument } from '../../server/src/engine/document';
import { createEngine, type Engine } from '../../server/src/engine/engine';
import { ParseCache } from '../../server/src/engine/parser';
import { allRules } from '../../rules';
import { median, type BenchRow } from '../bench';
import { realisticPython } from './lib/corpus';

const CATEGORIES = new Set(['weak-crypto', 'command-injection', 'sql-injection', 'path-traversal', 'insecure-temp-file']);

function editTimes(engine: Engine, text: string, rounds: number, key: string): number[] {
  const config = defaultConfig();
  const cache = new ParseCache();
  engine.analyzeDocument(pythonDocument(key, text), config, cache);
  const times: number[] = [];
  let current = text;
  for (let i = 0; i < rounds; i++) {
    const at = current.indexOf('\n', Math.floor((current.length * (i + 1)) / (rounds + 2)));
    current = current.slice(0, at) + (i % 2 ? '' : ' ') + current.slice(at);
    const start = performance.now();
    engine.analyzeDocument(pythonDocument(key, current), config, cache);
    times.push(performance.now() - start);
  }
  cache.clear();
  return times;
}

export default async function run(): Promise<BenchRow[]> {
  const text = realisticPython(3000);
  const without = await createEngine(allRules.filter((r) => !CATEGORIES.has(r.category)));
  const all = await createEngine(allRules);
  const a: number[] = [];
  const b: number[] = [];
  for (let turn = 0; turn < 4; turn++) {
    a.push(...editTimes(without, text, 15, `/bench/without${turn}.py`));
    b.push(...editTimes(all, text, 15, `/bench/with${turn}.py`));
  }
  const added = median(b) - median(a);
  return [
    { name: 'rule cost: edit re-analysis without the 16 injection/crypto/path/temp rules', median: median(a), unit: 'ms' },
    { name: 'rule cost: edit re-analysis with them', median: median(b), unit: 'ms', target: '<= 20 ms', ok: median(b) <= 20 },
    { name: 'rule cost: added by them', median: added, unit: 'ms', target: '<= 5 ms', ok: added <= 5 },
  ];
}
