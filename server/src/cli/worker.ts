// Worker thread of the CLI's scan pool: loads the grammar once, then analyses the batches of
// files the main thread sends and returns plain-data reports.
import { parentPort, workerData } from 'node:worker_threads';
import { allRules } from '../../../rules';
import { createEngine } from '../engine/engine';
import { scanFilesInProcess, type ScanSettings, type WorkerRequest, type WorkerResponse } from './scan';

async function serve(): Promise<void> {
  const port = parentPort;
  if (!port) return;
  const settings = (workerData as { settings: ScanSettings }).settings;
  try {
    const engine = await createEngine(allRules);
    port.on('message', (request: WorkerRequest) => {
      if (request.type !== 'scan') return;
      const reports = scanFilesInProcess(engine, request.files, settings);
      port.postMessage({ type: 'done', batch: request.batch, reports } satisfies WorkerResponse);
    });
    port.postMessage({ type: 'ready' } satisfies WorkerResponse);
  } catch (error) {
    port.postMessage({ type: 'fatal', message: error instanceof Error ? error.message : String(error) } satisfies WorkerResponse);
  }
}

void serve();
