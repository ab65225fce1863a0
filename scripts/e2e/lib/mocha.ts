// Runs a mocha suite in this Node process (the UI and Neovim suites drive their editor from
// here) and prints the plain `<suite>: N passed, N failed` line.
import Mocha from 'mocha';
import { cleanup, summaryLine } from './harness';

export async function runMocha(suite: string, files: string[], timeoutMs: number): Promise<{ passed: number; failed: number }> {
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', timeout: timeoutMs, color: process.stdout.isTTY });
  for (const file of files) mocha.addFile(file);
  let passed = 0;
  let failed = 0;
  try {
    await mocha.loadFilesAsync();
    await new Promise<void>((resolve) => {
      const runner = mocha.run(() => resolve());
      runner.on('pass', () => passed++);
      runner.on('fail', () => failed++);
    });
  } catch (error) {
    console.log(`  ${suite} suite could not run: ${error instanceof Error ? error.stack : String(error)}`);
    failed++;
  } finally {
    mocha.dispose();
    await cleanup();
  }
  console.log(summaryLine(suite, passed, failed));
  return { passed, failed };
}
