// Custom requests and options between the secure-ml language server and its clients.
import type { WorkDoneProgressParams } from 'vscode-languageserver';

/** Analyses every Python file, notebook and config/env file of the workspace (or of `paths`). */
export const SCAN_WORKSPACE_REQUEST = 'secureMl/scanWorkspace';
/** Lists the rules with their documentation URIs. */
export const RULES_REQUEST = 'secureMl/rules';

export interface ScanWorkspaceParams extends WorkDoneProgressParams {
  /** Folders or files to scan instead of the workspace folders (absolute paths). */
  paths?: string[];
}

export interface ScanWorkspaceResult {
  /** Files analysed. */
  files: number;
  /** Findings in them (open documents counted as currently shown). */
  findings: number;
  /** Files with findings. */
  filesWithFindings: number;
  /** Files or folders that could not be analysed, with the reason. */
  problems: { path: string; message: string }[];
  cancelled: boolean;
}

export interface RuleInfo {
  id: string;
  category: string;
  severity: string;
  message: string;
  fixable: boolean;
  /** The rule's documentation page (the copy shipped with the server, else the web page). */
  documentation: string;
}

export interface InitializationOptions {
  /** False in an untrusted workspace: workspace config files are not read. Default true. */
  workspaceTrusted?: boolean;
  /** The client watches pyproject.toml / secure-ml.toml itself (no dynamic registration needed). */
  clientWatchesConfig?: boolean;
  /** Settings for clients that neither answer workspace/configuration nor send didChangeConfiguration. */
  settings?: unknown;
}
