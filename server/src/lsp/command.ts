import { Command } from 'commander';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

/** `secure-ml server --stdio`: the language server for any LSP client (Neovim, Helix, Emacs...). */
export function serverCommand(): Command {
  return new Command('server')
    .description('run the language server (for editors other than VS Code)')
    .option('--stdio', 'talk LSP over standard input and output (the only transport offered)')
    .action(
      (options: { stdio?: boolean }) =>
        new Promise<void>((resolve, reject) => {
          if (!options.stdio) {
            reject(new Error('secure-ml server needs --stdio (LSP over standard input and output)'));
            return;
          }
          const connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout);
          // the server runs until the client sends `exit` (which ends the process) or closes the stream
          connection.onExit(() => resolve());
          startServer(connection);
        }),
    );
}
