// `npx tsx scripts/profile-files.ts <folder>...`: analyses every file the CLI would scan, one at a
// time in this process, and prints the slowest files (total time, lines, ms per 1,000 lines) and
// any file that was skipped or where a rule failed. For finding pathological inputs on real
// repositories (docs/real-world.md); speed is never asserted in tests.
import { allRules } from '../rules';
import { findConfig } from '../server/src/engine/config';
import { createEngine } from '../server/src/engine/engine';
import { discoverFiles } from '../server/src/engine/files';

async function main(): Promise<void> {
  const roots = process.argv.slice(2);
  if (roots.length === 0) {
    process.stderr.write('usage: tsx scripts/profile-files.ts <folder>...\n');
    process.exitCode = 2;
    return;
  }
  const engine = await createEngine(allRules);
  for (const root of roots) {
    const { files, problems } = discoverFiles([root]);
    const rows: { file: string; ms: number; lines: number }[] = [];
    let skipped = 0;
    for (const file of files) {
      const config = findConfig(file);
      const start = performance.now();
      const result = engine.analyzeFile(file, undefined, config);
      const ms = performance.now() - start;
      const lines = result.document ? result.document.units.reduce((sum, unit) => sum + unit.lines.lineCount, 0) : 0;
      rows.push({ file, ms, lines });
      if (result.skipped) {
        skipped++;
        process.stdout.write(`skipped ${file}: ${result.problems.map((p) => p.message).join('; ')}\n`);
      }
      for (const error of result.ruleErrors) process.stdout.write(`rule error ${error.ruleId} in ${file}: ${error.message}\n`);
    }
    const total = rows.reduce((sum, row) => sum + row.ms, 0);
    const lines = rows.reduce((sum, row) => sum + row.lines, 0);
    process.stdout.write(`${root}: ${files.length} files (${skipped} skipped, ${problems.length} discovery problems), ${lines} lines, ${total.toFixed(0)} ms\n`);
    for (const row of [...rows].sort((a, b) => b.ms - a.ms).slice(0, 5))
      process.stdout.write(`  ${row.ms.toFixed(1).padStart(8)} ms ${String(row.lines).padStart(7)} lines ${((row.ms / Math.max(row.lines, 1)) * 1000).toFixed(1).padStart(8)} ms/kline  ${row.file}\n`);
  }
}

void main();
