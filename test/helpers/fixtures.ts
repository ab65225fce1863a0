import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileKindOf } from '../../server/src/engine/document';

export const ROOT = path.resolve(__dirname, '..', '..');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures');

/** The fixture files of a rule folder (recursively): every file secure-ml scans, minus `.fixed` results. */
export function fixtureFiles(folder: string): string[] {
  const result: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (!/\.fixed\.[^.]+$/.test(entry.name) && !entry.name.endsWith('.expect') && fileKindOf(full) && !isProjectFile(entry.name)) result.push(full);
    }
  };
  walk(path.join(FIXTURES, folder));
  return result;
}

/** Files that configure a fixture folder rather than being fixtures. */
function isProjectFile(name: string): boolean {
  return name === 'secure-ml.toml' || name === 'pyproject.toml';
}
