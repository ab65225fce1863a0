import { Command, InvalidArgumentError, Option } from 'commander';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../../../rules';
import { findConfig, selectRules } from '../engine/config';
import { createEngine, type Engine } from '../engine/engine';
import { discoverFiles } from '../engine/files';
import { isSeverity, severityRank } from '../engine/types';
import { applyBaseline, BaselineError, readBaseline, writeBaseline } from './baseline';
import { commaList, EXIT_CLEAN, EXIT_FINDINGS, UsageError } from './exit';
import { fixFile, type FileFixes } from './fix';
import { countBySeverity, displayPath, formatJson, formatText, type ScanReport } from './format';
import type { FileReport } from './report';
import { formatSarif } from './sarif';
import { scanFiles, scanFilesInProcess, type ScanSettings } from './scan';
import { writeFileAtomic } from './write';

interface ScanOptions {
  format: 'text' | 'json' | 'sarif';
  output?: string;
  select?: string[];
  ignore?: string[];
  baseline?: string;
  writeBaseline?: string;
  failOn: 'error' | 'warning' | 'info' | 'never';
  fix?: boolean;
  unsafeFixes?: boolean;
  jobs?: number;
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of at least 1');
  return n;
}

/** The config that governs a scan root (its `exclude` and `baseline`). */
function configForRoot(root: string) {
  const resolved = path.resolve(root);
  const isDir = fs.statSync(resolved).isDirectory();
  return findConfig(isDir ? path.join(resolved, '__secure-ml__') : resolved);
}

/** Every file to scan under the roots, each root with its config's `exclude` patterns. */
function discover(roots: readonly string[]): { files: string[]; problems: { path: string; message: string }[] } {
  const files: string[] = [];
  const seen = new Set<string>();
  const problems: { path: string; message: string }[] = [];
  for (const root of roots) {
    const config = configForRoot(root);
    const found = discoverFiles([root], { exclude: config.exclude, excludeRoot: config.root });
    for (const file of found.files) {
      if (seen.has(file)) continue;
      seen.add(file);
      files.push(file);
    }
    problems.push(...found.problems);
  }
  return { files, problems };
}

