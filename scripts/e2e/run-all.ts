// `npm run test:e2e`: the editor suites, one after the other (the machine has 2 cores):
//   vscode  extension-host suite inside code-server (real VS Code 1.100 API)
//   ui      what a person sees in code-server, driven through Debian's Chromium
//   neovim  Neovim 0.7.2 as a second LSP client of `secure-ml server --stdio`
// Installs what they need first (scripts/e2e/setup.sh, cached in .e2e-cache/). Each suite prints
// `<suite>: N passed, N failed`; the last line is the total; the exit code is 1 on any failure.
// Run a subset with `npm run test:e2e -- neovim ui`.
import { setup, summaryLine } from './lib/harness';
import { runExtensionHostSuite } from './run-code-server';
import { runNeovimSuite } from './run-neovim';
import { runUiSuite } from './run-ui';

const suites: Record<string, () => Promise<{ passed: number; failed: number }>> = {
  vscode: runExtensionHostSuite,
  ui: runUiSuite,
  neovim: runNeovimSuite,
};

async function main(): Promise<number> {
  const wanted = process.argv.slice(2);
  for (const name of wanted) if (!(name in suites)) throw new Error(`unknown suite "${name}"; suites: ${Object.keys(suites).join(', ')}`);
  const started = Date.now();
  setup();
  let passed = 0;
  let failed = 0;
  for (const [name, run] of Object.entries(suites)) {
    if (wanted.length > 0 && !wanted.includes(name)) continue;
    console.log(`\n== ${name}`);
    const result = await run();
    passed += result.passed;
    failed += result.failed;
  }
  console.log(`\neditor suites took ${Math.round((Date.now() - started) / 1000)} s`);
  console.log(summaryLine('e2e', passed, failed));
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    console.log(summaryLine('e2e', 0, 1));
    process.exit(1);
  },
);
