// Runs the UI suite: code-server with the packaged extension installed, driven through
// Debian's Chromium like a person would use it. Screenshots go to test-results/e2e/ui/.
import * as path from 'node:path';
import { repoRoot } from './lib/harness';
import { runMocha } from './lib/mocha';

export function runUiSuite(): Promise<{ passed: number; failed: number }> {
  return runMocha('ui', [path.join(repoRoot, 'test/e2e/ui/ui.test.ts')], 90_000);
}

if (require.main === module) {
  void runUiSuite().then(({ failed }) => process.exit(failed > 0 ? 1 : 0));
}