export async function runScan(paths: string[], options: ScanOptions): Promise<number> {
  const roots = paths.length > 0 ? paths : ['.'];
  const missing = roots.filter((root) => !fs.existsSync(root));
  if (missing.length > 0) throw new UsageError(`${missing.map((m) => `"${m}"`).join(', ')}: no such file or directory`);
  const settings: ScanSettings = { select: options.select, ignore: options.ignore };
  const selection = selectRules(allRules, { select: options.select ?? [], ignore: options.ignore ?? [], severity: {} });
  if (selection.problems.length > 0) throw new UsageError(`${selection.problems.join('; ')} (run \`secure-ml rules\` to list them)`);

  let enginePromise: Promise<Engine> | undefined;
  const engine = () => (enginePromise ??= createEngine(allRules));
  const { files, problems } = discover(roots);
  let reports = await scanFiles(files, { settings, jobs: options.jobs, engine });

  let fixes: FileFixes[] | undefined;
  if (options.unsafeFixes && !options.fix) throw new UsageError('--unsafe-fixes only applies with --fix');
  if (options.fix) {
    fixes = [];
    const inProcess = await engine();
    for (const report of reports) {
      if (!report.findings.some((f) => f.fixable || (options.unsafeFixes && f.hasFix))) continue;
      try {
        const fixed = fixFile(inProcess, report.path, settings, { unsafe: options.unsafeFixes });
        if (fixed) fixes.push(fixed);
      } catch (error) {
        fixes.push({ path: report.path, fixed: {}, clearedOutputs: [], appendedTo: [], problem: `could not be fixed: ${(error as Error).message}` });
      }
    }
    // report what remains: re-scan the files that changed
    const changed = new Set(fixes.filter((f) => !f.problem).map((f) => f.path));
    if (changed.size > 0) {
      const rescanned = new Map(scanFilesInProcess(inProcess, [...changed], settings).map((r) => [r.path, r]));
      reports = reports.map((r) => rescanned.get(r.path) ?? r);
    }
  }

  const rootConfig = configForRoot(roots[0]);
  let baseline: ScanReport['baseline'];
  if (options.writeBaseline) {
    const count = writeBaseline(options.writeBaseline, reports);
    process.stderr.write(`secure-ml: wrote ${count} finding${count === 1 ? '' : 's'} to the baseline ${displayPath(path.resolve(options.writeBaseline))}\n`);
  } else {
    const baselineFile = options.baseline ?? rootConfig.baseline;
    if (baselineFile) {
      try {
        const known = readBaseline(baselineFile);
        baseline = { file: path.resolve(baselineFile), hidden: applyBaseline(baselineFile, known, reports) };
      } catch (error) {
        // a baseline named on the command line must exist; one named in the config may not be written yet
        if (!(error instanceof BaselineError) || options.baseline) throw error instanceof BaselineError ? new UsageError(error.message) : error;
        process.stderr.write(`secure-ml: warning: ${error.message}; reporting every finding\n`);
      }
    }
  }

  const report: ScanReport = { files: reports, discoveryProblems: problems, rules: selection.rules, baseline, fixes };
  const useColor = options.format === 'text' && !options.output && process.stdout.isTTY === true && !('NO_COLOR' in process.env);
  const text = options.format === 'json' ? formatJson(report) : options.format === 'sarif' ? formatSarif(report) : formatText(report, { color: useColor });
  if (options.output) {
    writeFileAtomic(options.output, text);
    const counts = countBySeverity(reports);
    process.stderr.write(
      `secure-ml: wrote the ${options.format} report to ${options.output} (${counts.error + counts.warning + counts.info} findings in ${reports.filter((r) => !r.skipped).length} files)\n`,
    );
  } else {
    process.stdout.write(text);
  }
  return exitCodeFor(reports, options);
}

function exitCodeFor(reports: readonly FileReport[], options: Pick<ScanOptions, 'failOn' | 'writeBaseline'>): number {
  // writing a baseline accepts the current findings
  if (options.failOn === 'never' || options.writeBaseline) return EXIT_CLEAN;
  const threshold = isSeverity(options.failOn) ? severityRank(options.failOn) : severityRank('warning');
  return reports.some((r) => r.findings.some((f) => severityRank(f.severity) >= threshold)) ? EXIT_FINDINGS : EXIT_CLEAN;
}

/** `secure-ml scan`: the contract of shared/DESIGN.md. */
export function scanCommand(setExitCode: (code: number) => void): Command {
  return new Command('scan')
    .description('scan Python files, notebooks and config/env files (default: the current folder), honouring .gitignore and the config `exclude`')
    .argument('[paths...]', 'files or folders to scan')
    .addOption(new Option('--format <format>', 'report format').choices(['text', 'json', 'sarif']).default('text'))
    .option('--output <file>', 'write the report to a file instead of standard output')
    .option('--select <ids>', 'run only these rule ids or categories (comma-separated)', commaList)
    .option('--ignore <ids>', 'skip these rule ids or categories (comma-separated)', commaList)
    .option('--baseline <file>', 'report only findings not recorded in this baseline (default: `baseline` from the config)')
    .option('--write-baseline <file>', 'record the current findings in a baseline file (by fingerprint, never the secret) and exit 0')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at least this severe').choices(['error', 'warning', 'info', 'never']).default('warning'))
    .option('--fix', 'apply the safe fixes (Python files and notebooks), then report what remains')
    .option('--unsafe-fixes', 'with --fix, also apply the fixes that change behaviour (secrets moved to .env, keyed hashes): review the diff')
    .option('--jobs <n>', 'worker threads (default: the number of cores)', positiveInteger)
    .action(async (paths: string[], options: ScanOptions) => {
      setExitCode(await runScan(paths, options));
    });
}
