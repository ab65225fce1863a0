// CLI throughput: `secure-ml scan` end to end (process start, discovery, analysis, JSON report)
// over a generated corpus of realistic ML code (training modules, notebooks, configs) of at least
// 200,000 lines, in one thread and with the worker pool.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { median, type BenchRow } from '../bench';
import { realisticPython } from './lib/corpus';

const TARGET_LINES = 200_000;
const RUNS = 3;

/** Writes the corpus: modules of 300-1,200 lines, one notebook in ten files, a config per package. */
export function writeCorpus(dir: string): number {
  let lines = 0;
  for (let i = 0; lines < TARGET_LINES; i++) {
    const pkg = path.join(dir, `pkg${i % 12}`);
    fs.mkdirSync(pkg, { recursive: true });
    const text = realisticPython(300 + ((i * 37) % 10) * 100, i);
    if (i % 10 === 9) {
      const cells = text.split('\n\n\n').map((source, index) => ({
        cell_type: 'code',
        execution_count: index + 1,
        id: `c${index}`,
        metadata: {},
        outputs: index % 3 === 0 ? [{ name: 'stdout', output_type: 'stream', text: [`step ${index}: loss 0.${index}\n`] }] : [],
        source: source.split(/(?<=\n)/),
      }));
      const notebook = { cells, metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' } }, nbformat: 4, nbformat_minor: 5 };
      fs.writeFileSync(path.join(pkg, `explore_${i}.ipynb`), JSON.stringify(notebook, null, 1) + '\n');
    } else {
      fs.writeFileSync(path.join(pkg, `module_${i}.py`), text);
    }
    lines += text.split('\n').length;
    if (i < 12) fs.writeFileSync(path.join(pkg, 'config.yaml'), 'model:\n  name: resnet50\n  lr: 0.001\ndata:\n  path: s3://bucket/train\n');
  }
  return lines;
}

export default async function run(): Promise<BenchRow[]> {
  const cli = path.join(__dirname, '..', '..', 'dist', 'cli.js');
  if (!fs.existsSync(cli)) throw new Error('dist/cli.js is missing: npm run build first');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secure-ml-bench-cli-'));
  try {
    const lines = writeCorpus(dir);
    const preload = path.join(__dirname, 'lib', 'cpu-usage.cjs');
    const measure = (jobs: number) => {
      const rates: number[] = [];
      const cpuRates: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const start = performance.now();
        const result = spawnSync(process.execPath, ['--require', preload, cli, 'scan', dir, '--format', 'json', '--fail-on', 'never', '--jobs', String(jobs)], {
          encoding: 'utf8',
          maxBuffer: 256 * 1024 * 1024,
        });
        const seconds = (performance.now() - start) / 1000;
        if (result.status !== 0) throw new Error(`scan failed: ${result.stderr}`);
        rates.push(lines / seconds);
        const cpu = /__secure_ml_cpu_us__ (\d+)/.exec(result.stderr);
        if (cpu) cpuRates.push(lines / (Number(cpu[1]) / 1e6));
      }
      return { wall: median(rates), perCpuSecond: median(cpuRates) };
    };
    const load = os.loadavg()[0];
    const single = measure(1);
    const jobs = Math.max(2, Math.min(os.availableParallelism?.() ?? os.cpus().length, 4));
    const pooled = measure(jobs);
    const note = `load average ${load.toFixed(1)} on ${os.cpus().length} cores`;
    const count = lines.toLocaleString('en-US');
    return [
      { name: `cli: scan ${count} lines, 1 thread`, median: single.wall, unit: 'lines/s', note },
      { name: `cli: scan ${count} lines, 1 thread, per CPU second`, median: single.perCpuSecond, unit: 'lines/cpu-s' },
      { name: `cli: scan ${count} lines, ${jobs} threads`, median: pooled.wall, unit: 'lines/s', target: '>= 100,000', ok: pooled.wall >= 100_000, note },
      { name: `cli: scan ${count} lines, ${jobs} threads, per CPU second`, median: pooled.perCpuSecond, unit: 'lines/cpu-s' },
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
