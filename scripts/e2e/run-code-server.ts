// Runs the extension-host suite (test/e2e/suite) inside a real VS Code here: code-server
// 4.100.3 (VS Code 1.100.3) opened by headless Chromium with code-server's `payload` parameter,
// which makes the window an Extension Development Host that loads the extension from its folder
// and runs the suite's `run()` in the extension host. The suite writes its results to a file;
// this script prints them and the plain `vscode: N passed, N failed` line.
//
//   npx tsx scripts/e2e/run-code-server.ts          (after `npm run build`)
//   SECURE_ML_E2E_EXTENSION=/other/copy ...         (test another build of the extension)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { launchBrowser, startCodeServer } from './lib/code-server';
import { checkBuilt, cleanup, copyWorkspace, extensionDir, resultsRoot, setup, summaryLine, tempDir } from './lib/harness';
import { buildSuite, suiteOutDir, windows, type SuiteResults } from './lib/suite';

const WINDOW_TIMEOUT_MS = 6 * 60_000;

export async function runExtensionHostSuite(): Promise<{ passed: number; failed: number }> {
  const logDir = path.join(resultsRoot, 'vscode');
  fs.rmSync(logDir, { recursive: true, force: true });
  fs.mkdirSync(logDir, { recursive: true });
  const total = { passed: 0, failed: 0 };
  try {
    checkBuilt();
    const codeServerDir = setup();
    const runDir = tempDir('vscode');
    const suiteIndex = await buildSuite();
    const context = await launchBrowser(path.join(runDir, 'chromium'));
    for (const window of windows()) {
      // a code-server of its own per window: a second window of the same server was seen to
      // open a JSON model at start-up, which activates the extension before any document
      const windowDir = path.join(runDir, window.label);
      const windowLogs = path.join(logDir, window.label);
      const server = await startCodeServer(codeServerDir, windowDir, windowLogs);
      console.log(`[vscode] window "${window.label}": code-server ${server.origin} (logs: ${path.relative(process.cwd(), windowLogs)})`);
      const workspace = copyWorkspace(windowDir);
      const resultsFile = path.join(windowDir, 'results.json');
      fs.writeFileSync(path.join(suiteOutDir, 'run.json'), JSON.stringify({ resultsFile, grep: window.grep, invert: window.invert }));
      const page = await context.newPage();
      const consoleLog = fs.createWriteStream(path.join(windowLogs, 'browser-console.log'));
      page.on('console', (message) => consoleLog.write(`[${message.type()}] ${message.text()}\n`));
      page.on('pageerror', (error) => consoleLog.write(`[pageerror] ${error.message}\n`));
      await page.goto(
        server.url(workspace, [
          ['extensionDevelopmentPath', server.remote(extensionDir)],
          ['extensionTestsPath', server.remote(suiteIndex)],
        ]),
      );
      const results = await collectResults(resultsFile, async () => {
        await page.screenshot({ path: path.join(windowLogs, 'timeout.png') }).catch(() => undefined);
        return `window "${window.label}" wrote no results within ${WINDOW_TIMEOUT_MS / 60_000} min (screenshot and logs in ${windowLogs})`;
      });
      total.passed += results.passed;
      total.failed += results.failed;
      await page.screenshot({ path: path.join(windowLogs, 'end.png') }).catch(() => undefined);
      await page.close();
      consoleLog.end();
      await server.stop();
    }
  } catch (error) {
    console.log(`  FAIL extension-host suite did not complete: ${error instanceof Error ? error.message : String(error)}`);
    total.failed++;
  } finally {
    await cleanup();
  }
  console.log(summaryLine('vscode', total.passed, total.failed));
  return total;
}

/**
 * Prints each test as it finishes (from the partial file the suite keeps up to date) and returns
 * the results; on time-out, what finished counts and the window is one more failure.
 */
async function collectResults(resultsFile: string, onTimeout: () => Promise<string>): Promise<SuiteResults> {
  let printed = 0;
  let partial: SuiteResults | undefined;
  const deadline = Date.now() + WINDOW_TIMEOUT_MS;
  for (;;) {
    partial = readJson(`${resultsFile}.partial`) ?? readJson(resultsFile) ?? partial;
    for (const test of partial?.tests.slice(printed) ?? []) {
      console.log(`  ${test.state === 'passed' ? 'ok  ' : 'FAIL'} ${test.title}`);
      if (test.error) console.log(indent(test.error));
      printed++;
    }
    const results = readJson(resultsFile);
    if (results) return results;
    if (Date.now() > deadline) {
      console.log(`  FAIL ${await onTimeout()}`);
      return { passed: partial?.passed ?? 0, failed: (partial?.failed ?? 0) + 1, tests: partial?.tests ?? [] };
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function readJson(file: string): SuiteResults | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as SuiteResults;
  } catch {
    return undefined;
  }
}

function indent(text: string): string {
  return text
    .split('\n')
    .slice(0, 12)
    .map((line) => `       ${line}`)
    .join('\n');
}

if (require.main === module) {
  void runExtensionHostSuite().then(({ failed }) => process.exit(failed > 0 ? 1 : 0));
}
