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
import { buildSuite, suiteOutDir, type SuiteResults } from './lib/suite';

const SUITE_TIMEOUT_MS = 6 * 60_000;

export async function runExtensionHostSuite(): Promise<{ passed: number; failed: number }> {
  const logDir = path.join(resultsRoot, 'vscode');
  fs.rmSync(logDir, { recursive: true, force: true });
  fs.mkdirSync(logDir, { recursive: true });
  let results: SuiteResults | undefined;
  let partial: SuiteResults | undefined;
  try {
    checkBuilt();
    const codeServerDir = setup();
    const runDir = tempDir('vscode');
    const workspace = copyWorkspace(runDir);
    const suiteIndex = await buildSuite();
    const resultsFile = path.join(runDir, 'results.json');
    fs.writeFileSync(path.join(suiteOutDir, 'run.json'), JSON.stringify({ resultsFile, grep: process.env.E2E_GREP }));

    const server = await startCodeServer(codeServerDir, runDir, logDir);
    const context = await launchBrowser(path.join(runDir, 'chromium'));
    const page = context.pages()[0] ?? (await context.newPage());
    const consoleLog = fs.createWriteStream(path.join(logDir, 'browser-console.log'));
    page.on('console', (message) => consoleLog.write(`[${message.type()}] ${message.text()}\n`));
    page.on('pageerror', (error) => consoleLog.write(`[pageerror] ${error.message}\n`));

    await page.goto(
      server.url(workspace, [
        ['extensionDevelopmentPath', server.remote(extensionDir)],
        ['extensionTestsPath', server.remote(suiteIndex)],
      ]),
    );
    console.log(`[vscode] extension-host suite running in code-server ${server.origin} (logs: ${path.relative(process.cwd(), logDir)})`);

    // print each test as it finishes, from the partial file the suite keeps up to date
    let printed = 0;
    const deadline = Date.now() + SUITE_TIMEOUT_MS;
    for (;;) {
      partial = readJson(`${resultsFile}.partial`) ?? readJson(resultsFile) ?? partial;
      for (const test of partial?.tests.slice(printed) ?? []) {
        console.log(`  ${test.state === 'passed' ? 'ok  ' : 'FAIL'} ${test.title}`);
        if (test.error) console.log(indent(test.error));
        printed++;
      }
      results = readJson(resultsFile);
      if (results) break;
      if (Date.now() > deadline) {
        await page.screenshot({ path: path.join(logDir, 'timeout.png') }).catch(() => undefined);
        throw new Error(`the suite wrote no results within ${SUITE_TIMEOUT_MS / 60_000} min (screenshot and logs in ${logDir})`);
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    await page.screenshot({ path: path.join(logDir, 'end.png') }).catch(() => undefined);
    consoleLog.end();
  } catch (error) {
    console.log(`  FAIL extension-host suite did not complete: ${error instanceof Error ? error.message : String(error)}`);
    // what finished before counts; the suite that did not complete is one more failure
    results = { passed: partial?.passed ?? 0, failed: (partial?.failed ?? 0) + 1, tests: [] };
  } finally {
    await cleanup();
  }
  console.log(summaryLine('vscode', results.passed, results.failed));
  return results;
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
