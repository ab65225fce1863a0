// Engine-only figures: analysing a realistic 3,000-line Python file in process, full and after a
// one-character edit (what the language server does on a keystroke, minus JSON-RPC).
import { defaultConfig } from '../../server/src/engine/config';
import { pythonDocument } from '../../server/src/engine/document';
import { createEngine } from '../../server/src/engine/engine';
import { ParseCache } from '../../server/src/engine/parser';
import { allRules } from '../../rules';
import { median, percentile, type BenchRow } from '../bench';
import { realisticPython } from './lib/corpus';

export default async function run(): Promise<BenchRow[]> {
  const engine = await createEngine(allRules);
  const text = realisticPython(3000);
  const config = defaultConfig();
  const full: number[] = [];
  for (let i = 0; i < 15; i++) {
    const start = performance.now();
    engine.analyzeDocument(pythonDocument(`/bench/full${i}.py`, text), config);
    full.push(performance.now() - start);
  }
  const cache = new ParseCache();
  engine.analyzeDocument(pythonDocument('/bench/edit.py', text), config, cache);
  const edits: number[] = [];
  let current = text;
  for (let i = 0; i < 60; i++) {
    const at = current.indexOf('\n', Math.floor((current.length * (i + 1)) / 62));
    current = current.slice(0, at) + (i % 2 ? '' : ' ') + current.slice(at);
    const start = performance.now();
    engine.analyzeDocument(pythonDocument('/bench/edit.py', current), config, cache);
    edits.push(performance.now() - start);
  }
  cache.clear();
  return [
    { name: 'engine: analyse 3,000-line file (cold parse)', median: median(full), p95: percentile(full, 95), unit: 'ms' },
    { name: 'engine: re-analyse after an edit (3,000 lines)', median: median(edits), p95: percentile(edits, 95), unit: 'ms', target: '<= 20 ms', ok: median(edits) <= 20 },
  ];
}
