import { Command } from 'commander';
import * as path from 'node:path';
import { writeProject } from '../scaffold';

/** `secure-ml init DIR`: scaffolds a secure ML pipeline project (errors reach main's handler: exit 2). */
export function initCommand(): Command {
  return new Command('init')
    .description('create a secure ML pipeline project (encrypted data I/O, keyed pseudonyms, safe model loading, an authenticated inference API)')
    .argument('<dir>', 'folder to create the project in (created if missing; existing files are never overwritten)')
    .option('--name <name>', 'project name (default: the folder name)')
    .option('--no-serve', 'leave out the FastAPI inference service')
    .action((dir: string, options: { name?: string; serve: boolean }) => {
      const result = writeProject({ directory: dir, name: options.name, serve: options.serve });
      const shown = path.relative(process.cwd(), result.directory) || '.';
      process.stdout.write(`Created ${result.name} in ${shown} (${result.files.length} files, package ${result.packageName}).\n\n`);
      process.stdout.write(`Next:\n  cd ${shown}\n  cp .env.example .env    # fill in the keys\n  pip install -r requirements.txt && pytest\n`);
    });
}
