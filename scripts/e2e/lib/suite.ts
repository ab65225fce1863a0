// Compiles the extension-host suite (test/e2e/suite/*.ts) to CommonJS in out/e2e/suite/, one
// file per test file, so mocha inside VS Code can load them; `vscode` and `mocha` stay
// require()s that the extension host and the repository's node_modules answer.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from './harness';

/** What test/e2e/suite/index.ts writes to the results file. */
export interface SuiteResults {
  passed: number;
  failed: number;
  tests: { title: string; state: 'passed' | 'failed'; durationMs?: number; error?: string }[];
}

/** Tag of the tests that run in their own window, where a Python file is the first thing opened. */
export const PYTHON_FIRST = '@python-first';

/**
 * The suite runs in two windows, each with its own extension host: the first opens a Python
 * file before anything else and runs only the tests tagged @python-first; the second opens a
 * notebook first and runs all the others (activation on each kind of document). E2E_GREP runs
 * only the matching tests, in one window.
 */
export function windows(): { label: string; grep?: string; invert?: boolean }[] {
  if (process.env.E2E_GREP) return [{ label: 'main', grep: process.env.E2E_GREP }];
  return [
    { label: 'python-first', grep: PYTHON_FIRST },
    { label: 'main', grep: PYTHON_FIRST, invert: true },
  ];
}

export const suiteOutDir = path.join(repoRoot, 'out/e2e/suite');

export async function buildSuite(): Promise<string> {
  const source = path.join(repoRoot, 'test/e2e/suite');
  fs.rmSync(suiteOutDir, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: fs
      .readdirSync(source)
      .filter((file) => file.endsWith('.ts'))
      .map((file) => path.join(source, file)),
    outdir: suiteOutDir,
    bundle: false,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  return path.join(suiteOutDir, 'index.js');
}
