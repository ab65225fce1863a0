// Runs the extension-host suite (test/e2e/suite) in desktop VS Code with @vscode/test-electron,
// the standard runner. It downloads VS Code (into .vscode-test/) on first use, so it works only
// where update.code.visualstudio.com can be reached: on a contributor's machine, not on the
// project's CI machines, which use scripts/e2e/run-code-server.ts (the same suite in code-server).
//
//   npm run build && npx tsx scripts/e2e/run-vscode.ts            (VS Code stable)
//   VSCODE_VERSION=1.100.3 npx tsx scripts/e2e/run-vscode.ts      (a given version)
//   VSCODE_EXECUTABLE=/path/to/code npx tsx scripts/e2e/run-vscode.ts   (an installed VS Code)
// On Linux without a display, run it under `xvfb-run -a`.
import { runTests } from '@vscode/test-electron';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkBuilt, cleanup, copyWorkspace, extensionDir, summaryLine, tempDir } from './lib/harness';
import { buildSuite, windows, type SuiteResults } from './lib/suite';

async function main(): Promise<number> {
  checkBuilt();
  const runDir = tempDir('electron');
  const extensionTestsPath = await buildSuite();
  let passed = 0;
  let failed = 0;
  for (const window of windows()) {
    const workspace = copyWorkspace(path.join(runDir, window.label));
    const resultsFile = path.join(runDir, `results-${window.label}.json`);
    let exitCode = 1;
    try {
      exitCode = await runTests({
        version: process.env.VSCODE_VERSION,
        vscodeExecutablePath: process.env.VSCODE_EXECUTABLE,
        extensionDevelopmentPath: extensionDir,
        extensionTestsPath,
        extensionTestsEnv: { SECURE_ML_E2E_RESULTS: resultsFile, E2E_GREP: window.grep, E2E_GREP_INVERT: window.invert ? '1' : '0' },
        launchArgs: [
          workspace,
          '--disable-extensions', // other installed extensions stay out; the one under development still loads
          '--disable-workspace-trust',
          '--skip-welcome',
          '--skip-release-notes',
          '--user-data-dir',
          path.join(runDir, `user-data-${window.label}`),
        ],
      });
    } catch (error) {
      console.error(`VS Code did not run the suite: ${error instanceof Error ? error.message : String(error)}`);
    }
    const results = fs.existsSync(resultsFile) ? (JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as SuiteResults) : undefined;
    passed += results?.passed ?? 0;
    failed += results ? results.failed : 1;
    if (results && results.failed === 0 && exitCode !== 0) failed++;
  }
  await cleanup();
  console.log(summaryLine('vscode', passed, failed));
  return failed > 0 ? 1 : 0;
}

void main().then((code) => process.exit(code));
