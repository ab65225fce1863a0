import { Command, CommanderError } from 'commander';
import { EXIT_CLEAN, EXIT_ERROR, UsageError } from './exit';
import { serverCommand } from '../lsp/command';
import { initCommand } from './init';
import { rulesCommand } from './rules-command';
import { scanCommand } from './scan-command';

async function main(argv: string[]): Promise<number> {
  const program = new Command();
  program.name('secure-ml').description('Finds insecure data handling and secret exposure in ML code: Python files, Jupyter notebooks, config and env files.').exitOverride();
  program.configureOutput({ writeErr: (text) => process.stderr.write(text) });
  let exitCode = EXIT_CLEAN;
  const setExitCode = (code: number) => {
    exitCode = code;
  };

  // one line per command
  program.addCommand(scanCommand(setExitCode));
  program.addCommand(rulesCommand());
  program.addCommand(initCommand());
  program.addCommand(serverCommand());
  // commands made on their own do not inherit exitOverride: give them the program's settings
  for (const command of program.commands) command.copyInheritedSettings(program);

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_CLEAN : EXIT_ERROR;
    process.stderr.write(`secure-ml: ${error instanceof UsageError ? '' : 'error: '}${(error as Error).message}\n`);
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
