// Ids shared with the language server and the editor tests. Keep them stable: the e2e suites use them.
import type { DocumentSelector } from 'vscode-languageclient';

export const COMMANDS = {
  scanWorkspace: 'secureMl.scanWorkspace',
  showRuleDocumentation: 'secureMl.showRuleDocumentation',
  restartServer: 'secureMl.restartServer',
  clearCellOutputs: 'secureMl.clearCellOutputs',
  newProject: 'secureMl.newProject',
} as const;

export { RULES_REQUEST, SCAN_WORKSPACE_REQUEST, type RuleInfo, type ScanWorkspaceResult } from '../../server/src/lsp/protocol';

/** Config and env files scanned for secrets (the engine's `fileKindOf` decides the kind). */
export const CONFIG_FILE_GLOB = '**/{.env,.env.*,*.env,*.yaml,*.yml,*.json,*.toml,*.ini,*.cfg,*.conf,.netrc,_netrc,Dockerfile,Dockerfile.*,*.dockerfile,*.ipynb}';

/**
 * Python files (saved or not), notebook cells, and config/env files by name. Cells are synced with
 * their notebook (the server declares notebook document sync for `jupyter-notebook`); the cell
 * entry is what registers the code action provider (quick fixes, ignore, fix-all) for cells.
 */
export const DOCUMENT_SELECTOR: DocumentSelector = [
  { scheme: 'file', language: 'python' },
  { scheme: 'untitled', language: 'python' },
  { scheme: 'vscode-notebook-cell', language: 'python' },
  { scheme: 'file', pattern: CONFIG_FILE_GLOB },
];

export interface ScanWorkspaceArgs {
  /** Absolute paths to scan instead of the workspace folders. */
  paths?: string[];
  /** No summary message (tests). */
  silent?: boolean;
}
