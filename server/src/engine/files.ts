import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { fileKindOf } from './document';

/** Folders never worth scanning: VCS data, caches, virtualenvs, notebook checkpoints (copies of notebooks). */
export const DEFAULT_EXCLUDED_DIRS = new Set([
  '.git',
  '.hg',
  '.svn',
  '__pycache__',
  '.ipynb_checkpoints',
  '.venv',
  'venv',
  '.tox',
  '.nox',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
  'node_modules',
  'site-packages',
  '.eggs',
]);

export interface DiscoveryProblem {
  path: string;
  message: string;
}

export interface Discovery {
  files: string[];
  problems: DiscoveryProblem[];
}

export interface DiscoveryOptions {
  /** gitignore-style patterns, relative to `excludeRoot` (the config folder) or to each walk root. */
  exclude?: readonly string[];
  excludeRoot?: string;
  /** Honour `.gitignore` files (default true). */
  gitignore?: boolean;
}

interface IgnoreLayer {
  dir: string;
  matcher: Ignore;
}

function readGitignore(dir: string): Ignore | undefined {
  const file = path.join(dir, '.gitignore');
  try {
    return ignore({ allowRelativePaths: true }).add(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** The .gitignore files of the folders above `dir`, up to the repository root (the folder with `.git`). */
function ancestorLayers(dir: string): IgnoreLayer[] {
  const layers: IgnoreLayer[] = [];
  let current = path.dirname(dir);
  for (let depth = 0; depth < 40; depth++) {
    const matcher = readGitignore(current);
    if (matcher) layers.unshift({ dir: current, matcher });
    if (fs.existsSync(path.join(current, '.git'))) break;
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  return layers;
}

function isIgnored(layers: readonly IgnoreLayer[], target: string, isDir: boolean): boolean {
  let ignored = false;
  for (const { dir, matcher } of layers) {
    const relative = path.relative(dir, target).split(path.sep).join('/');
    if (!relative || relative.startsWith('..')) continue;
    const result = matcher.test(isDir ? `${relative}/` : relative);
    if (result.ignored) ignored = true;
    else if (result.unignored) ignored = false;
  }
  return ignored;
}

/**
 * The files under `roots` that secure-ml scans (Python, notebooks, config and env files), in a
 * stable order. A path named explicitly is scanned even when ignored; a missing path or an
 * unreadable folder is a problem, never silently dropped.
 */
export function discoverFiles(roots: readonly string[], options: DiscoveryOptions = {}): Discovery {
  const files: string[] = [];
  const problems: DiscoveryProblem[] = [];
  const seen = new Set<string>();
  const useGitignore = options.gitignore ?? true;
  const excludeMatcher = options.exclude && options.exclude.length > 0 ? ignore({ allowRelativePaths: true }).add([...options.exclude]) : undefined;

  const excluded = (target: string, isDir: boolean, walkRoot: string) => {
    if (!excludeMatcher) return false;
    const base = options.excludeRoot ?? walkRoot;
    const relative = path.relative(base, target).split(path.sep).join('/');
    if (!relative || relative.startsWith('..')) return false;
    return excludeMatcher.ignores(isDir ? `${relative}/` : relative);
  };

  const addFile = (file: string) => {
    const resolved = path.resolve(file);
    if (seen.has(resolved)) return;
    seen.add(resolved);
    files.push(resolved);
  };

  for (const root of roots) {
    const resolved = path.resolve(root);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(resolved);
    } catch (error) {
      problems.push({ path: root, message: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : `cannot be read: ${(error as Error).message}` });
      continue;
    }
    if (stat.isFile()) {
      if (fileKindOf(resolved)) addFile(resolved);
      else problems.push({ path: root, message: 'not a file secure-ml scans (Python, notebook, or config/env file)' });
      continue;
    }
    if (!stat.isDirectory()) {
      problems.push({ path: root, message: 'not a regular file or directory' });
      continue;
    }
    const walk = (dir: string, layers: IgnoreLayer[]) => {
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch (error) {
        problems.push({ path: dir, message: `cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
        return;
      }
      const own = useGitignore ? readGitignore(dir) : undefined;
      const here = own ? [...layers, { dir, matcher: own }] : layers;
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const entry of entries) {
        const full = path.join(dir, entry.name);
        if (entry.name.includes('\uFFFD') && !fs.existsSync(full)) {
          // a name that is not valid UTF-8 comes back with U+FFFD and cannot be opened by that name
          if (entry.isDirectory() || fileKindOf(full)) problems.push({ path: full, message: 'the name is not valid UTF-8; not analysed (rename it to scan it)' });
          continue;
        }
        if (entry.isDirectory()) {
          if (DEFAULT_EXCLUDED_DIRS.has(entry.name)) continue;
          if (useGitignore && isIgnored(here, full, true)) continue;
          if (excluded(full, true, resolved)) continue;
          walk(full, here);
        } else if (entry.isSymbolicLink()) {
          let target: fs.Stats | undefined;
          try {
            target = fs.statSync(full);
          } catch {
            target = undefined;
          }
          if (target?.isDirectory()) {
            // never followed (that is what ends link loops), but said, unless the folder is excluded anyway
            if (DEFAULT_EXCLUDED_DIRS.has(entry.name) || (useGitignore && isIgnored(here, full, true)) || excluded(full, true, resolved)) continue;
            problems.push({ path: full, message: 'symbolic link to a folder; not followed (name it on the command line to scan it)' });
            continue;
          }
          if (!fileKindOf(full)) continue;
          if (useGitignore && isIgnored(here, full, false)) continue;
          if (excluded(full, false, resolved)) continue;
          if (!target) problems.push({ path: full, message: 'broken symbolic link' });
          else if (target.isFile()) addFile(full);
        } else if (entry.isFile()) {
          if (!fileKindOf(full)) continue;
          if (useGitignore && isIgnored(here, full, false)) continue;
          if (excluded(full, false, resolved)) continue;
          addFile(full);
        }
      }
    };
    walk(resolved, useGitignore ? ancestorLayers(resolved) : []);
  }
  return { files, problems };
}
