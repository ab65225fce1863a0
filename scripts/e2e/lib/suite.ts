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
