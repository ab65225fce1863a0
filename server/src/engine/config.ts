import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import type { ProjectInfo, Rule } from './rule';
import { isCategory, isSeverity, type Severity } from './types';

/**
 * `[tool.secure-ml]` in `pyproject.toml`, or `secure-ml.toml`, found by walking up from the
 * analysed file. Invalid values are reported as problems and replaced by defaults: a bad config
 * never stops the analysis.
 */
export interface Config {
  /** Rule ids or categories to run (all when empty). */
  select: string[];
  /** Rule ids or categories not to run. */
  ignore: string[];
  /** Severity per rule id or category. */
  severity: Record<string, Severity>;
  /** Glob patterns (gitignore syntax) of files not to scan. */
  exclude: string[];
  /** Extra column/key names that hold personal data. */
  sensitiveColumns: string[];
  /** Hosts allowed over plain http. */
  allowedHosts: string[];
  /** Baseline file: findings recorded there are not reported. */
  baseline?: string;
  /** The config file read, if any. */
  file?: string;
  /** Folder the config's relative paths are relative to. */
  root?: string;
  /** Problems found in the config, as messages for the user. */
  problems: string[];
}

export function defaultConfig(): Config {
  return { select: [], ignore: [], severity: {}, exclude: [], sensitiveColumns: [], allowedHosts: [], problems: [] };
}

const KEYS = new Set(['select', 'ignore', 'severity', 'exclude', 'sensitive-columns', 'allowed-hosts', 'baseline']);

function stringList(value: unknown, key: string, problems: string[], where: string): string[] {
  if (value === undefined) return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  problems.push(`${where}: "${key}" must be a list of strings; ignored`);
  return [];
}

/** Reads the `[tool.secure-ml]` table (or a `secure-ml.toml` document) into a Config. */
export function configFromTable(table: Record<string, unknown>, where: string, root?: string): Config {
  const config = defaultConfig();
  const problems = config.problems;
  for (const key of Object.keys(table)) if (!KEYS.has(key)) problems.push(`${where}: unknown key "${key}"; ignored`);
  config.select = stringList(table.select, 'select', problems, where);
  config.ignore = stringList(table.ignore, 'ignore', problems, where);
  config.exclude = stringList(table.exclude, 'exclude', problems, where);
  config.sensitiveColumns = stringList(table['sensitive-columns'], 'sensitive-columns', problems, where);
  config.allowedHosts = stringList(table['allowed-hosts'], 'allowed-hosts', problems, where);
  if (table.severity !== undefined) {
    if (typeof table.severity === 'object' && table.severity !== null && !Array.isArray(table.severity)) {
      for (const [id, value] of Object.entries(table.severity)) {
        if (isSeverity(value)) config.severity[id] = value;
        else problems.push(`${where}: severity of "${id}" must be "error", "warning" or "info"; ignored`);
      }
    } else {
      problems.push(`${where}: "severity" must be a table of rule id = "error" | "warning" | "info"; ignored`);
    }
  }
  if (table.baseline !== undefined) {
    if (typeof table.baseline === 'string') config.baseline = root ? path.resolve(root, table.baseline) : table.baseline;
    else problems.push(`${where}: "baseline" must be a file path; ignored`);
  }
  config.root = root;
  return config;
}

const configCache = new Map<string, Config | null>();

/** Reads the config file in `dir` itself, if any (null when the folder has none). */
function configIn(dir: string): Config | null {
  const cached = configCache.get(dir);
  if (cached !== undefined) return cached;
  let result: Config | null = null;
  const standalone = path.join(dir, 'secure-ml.toml');
  const pyproject = path.join(dir, 'pyproject.toml');
  if (fs.existsSync(standalone)) {
    result = readConfigFile(standalone, (doc) => doc);
  } else if (fs.existsSync(pyproject)) {
    result = readConfigFile(pyproject, (doc) => {
      const tool = doc.tool as Record<string, unknown> | undefined;
      const table = tool?.['secure-ml'];
      return table && typeof table === 'object' ? (table as Record<string, unknown>) : undefined;
    });
  }
  configCache.set(dir, result);
  return result;
}

function readConfigFile(file: string, pick: (doc: Record<string, unknown>) => Record<string, unknown> | undefined): Config | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const config = defaultConfig();
    config.problems.push(`${file}: cannot be read (${(error as Error).message})`);
    config.file = file;
    return config;
  }
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text) as Record<string, unknown>;
  } catch (error) {
    const config = defaultConfig();
    config.file = file;
    config.root = path.dirname(file);
    config.problems.push(`${file}: invalid TOML, the configuration is ignored (${(error as Error).message.split('\n')[0]})`);
    return config;
  }
  const table = pick(doc);
  if (!table) return null;
  const config = configFromTable(table, file, path.dirname(file));
  config.file = file;
  return config;
}

/** The config that applies to `filePath`: the nearest `secure-ml.toml` or `pyproject.toml` with a `[tool.secure-ml]` table. */
export function findConfig(filePath: string, stopAt?: string): Config {
  let dir = path.resolve(path.dirname(filePath));
  const stop = stopAt ? path.resolve(stopAt) : undefined;
  for (;;) {
    const found = configIn(dir);
    if (found) return found;
    const parent = path.dirname(dir);
    if (parent === dir || (stop && dir === stop)) return defaultConfig();
    dir = parent;
  }
}

/** Forgets cached config files (after one changed on disk). */
export function clearConfigCache(): void {
  configCache.clear();
  projectCache.clear();
  projectRootCache.clear();
}

