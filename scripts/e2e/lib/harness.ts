// Shared plumbing of the editor suites: paths, free ports, process groups that are always
// stopped, waiting with a time-out that says what it waited for.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export const repoRoot = path.resolve(__dirname, '../../..');

/**
 * The extension under test: the repository itself, or another copy of it named by
 * SECURE_ML_E2E_EXTENSION (a folder with package.json and dist/). Pointing this at a copy
 * whose dist/ is deliberately broken is how the suites show that they fail.
 */
export const extensionDir = path.resolve(process.env.SECURE_ML_E2E_EXTENSION ?? repoRoot);

/** Where logs and screenshots go (git-ignored). */
export const resultsRoot = path.join(repoRoot, 'test-results', 'e2e');

/** The CLI of the extension under test (`secure-ml server --stdio` for Neovim). */
export const cliPath = path.join(extensionDir, 'dist', 'cli.js');

export function checkBuilt(): void {
  for (const file of ['dist/extension.js', 'dist/server.js', 'dist/cli.js']) {
    if (!fs.existsSync(path.join(extensionDir, file))) throw new Error(`${path.join(extensionDir, file)} is missing: run \`npm run build\` first`);
  }
}

/** Runs scripts/e2e/setup.sh (fast once cached) and returns the code-server package folder. */
export function setup(): string {
  const out = execFileSync('bash', [path.join(repoRoot, 'scripts/e2e/setup.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = out.trim().split('\n');
  return lines[lines.length - 1];
}

/** A fresh folder for one run, removed by `cleanup()` unless E2E_KEEP is set. */
export function tempDir(label: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `secure-ml-e2e-${label}-`));
  dirs.add(dir);
  onCleanup(() => removeDir(dir));
  return dir;
}

const dirs = new Set<string>();

function removeDir(dir: string): void {
  if (!process.env.E2E_KEEP) fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  dirs.delete(dir);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined> | T | undefined, intervalMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const detail = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}${detail}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

// ---- clean-up that runs on success, failure, Ctrl+C and uncaught errors -----------------------

const cleanups: (() => void | Promise<void>)[] = [];
let cleaning: Promise<void> | undefined;

export function onCleanup(action: () => void | Promise<void>): void {
  cleanups.push(action);
}

export function cleanup(): Promise<void> {
  if (cleaning) return cleaning;
  cleaning = (async () => {
    while (cleanups.length > 0) {
      const action = cleanups.pop()!;
      try {
        await action();
      } catch (error) {
        console.error(`[e2e] clean-up step failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  })().finally(() => {
    cleaning = undefined;
  });
  return cleaning;
}

const groups = new Set<number>();
process.on('exit', () => {
  // last resort, synchronous: whatever process group is still alive is killed
  for (const pgid of groups) killGroup(pgid, 'SIGKILL');
  for (const dir of dirs) {
    try {
      removeDir(dir);
    } catch {
      // exiting anyway; the folder is in the system's temporary directory
    }
  }
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    console.error(`[e2e] ${signal}: stopping editors`);
    void cleanup().finally(() => process.exit(130));
  });
}

function killGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

function groupAlive(pgid: number): boolean {
  return killGroup(pgid, 0 as unknown as NodeJS.Signals);
}

/**
 * Starts a command in its own session and process group (setsid), output to a log file, and
 * registers the whole group (the command and everything it starts) for stopping.
 */
export function startGroup(command: string, args: string[], options: { env: NodeJS.ProcessEnv; cwd?: string; log: string }): ChildProcess {
  fs.mkdirSync(path.dirname(options.log), { recursive: true });
  const logFd = fs.openSync(options.log, 'w');
  const child = spawn(command, args, { env: options.env, cwd: options.cwd, detached: true, stdio: ['ignore', logFd, logFd] });
  fs.closeSync(logFd);
  const pgid = child.pid!;
  groups.add(pgid);
  onCleanup(() => stopGroup(pgid));
  return child;
}

/** SIGTERM to the group, then SIGKILL to whatever is left after a few seconds. */
export async function stopGroup(pgid: number): Promise<void> {
  if (!groups.has(pgid)) return;
  killGroup(pgid, 'SIGTERM');
  const deadline = Date.now() + 5000;
  while (groupAlive(pgid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  if (groupAlive(pgid)) killGroup(pgid, 'SIGKILL');
  groups.delete(pgid);
}

/** Copies test/e2e/workspace into a fresh folder: tests edit and save files there. */
export function copyWorkspace(into: string): string {
  const workspace = path.join(into, 'workspace');
  fs.mkdirSync(into, { recursive: true });
  fs.cpSync(path.join(repoRoot, 'test/e2e/workspace'), workspace, { recursive: true });
  return workspace;
}

/** The plain closing line every suite prints. */
export function summaryLine(suite: string, passed: number, failed: number): string {
  return `${suite}: ${passed} passed, ${failed} failed`;
}
