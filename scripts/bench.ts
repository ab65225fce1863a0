// `npm run bench`: runs every module in scripts/bench/ (each exports a default async function
// returning rows) and prints medians, p95 and the targets. Speed is measured here, never in tests.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface BenchRow {
  name: string;
  median: number;
  p95?: number;
  unit: string;
  /** Human-readable target, e.g. "<= 20 ms". */
  target?: string;
  /** Whether the target is met (undefined when there is none). */
  ok?: boolean;
  note?: string;
}

export type BenchModule = { default: () => Promise<BenchRow[]> };

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main(): Promise<void> {
  const dir = path.join(__dirname, 'bench');
  const only = process.argv.slice(2);
  const modules = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
    .sort();
  const rows: BenchRow[] = [];
  for (const file of modules) {
    process.stderr.write(`bench: ${file}\n`);
    const mod = (await import(path.join(dir, file))) as BenchModule;
    rows.push(...(await mod.default()));
  }
  const fmt = (n: number | undefined) => (n === undefined ? '' : n >= 100 ? n.toFixed(0) : n.toFixed(2));
  const width = Math.max(4, ...rows.map((r) => r.name.length));
  console.log(`${'benchmark'.padEnd(width)}  ${'median'.padStart(10)}  ${'p95'.padStart(10)}  unit        target      ok`);
  for (const r of rows)
    console.log(
      `${r.name.padEnd(width)}  ${fmt(r.median).padStart(10)}  ${fmt(r.p95).padStart(10)}  ${r.unit.padEnd(10)}  ${(r.target ?? '').padEnd(10)}  ${r.ok === undefined ? '' : r.ok ? 'yes' : 'NO'}${r.note ? `  (${r.note})` : ''}`,
    );
}

if (require.main === module) void main();
