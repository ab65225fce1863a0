// Packages the extension under test into a .vsix with @vscode/vsce, as `npm run package` does,
// but from a staging copy of what is built now: no `vscode:prepublish` rebuild, so the suite
// tests exactly the dist/ it was given (the repository's, or SECURE_ML_E2E_EXTENSION's).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { extensionDir, repoRoot } from './harness';

const SKIP = new Set(['node_modules', '.git', '.e2e-cache', '.vscode-test', 'test-results', 'out', 'test', 'scratch']);

export function packageExtension(runDir: string): string {
  const staging = path.join(runDir, 'extension');
  fs.cpSync(extensionDir, staging, {
    recursive: true,
    filter: (source) => source === extensionDir || !SKIP.has(path.relative(extensionDir, source).split(path.sep)[0]),
  });
  const manifestPath = path.join(staging, 'package.json');
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as { scripts?: Record<string, string> };
  delete manifest.scripts?.['vscode:prepublish'];
  fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  const vsix = path.join(runDir, 'secure-ml.vsix');
  try {
    execFileSync(process.execPath, [path.join(repoRoot, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '--allow-missing-repository', '-o', vsix], {
      cwd: staging,
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
    });
  } catch (error) {
    const output = error as { stdout?: string; stderr?: string };
    throw new Error(`vsce package failed:\n${output.stdout ?? ''}${output.stderr ?? ''}`);
  }
  return vsix;
}
