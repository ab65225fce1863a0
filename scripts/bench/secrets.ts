// Secret detectors: text scanning throughput on realistic ML code and on pathological lines
// (every prefix repeated, long digit runs...), and the secret rules alone on a 3,000-line
// module as on a keystroke (the language server re-analyses the document each time).
import { defaultConfig } from '../../server/src/engine/config';
import { pythonDocument } from '../../server/src/engine/document';
import { createEngine } from '../../server/src/engine/engine';
import { ParseCache } from '../../server/src/engine/parser';
import { findPii } from '../../server/src/engine/secrets/pii';
import { scanText } from '../../server/src/engine/secrets/scan';
import { allRules } from '../../rules';
import { pathologicalLines } from '../../test/secrets/pathological';
import { median, percentile, type BenchRow } from '../bench';
import { realisticPython } from './lib/corpus';

function time(action: () => void, runs: number): number[] {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    action();
    samples.push(performance.now() - start);
  }
  return samples;
}

export default async function run(): Promise<BenchRow[]> {
  const code = realisticPython(3000, 7);
  const mb = code.length / 1024 / 1024;
  const scan = time(() => scanText(code), 20);
  const pii = time(() => findPii(code), 20);
  const lines = pathologicalLines();
  const worst = lines.map((line) => {
    const start = performance.now();
    scanText(line, { spaceSeparated: true });
    findPii(line);
    return { ms: performance.now() - start, line };
  });
  worst.sort((a, b) => b.ms - a.ms);
  const worstMbPerS = lines[0].length / 1024 / 1024 / (worst[0].ms / 1000);
  const engine = await createEngine(allRules);
  const config = { ...defaultConfig(), select: allRules.filter((r) => ['hardcoded-secret', 'secret-exposure', 'pii-exposure'].includes(r.category)).map((r) => r.id) };
  // as the language server does: one parse cache, the document re-analysed after each edit
  const cache = new ParseCache();
  let n = 0;
  const analyse = () => engine.analyzeDocument(pythonDocument('/bench/module.py', code + `\n# edit ${n++}\n`), config, cache);
  analyse();
  const keystroke = time(analyse, 20);
  return [
    { name: 'secrets: scanText, realistic code', median: mb / (median(scan) / 1000), unit: 'MB/s', target: '>= 20', ok: mb / (median(scan) / 1000) >= 20 },
    { name: 'secrets: findPii, realistic code', median: mb / (median(pii) / 1000), unit: 'MB/s', target: '>= 20', ok: mb / (median(pii) / 1000) >= 20 },
    {
      name: 'secrets: worst pathological 200 KB line',
      median: worst[0].ms,
      unit: 'ms',
      target: '<= 1000',
      ok: worst[0].ms <= 1000,
      note: `${JSON.stringify(worst[0].line.slice(0, 16))}, ${worstMbPerS.toFixed(1)} MB/s`,
    },
    { name: 'secrets: secret rules, 3,000-line module, per edit', median: median(keystroke), p95: percentile(keystroke, 95), unit: 'ms', target: '<= 30', ok: percentile(keystroke, 95) <= 30 },
  ];
}
