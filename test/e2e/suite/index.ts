// Entry point VS Code loads as `extensionTestsPath`: runs the mocha suite inside the extension
// host and writes the results to a JSON file, since a suite inside code-server cannot print to
// the terminal of the runner. The file is named by SECURE_ML_E2E_RESULTS (test-electron passes
// environment variables) or by run.json beside this file (written by the code-server runner).
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

/** The shape scripts/e2e/lib/suite.ts reads (SuiteResults there). */
interface Results {
  passed: number;
  failed: number;
  tests: { title: string; state: 'passed' | 'failed'; durationMs?: number; error?: string }[];
}

interface RunConfig {
  resultsFile?: string;
  /** Only the tests whose full title matches (E2E_GREP in the runner)... */
  grep?: string;
  /** ...or, with invert, all the others. */
  invert?: boolean;
}

/** run.json (written by the code-server runner) when present, else the environment (test-electron). */
function runConfig(): RunConfig {
  const file = path.join(__dirname, 'run.json');
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as RunConfig;
  return { resultsFile: process.env.SECURE_ML_E2E_RESULTS, grep: process.env.E2E_GREP, invert: process.env.E2E_GREP_INVERT === '1' };
}

export async function run(): Promise<void> {
  const { resultsFile: output, grep, invert } = runConfig();
  const results: Results = { passed: 0, failed: 0, tests: [] };
  const write = () => {
    if (output) fs.writeFileSync(`${output}.partial`, JSON.stringify(results, null, 2));
  };
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec', grep, invert });
  const files = fs
    .readdirSync(__dirname)
    .filter((file) => file.endsWith('.test.js'))
    .sort();
  for (const file of files) mocha.addFile(path.join(__dirname, file));
  await new Promise<void>((resolve) => {
    let runner: Mocha.Runner;
    try {
      runner = mocha.run(() => resolve());
    } catch (error) {
      // a test file that does not load: report it instead of leaving the runner to time out
      results.failed++;
      results.tests.push({ title: 'loading the test files', state: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      resolve();
      return;
    }
    runner.on('pass', (test) => {
      results.passed++;
      results.tests.push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration });
      write();
    });
    runner.on('fail', (test, error: Error) => {
      results.failed++;
      results.tests.push({ title: test.fullTitle(), state: 'failed', error: error?.stack ?? String(error) });
      write();
    });
  });
  // written last and renamed, so the runner never reads half a file
  if (output) {
    fs.writeFileSync(`${output}.partial`, JSON.stringify(results, null, 2));
    fs.renameSync(`${output}.partial`, output);
  }
  if (results.failed > 0) throw new Error(`${results.failed} editor test(s) failed`);
}
