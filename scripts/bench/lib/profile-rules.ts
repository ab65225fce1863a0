// Not a bench module (lives in lib/): `npx tsx scripts/bench/lib/profile-rules.ts [file|notebook] [rule...]`
// prints CPU time per edit re-analysis, for the whole catalogue and for each rule alone.
import { defaultConfig } from '../../../server/src/engine/config';
import { notebookDocument, pythonDocument, type AnalysisDocument } from '../../../server/src/engine/document';
import { createEngine, type Engine } from '../../../server/src/engine/engine';
import { ParseCache } from '../../../server/src/engine/parser';
import { allRules } from '../../../rules';
import { median } from '../../bench';
import { realisticPython } from './corpus';

function makeDoc(kind: string, text: string): AnalysisDocument {
  if (kind === 'notebook') {
    const lines = text.split('\n');
    const per = Math.ceil(lines.length / 100);
    return notebookDocument(
      '/bench/nb.ipynb',
      Array.from({ length: 100 }, (_, i) => ({ kind: 'code' as const, text: lines.slice(i * per, (i + 1) * per).join('\n') + '\n', key: `/bench/nb#${i}` })),
    );
  }
  return pythonDocument('/bench/edit.py', text);
}

function editCpu(engine: Engine, kind: string, text: string, rounds: number): { cpu: number; wall: number } {
  const config = defaultConfig();
  const cache = new ParseCache();
  engine.analyzeDocument(makeDoc(kind, text), config, cache);
  const cpu: number[] = [];
  const wall: number[] = [];
  let current = text;
  for (let i = 0; i < rounds; i++) {
    const at = current.indexOf('\n', Math.floor((current.length * (i + 1)) / (rounds + 2)));
    current = current.slice(0, at) + (i % 2 ? '' : ' ') + current.slice(at);
    const c0 = process.cpuUsage();
    const w0 = performance.now();
    engine.analyzeDocument(makeDoc(kind, current), config, cache);
    wall.push(performance.now() - w0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  cache.clear();
  return { cpu: median(cpu), wall: median(wall) };
}

async function main(): Promise<void> {
  const kind = process.argv[2] ?? 'file';
  const only = process.argv.slice(3);
  const text = realisticPython(3000, kind === 'notebook' ? 1 : 0);
  const all = editCpu(await createEngine(allRules), kind, text, 30);
  console.log(`ALL ${allRules.length} rules: cpu ${all.cpu.toFixed(1)} ms  wall ${all.wall.toFixed(1)} ms`);
  const none = editCpu(await createEngine([]), kind, text, 20);
  console.log(`no rules: cpu ${none.cpu.toFixed(1)} ms  wall ${none.wall.toFixed(1)} ms`);
  const rows: [string, number, number][] = [];
  for (const rule of allRules) {
    if (only.length && !only.includes(rule.id)) continue;
    const r = editCpu(await createEngine([rule]), kind, text, 10);
    rows.push([rule.id, r.cpu, r.wall]);
  }
  rows.sort((a, b) => b[1] - a[1]);
  for (const [id, cpu, wall] of rows.slice(0, 25)) console.log(`${id.padEnd(40)} cpu ${cpu.toFixed(1).padStart(7)}  wall ${wall.toFixed(1).padStart(7)}`);
}

void main();
