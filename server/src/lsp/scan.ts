import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ResponseError, ErrorCodes, type CancellationToken, type WorkDoneProgressReporter } from 'vscode-languageserver';
import { discoverFiles } from '../engine/files';
import type { ScanWorkspaceParams, ScanWorkspaceResult } from './protocol';
import type { SecureMlServer } from './server';

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The "scan workspace" request: discovers the files of the workspace folders (honouring
 * `exclude` and `.gitignore`), analyses the ones not open in an editor and publishes their
 * diagnostics, reporting `$/progress`. Cancellable by the request's token or the progress's.
 */
export async function scanWorkspace(server: SecureMlServer, params: ScanWorkspaceParams, token: CancellationToken): Promise<ScanWorkspaceResult> {
  const roots = params.paths && params.paths.length > 0 ? params.paths.map((p) => path.resolve(p)) : [...server.folders];
  if (roots.length === 0) throw new ResponseError(ErrorCodes.InvalidParams, 'secure-ml: no workspace folder is open and no paths were given');
  let progress: WorkDoneProgressReporter | undefined;
  let progressCancelled: () => boolean = () => false;
  if (params.workDoneToken !== undefined) {
    progress = server.connection.window.attachWorkDoneProgress(params.workDoneToken);
  } else if (server.canReportProgress) {
    const created = await server.connection.window.createWorkDoneProgress().catch(() => undefined);
    if (created) {
      progress = created;
      progressCancelled = () => created.token.isCancellationRequested;
    }
  }
  const cancelled = () => token.isCancellationRequested || progressCancelled();
  const result: ScanWorkspaceResult = { files: 0, findings: 0, filesWithFindings: 0, problems: [], cancelled: false };
  progress?.begin('Secure ML: scanning the workspace', 0, 'finding files', true);
  try {
    const files: string[] = [];
    for (const root of roots) {
      const uri = pathToFileURL(root).toString();
      const settings = await server.settingsFor(uri);
      const { base } = server.configFor(path.join(root, '__scan__'), settings);
      const discovery = discoverFiles([root], { exclude: base.exclude, excludeRoot: base.root });
      result.problems.push(...discovery.problems);
      for (const file of discovery.files) if (!server.isExcluded(file, { ...base, exclude: [] }, settings)) files.push(file);
    }
    for (let i = 0; i < files.length; i++) {
      if (cancelled()) {
        result.cancelled = true;
        break;
      }
      const file = files[i];
      progress?.report(Math.round((i / files.length) * 100), `${i + 1}/${files.length} ${path.basename(file)}`);
      const uri = pathToFileURL(file).toString();
      result.files++;
      if (server.isOpen(uri)) {
        // open documents are analysed live: count what they show now
        const open = server.findingCountOf(uri);
        result.findings += open;
        if (open > 0) result.filesWithFindings++;
      } else {
        const analysis = await server.publishFromDisk(file);
        if (analysis?.skipped) result.problems.push({ path: file, message: analysis.problems[0]?.message ?? 'not analysed' });
        const count = analysis?.skipped ? 0 : (analysis?.findings.length ?? 0);
        result.findings += count;
        if (count > 0) result.filesWithFindings++;
      }
      await yieldToEventLoop();
    }
  } finally {
    progress?.done();
  }
  return result;
}
