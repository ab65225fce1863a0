import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const CLI = path.join(ROOT, 'dist', 'cli.js');

/** The CLI is tested as users run it: the bundle in dist/ (npm test builds it first). */
export function ensureBuilt(): void {
  if (!fs.existsSync(CLI) || !fs.existsSync(path.join(ROOT, 'dist', 'worker.js'))) execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'ignore' });
}

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], cwd: string, env: Record<string, string> = {}): Run {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...env }, maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A throwaway project folder (with `.git`, so .gitignore lookups stop there). */
export function project(files: Record<string, string | Buffer>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secure-ml-cli-'));
  fs.mkdirSync(path.join(dir, '.git'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

export interface CellSpec {
  type?: 'code' | 'markdown';
  source: string;
  outputs?: unknown[];
  executionCount?: number | null;
}

/** A notebook as Jupyter writes it (one-space indent, sources as lists of lines, trailing newline). */
export function notebookJson(cells: CellSpec[], indent = 1): string {
  const lines = (text: string) => text.split(/(?<=\n)/).filter((l) => l.length > 0);
  const notebook = {
    cells: cells.map((cell, index) =>
      (cell.type ?? 'code') === 'code'
        ? { cell_type: 'code', execution_count: cell.executionCount ?? null, id: `c${index}`, metadata: {}, outputs: cell.outputs ?? [], source: lines(cell.source) }
        : { cell_type: 'markdown', id: `c${index}`, metadata: {}, source: lines(cell.source) },
    ),
    metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' }, language_info: { name: 'python' } },
    nbformat: 4,
    nbformat_minor: 5,
  };
  return JSON.stringify(notebook, null, indent) + '\n';
}

export const TRAIN_PY = `import requests
import torch

CHECKPOINT = "checkpoints/last.pt"


def load_checkpoint(path=CHECKPOINT):
    return torch.load(path, map_location="cpu")


def fetch_labels(url):
    return requests.get(url, verify=False, timeout=30).json()
`;

export const CLEAN_PY = `import torch

state = torch.load("model.pt", weights_only=True)
`;

/** JSON report of a scan. */
export interface JsonReport {
  version: number;
  findings: {
    ruleId: string;
    category: string;
    severity: string;
    message: string;
    file: string;
    range: { start: { line: number; column: number }; end: { line: number; column: number } };
    cell?: number;
    fixable: boolean;
  }[];
  errors: { file: string; message: string }[];
  unusedSuppressions: { file: string; ruleIds: string[]; message: string; range: { start: { line: number; column: number } } }[];
  baseline?: { file: string; hidden: number };
  fixed?: { file: string; fixed: Record<string, number> }[];
}

export function scanJson(args: string[], cwd: string): { run: Run; report: JsonReport } {
  const run = runCli(['scan', '--format', 'json', ...args], cwd);
  return { run, report: JSON.parse(run.stdout) as JsonReport };
}
