import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Config } from '../engine/config';
import type { Engine } from '../engine/engine';
import { failedReport, toFileReport, type FileReport } from './report';

export interface ScanSettings {
  select?: string[];
  ignore?: string[];
}

export function configOverrides(settings: ScanSettings): Partial<Config> {
  const overrides: Partial<Config> = {};
  if (settings.select) overrides.select = settings.select;
  if (settings.ignore) overrides.ignore = settings.ignore;
  return overrides;
}

/** Analyses one file; never throws (an unexpected failure is reported for that file). */
export function scanFile(engine: Engine, file: string, settings: ScanSettings): FileReport {
  try {
    return toFileReport(engine.analyzeFile(file, configOverrides(settings)));
  } catch (error) {
    return failedReport(file, error);
  }
}

/** Analyses files in this thread, in order. */
export function scanFilesInProcess(engine: Engine, files: readonly string[], settings: ScanSettings): FileReport[] {
  return files.map((file) => scanFile(engine, file, settings));
}

/** Messages between the CLI and its worker threads. */
export type WorkerRequest = { type: 'scan'; batch: number; files: string[] };
export type WorkerResponse = { type: 'ready' } | { type: 'done'; batch: number; reports: FileReport[] } | { type: 'fatal'; message: string };

/** Below this much source, starting threads (each loads the grammar) costs more than it saves. */
const POOL_THRESHOLD_BYTES = 512 * 1024;
/** Files are handed out in batches of about this many bytes: small enough to balance, big enough to keep messages few. */
const BATCH_BYTES = 128 * 1024;

export function defaultJobs(): number {
  return Math.max(1, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
}

function sizeOf(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

/** Batches of files, largest files first so that the last batches are small and threads finish together. */
function batches(files: readonly string[], sizes: Map<string, number>): string[][] {
  const ordered = [...files].sort((a, b) => (sizes.get(b) ?? 0) - (sizes.get(a) ?? 0));
  const result: string[][] = [];
  let current: string[] = [];
  let bytes = 0;
  for (const file of ordered) {
    current.push(file);
    bytes += sizes.get(file) ?? 0;
    if (bytes >= BATCH_BYTES) {
      result.push(current);
      current = [];
      bytes = 0;
    }
  }
  if (current.length > 0) result.push(current);
  return result;
}

export interface ScanRunOptions {
  settings: ScanSettings;
  /** Threads to use; 1 scans in this thread. Default: the number of cores. */
  jobs?: number;
  /** The worker script (dist/worker.js beside the CLI bundle). */
  workerScript?: string;
  /** Returns the in-process engine (created on first use). */
  engine: () => Promise<Engine>;
}

/**
 * Analyses `files` using worker threads when there is enough work for them, and returns the
 * reports in the order of `files`. A worker that fails hands its batch back to this thread.
 */
export async function scanFiles(files: readonly string[], options: ScanRunOptions): Promise<FileReport[]> {
  const jobs = Math.max(1, options.jobs ?? defaultJobs());
  const workerScript = options.workerScript ?? path.join(__dirname, 'worker.js');
  const sizes = new Map(files.map((file) => [file, sizeOf(file)]));
  const total = [...sizes.values()].reduce((a, b) => a + b, 0);
  const work = batches(files, sizes);
  const usePool = jobs > 1 && work.length > 1 && total >= POOL_THRESHOLD_BYTES && fs.existsSync(workerScript);
  let reports: FileReport[];
  if (!usePool) {
    reports = scanFilesInProcess(await options.engine(), files, options.settings);
  } else {
    reports = await runPool(work, Math.min(jobs, work.length), workerScript, options);
  }
  const byPath = new Map(reports.map((r) => [r.path, r]));
  return files.map((file) => byPath.get(file) ?? failedReport(file, new Error('no result')));
}

async function runPool(work: string[][], threads: number, workerScript: string, options: ScanRunOptions): Promise<FileReport[]> {
  const reports: FileReport[] = [];
  const failed: string[][] = [];
  let next = 0;
  const runWorker = () =>
    new Promise<void>((resolve) => {
      const worker = new Worker(workerScript, { workerData: { settings: options.settings } });
      let current: number | undefined;
      let settled = false;
      const finish = () => {
        if (settled) return;
        settled = true;
        void worker.terminate();
        resolve();
      };
      const dispatch = () => {
        if (next >= work.length) {
          current = undefined;
          finish();
          return;
        }
        current = next++;
        worker.postMessage({ type: 'scan', batch: current, files: work[current] } satisfies WorkerRequest);
      };
      worker.on('message', (message: WorkerResponse) => {
        if (message.type === 'ready') dispatch();
        else if (message.type === 'done') {
          reports.push(...message.reports);
          dispatch();
        } else {
          if (current !== undefined) failed.push(work[current]);
          current = undefined;
          finish();
        }
      });
      const onFailure = () => {
        if (current !== undefined) failed.push(work[current]);
        current = undefined;
        finish();
      };
      worker.on('error', onFailure);
      worker.on('exit', onFailure);
    });
  await Promise.all(Array.from({ length: threads }, runWorker));
  // batches a worker could not finish, and any never handed out because every worker failed
  const leftover = [...failed.flat(), ...work.slice(next).flat()];
  if (leftover.length > 0) reports.push(...scanFilesInProcess(await options.engine(), leftover, options.settings));
  return reports;
}
