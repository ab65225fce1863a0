import type { Config } from '../engine/config';
import { isSeverity, type Severity } from '../engine/types';

/**
 * The `secureMl.*` settings of one resource, as the editor sends them. Every value is checked:
 * a wrong type is reported once (a warning, not a crash) and replaced by its default.
 */
export interface Settings {
  enable: boolean;
  select: string[];
  ignore: string[];
  severity: Record<string, Severity>;
  exclude: string[];
  /** Extra column / key names that hold personal data (added to the project's `sensitive-columns`). */
  sensitiveColumns: string[];
  /** Hosts where plain http is accepted (added to the project's `allowed-hosts`). */
  allowedHosts: string[];
}

export function defaultSettings(): Settings {
  return { enable: true, select: [], ignore: [], severity: {}, exclude: [], sensitiveColumns: [], allowedHosts: [] };
}

function stringList(value: unknown, key: string, problems: string[]): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') {
    return value
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v.length > 0);
  }
  if (Array.isArray(value)) {
    const strings = value.filter((v): v is string => typeof v === 'string' && v.trim().length > 0).map((v) => v.trim());
    if (strings.length !== value.length) problems.push(`secureMl.${key}: every entry must be a string; the others are ignored`);
    return strings;
  }
  problems.push(`secureMl.${key} must be a list of strings; ignored`);
  return [];
}

/** Checks raw settings (any JSON) into Settings, with messages for what was wrong. */
export function parseSettings(raw: unknown): { settings: Settings; problems: string[] } {
  const settings = defaultSettings();
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { settings, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push('secureMl settings must be an object; using the defaults');
    return { settings, problems };
  }
  const value = raw as Record<string, unknown>;
  if (value.enable !== undefined && value.enable !== null) {
    if (typeof value.enable === 'boolean') settings.enable = value.enable;
    else problems.push('secureMl.enable must be true or false; using true');
  }
  settings.select = stringList(value.select, 'select', problems);
  settings.ignore = stringList(value.ignore, 'ignore', problems);
  settings.exclude = stringList(value.exclude, 'exclude', problems);
  settings.sensitiveColumns = stringList(value.sensitiveColumns, 'sensitiveColumns', problems);
  settings.allowedHosts = stringList(value.allowedHosts, 'allowedHosts', problems);
  if (value.severity !== undefined && value.severity !== null) {
    if (typeof value.severity === 'object' && !Array.isArray(value.severity)) {
      for (const [id, level] of Object.entries(value.severity as Record<string, unknown>)) {
        if (isSeverity(level)) settings.severity[id] = level;
        else problems.push(`secureMl.severity: "${id}" must be "error", "warning" or "info"; ignored`);
      }
    } else {
      problems.push('secureMl.severity must be an object of rule id or category to "error" | "warning" | "info"; ignored');
    }
  }
  return { settings, problems };
}

/** The part of Settings the engine merges over the file config (settings win). */
export function settingsOverride(settings: Settings): Partial<Config> {
  return { select: settings.select, ignore: settings.ignore, severity: settings.severity, exclude: settings.exclude, sensitiveColumns: settings.sensitiveColumns, allowedHosts: settings.allowedHosts };
}
