import type { Config } from '../engine/config';
import type { Engine, FileAnalysis } from '../engine/engine';

export interface ScanOptions {
  select?: string[];
  ignore?: string[];
}

/** Analyses each file; a file that cannot be analysed comes back skipped with a reason. */
export function scanFiles(engine: Engine, files: readonly string[], options: ScanOptions): FileAnalysis[] {
  const settings: Partial<Config> = {};
  if (options.select) settings.select = options.select;
  if (options.ignore) settings.ignore = options.ignore;
  return files.map((file) => engine.analyzeFile(file, settings));
}
