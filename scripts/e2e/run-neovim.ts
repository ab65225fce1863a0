// Runs the Neovim suite: Debian's Neovim 0.7.2 as an LSP client of `secure-ml server --stdio`.
import * as path from 'node:path';
import { repoRoot } from './lib/harness';
import { runMocha } from './lib/mocha';

export function runNeovimSuite(): Promise<{ passed: number; failed: number }> {
  return runMocha('neovim', [path.join(repoRoot, 'test/e2e/neovim/neovim.test.ts')], 60_000);
}

if (require.main === module) {
  void runNeovimSuite().then(({ failed }) => process.exit(failed > 0 ? 1 : 0));
}
