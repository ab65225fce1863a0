import { Command, CommanderError, Option } from 'commander';
import { allRules } from '../../../rules';
import { renderRuleText } from '../engine/docs';
import { createEngine } from '../engine/engine';
import { discoverFiles } from '../engine/files';
import { CATEGORIES, isSeverity, severityRank, type Severity } from '../engine/types';
import { formatJson, formatText, type ScanReport } from './format';
import { initCommand } from './init';
import { scanFiles } from './scan';
import { serverCommand } from '../lsp/command';

/** Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or fatal error. */
export const EXIT_CLEAN = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

function list(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v.length > 0),
  ];
}

async function main(argv: string[]): Promise<number> {
  const program = new Command();
  program.name('secure-ml').description('Finds insecure data handling and secret exposure in ML code: Python files, Jupyter notebooks, config and env files.').exitOverride();
  program.configureOutput({ writeErr: (text) => process.stderr.write(text) });
  let exitCode = EXIT_CLEAN;

  program
    .command('scan')
    .description('scan files and folders (default: the current folder)')
    .argument('[paths...]', 'files or folders to scan')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--output <file>', 'write the report to a file instead of standard output')
    .option('--select <ids>', 'only these rule ids or categories (comma-separated)', list)
    .option('--ignore <ids>', 'skip these rule ids or categories (comma-separated)', list)
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at least this severe').choices(['error', 'warning', 'info']).default('info'))
    .action(async (paths: string[], options: { format: string; output?: string; select?: string[]; ignore?: string[]; failOn: string }) => {
      const engine = await createEngine(allRules);
      const roots = paths.length > 0 ? paths : ['.'];
      const discovery = discoverFiles(roots);
      const results = scanFiles(engine, discovery.files, { select: options.select, ignore: options.ignore });
      const report: ScanReport = { results, discoveryProblems: discovery.problems };
      const text = options.format === 'json' ? formatJson(report) : formatText(report, { color: !options.output && process.stdout.isTTY === true });
      if (options.output) {
        const fs = await import('node:fs');
        fs.writeFileSync(options.output, text);
      } else {
        process.stdout.write(text);
      }
      const threshold = isSeverity(options.failOn) ? severityRank(options.failOn as Severity) : 1;
      exitCode = results.some((r) => r.findings.some((f) => severityRank(f.severity) >= threshold)) ? EXIT_FINDINGS : EXIT_CLEAN;
    });

  program
    .command('rules')
    .description('list the rules, or explain one')
    .option('--explain <id>', 'print the documentation page of a rule')
    .action((options: { explain?: string }) => {
      if (options.explain) {
        const rule = allRules.find((r) => r.id === options.explain);
        if (!rule) {
          process.stderr.write(`secure-ml: no rule "${options.explain}"; run \`secure-ml rules\` to list them\n`);
          exitCode = EXIT_ERROR;
          return;
        }
        process.stdout.write(renderRuleText(rule));
        return;
      }
      const rows = [...allRules].sort((a, b) => CATEGORIES.indexOf(a.category) - CATEGORIES.indexOf(b.category) || a.id.localeCompare(b.id));
      const width = Math.max(...rows.map((r) => r.id.length));
      const categoryWidth = Math.max(...rows.map((r) => r.category.length));
      process.stdout.write(`${'RULE'.padEnd(width)}  ${'CATEGORY'.padEnd(categoryWidth)}  SEVERITY  FIX\n`);
      for (const rule of rows) process.stdout.write(`${rule.id.padEnd(width)}  ${rule.category.padEnd(categoryWidth)}  ${rule.severity.padEnd(8)}  ${rule.fixable ? 'yes' : 'no'}\n`);
    });

  program.addCommand(initCommand());
  program.addCommand(serverCommand());

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_CLEAN : EXIT_ERROR;
    process.stderr.write(`secure-ml: ${(error as Error).message}\n`);
    return EXIT_ERROR;
  }
  return exitCode;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`secure-ml: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = EXIT_ERROR;
  },
);
