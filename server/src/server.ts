// Language server entry point (bundled to dist/server.js). The transport comes from the command
// line: `--node-ipc` when VS Code starts it, `--stdio` for other editors.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './lsp/server';

startServer(createConnection(ProposedFeatures.all));
