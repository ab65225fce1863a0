// Language server figures over real JSON-RPC (stdio, the built dist/server.js): start-up to the
// initialize reply, and didChange → publishDiagnostics on a 3,000-line file and a 100-cell notebook.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LspHarness, fileUri } from '../../test/lsp/harness';
import { median, percentile, type BenchRow } from '../bench';
import { realisticPython } from './lib/corpus';

const STARTS = 9;
const EDITS = 80;
const WARMUP = 5;

async function startup(workspace: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < STARTS; i++) {
    const started = performance.now();
    const h = new LspHarness({ workspace });
    await h.initialize();
    times.push(performance.now() - started);
    await h.stop();
  }
  return times;
}

/** Edits `uris` in turn (a space added, then removed, on a line spread through the text) and times each publish. */
async function editTimes(h: LspHarness, uris: string[]): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < EDITS + WARMUP; i++) {
    const uri = uris[i % uris.length];
    const lines = h.text(uri).split('\n');
    const line = Math.floor((((i * 7919) % 997) / 997) * Math.max(1, lines.length - 1));
    const adding = Math.floor(i / uris.length) % 2 === 0;
    const at = { line, character: 0 };
    const edit = adding ? { range: { start: at, end: at }, newText: ' ' } : { range: { start: at, end: { line, character: 1 } }, newText: '' };
    if (!adding && !lines[line].startsWith(' ')) continue;
    const published = h.waitFor(uri);
    const started = performance.now();
    await h.change(uri, [edit]);
    await published;
    if (i >= WARMUP) times.push(performance.now() - started);
  }
  return times;
}

export default async function run(): Promise<BenchRow[]> {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'secure-ml-bench-lsp-'));
  try {
    const start = await startup(workspace);
    const h = new LspHarness({ workspace });
    await h.initialize();
    try {
      const text = realisticPython(3000);
      const fileUriText = fileUri(path.join(workspace, 'train.py'));
      const opened = h.waitFor(fileUriText);
      await h.open(fileUriText, 'python', text);
      await opened;
      const fileTimes = await editTimes(h, [fileUriText]);
      // the same edits with one category of rules: what the server adds, apart from the rules' cost
      h.settings = { secureMl: { select: ['unsafe-deserialization'] } };
      await h.setSettings(h.settings);
      await h.current(fileUriText).catch(() => undefined);
      const fewRulesTimes = await editTimes(h, [fileUriText]);
      await h.setSettings({});

      const lines = realisticPython(3000, 1).split('\n');
      const per = Math.ceil(lines.length / 100);
      const cells = Array.from({ length: 100 }, (_, i) => ({ kind: 'code' as const, text: lines.slice(i * per, (i + 1) * per).join('\n') + '\n' }));
      const notebookUri = fileUri(path.join(workspace, 'explore.ipynb'));
      const cellUris = await h.openNotebook(notebookUri, cells);
      await h.current(cellUris[99]).catch(() => undefined);
      const notebookTimes = await editTimes(h, [cellUris[3], cellUris[50], cellUris[97], cellUris[20]]);
      const row = (name: string, values: number[]): BenchRow => ({
        name,
        median: median(values),
        p95: percentile(values, 95),
        unit: 'ms',
        target: '<= 20 / 40',
        ok: median(values) <= 20 && percentile(values, 95) <= 40,
        note: `${values.length} edits`,
      });
      return [
        { name: 'lsp: server start → initialize reply', median: median(start), p95: percentile(start, 95), unit: 'ms', target: '<= 400 ms', ok: median(start) <= 400, note: `${start.length} starts` },
        row('lsp: didChange → diagnostics, 3,000-line file', fileTimes),
        row('lsp: didChange → diagnostics, 100-cell notebook', notebookTimes),
        { ...row('lsp: same 3,000-line file, unsafe-deserialization rules only', fewRulesTimes), target: undefined, ok: undefined },
      ];
    } finally {
      await h.stop();
    }
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}