/**
 * Settings layered over a file config: a non-empty `select` replaces the file's, the other lists
 * add to it, and severities given in settings win.
 */
export function mergeConfig(base: Config, override: Partial<Config>): Config {
  return {
    ...base,
    select: override.select && override.select.length > 0 ? override.select : base.select,
    ignore: [...base.ignore, ...(override.ignore ?? [])],
    severity: { ...base.severity, ...(override.severity ?? {}) },
    exclude: [...base.exclude, ...(override.exclude ?? [])],
    sensitiveColumns: [...base.sensitiveColumns, ...(override.sensitiveColumns ?? [])],
    allowedHosts: [...base.allowedHosts, ...(override.allowedHosts ?? [])],
    baseline: override.baseline ?? base.baseline,
    problems: [...base.problems, ...(override.problems ?? [])],
  };
}

function matchesEntry(rule: Rule, entry: string): boolean {
  return entry === 'all' || entry === rule.id || entry === rule.category;
}

/** The rules a config enables, and problems for entries that name no rule or category. */
export function selectRules(all: readonly Rule[], config: Pick<Config, 'select' | 'ignore' | 'severity'>): { rules: Rule[]; problems: string[] } {
  const problems: string[] = [];
  const known = (entry: string) => entry === 'all' || isCategory(entry) || all.some((r) => r.id === entry);
  for (const [key, list] of [
    ['select', config.select],
    ['ignore', config.ignore],
    ['severity', Object.keys(config.severity)],
  ] as const) {
    for (const entry of list) if (!known(entry)) problems.push(`${key}: "${entry}" is neither a rule id nor a category`);
  }
  const rules = all.filter((rule) => (config.select.length === 0 || config.select.some((e) => matchesEntry(rule, e))) && !config.ignore.some((e) => matchesEntry(rule, e)));
  return { rules, problems };
}

/** The severity a config gives a rule: by rule id first, then by category. */
export function severityFor(rule: Pick<Rule, 'id' | 'category' | 'severity'>, severity: Record<string, Severity>): Severity {
  return severity[rule.id] ?? severity[rule.category] ?? rule.severity;
}

const projectCache = new Map<string, ProjectInfo>();

/** Python package names compare case-insensitively with `-`, `_` and `.` equal (PEP 503). */
export function normalisePackageName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

const REQUIREMENT = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*((?:[<>=!~]=?|===)\s*[^;#\s][^;#]*)?/;

function addRequirement(into: Map<string, string>, line: string): void {
  const match = REQUIREMENT.exec(line);
  if (!match || line.trim().startsWith('-') || line.trim().startsWith('#')) return;
  const name = normalisePackageName(match[1]);
  if (!into.has(name) || match[2]) into.set(name, (match[2] ?? '').replace(/\s+/g, ''));
}

/** What the project folder declares: requirement pins from requirements*.txt and pyproject. */
export function projectInfo(root: string | undefined): ProjectInfo {
  const key = root ?? '';
  const cached = projectCache.get(key);
  if (cached) return cached;
  const requirements = new Map<string, string>();
  if (root) {
    let entries: string[] = [];
    try {
      entries = fs.readdirSync(root);
    } catch {
      entries = [];
    }
    for (const entry of entries) {
      if (!/^requirements.*\.(txt|in)$/i.test(entry)) continue;
      try {
        for (const line of fs.readFileSync(path.join(root, entry), 'utf8').split(/\r?\n/)) addRequirement(requirements, line);
      } catch {
        // unreadable requirements file: nothing to learn from it
      }
    }
    try {
      const doc = parseToml(fs.readFileSync(path.join(root, 'pyproject.toml'), 'utf8')) as Record<string, unknown>;
      const project = doc.project as { dependencies?: unknown; 'optional-dependencies'?: Record<string, unknown> } | undefined;
      const lists = [project?.dependencies, ...Object.values(project?.['optional-dependencies'] ?? {})];
      for (const list of lists) if (Array.isArray(list)) for (const dep of list) if (typeof dep === 'string') addRequirement(requirements, dep);
      const poetry = ((doc.tool as Record<string, unknown> | undefined)?.poetry as { dependencies?: Record<string, unknown> } | undefined)?.dependencies;
      for (const [name, spec] of Object.entries(poetry ?? {})) {
        const version = typeof spec === 'string' ? spec : typeof spec === 'object' && spec && typeof (spec as { version?: unknown }).version === 'string' ? (spec as { version: string }).version : '';
        requirements.set(normalisePackageName(name), version);
      }
    } catch {
      // no pyproject, or not TOML: the config loader reports a broken one
    }
  }
  const info: ProjectInfo = { root, requirement: (name) => requirements.get(normalisePackageName(name)) };
  projectCache.set(key, info);
  return info;
}

/** The project folder of a file: the config's folder, else the nearest folder with requirements or pyproject. */
export function projectRootOf(filePath: string, config: Config): string | undefined {
  if (config.root) return config.root;
  const start = path.resolve(path.dirname(filePath));
  // a scan asks once per file: list each folder once, not once per file in it
  if (projectRootCache.has(start)) return projectRootCache.get(start);
  const root = findProjectRoot(start);
  projectRootCache.set(start, root);
  return root;
}

const projectRootCache = new Map<string, string | undefined>();

function findProjectRoot(start: string): string | undefined {
  let dir = start;
  for (let i = 0; i < 30; i++) {
    try {
      if (fs.readdirSync(dir).some((e) => e === 'pyproject.toml' || e === 'setup.py' || /^requirements.*\.txt$/i.test(e) || e === '.git')) return dir;
    } catch {
      return undefined;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}
