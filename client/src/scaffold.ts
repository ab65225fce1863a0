import * as path from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS } from './protocol';
import { packageNameOf, projectNameProblem, ScaffoldError, writeProject, type ScaffoldResult } from '../../server/src/scaffold';

/** Arguments for running the command without questions (tests, tasks, keybindings). */
export interface NewProjectArguments {
  /** The project folder (created if missing). Without it, the command asks. */
  directory?: string;
  name?: string;
  serve?: boolean;
  /** Open the new folder afterwards (`true`), or offer to (`undefined`, interactive runs only). */
  open?: boolean;
}

async function askForArguments(): Promise<Required<Pick<NewProjectArguments, 'directory' | 'name' | 'serve'>> | undefined> {
  const parent = await vscode.window.showOpenDialog({
    canSelectFolders: true,
    canSelectFiles: false,
    canSelectMany: false,
    openLabel: 'Create Project Here',
    title: 'Secure ML: New Project — choose the parent folder',
  });
  if (!parent || parent.length === 0) return undefined;
  const name = await vscode.window.showInputBox({
    title: 'Secure ML: New Project',
    prompt: 'Project name (the folder and the Python package are named after it)',
    value: 'ml-pipeline',
    validateInput: (value) => projectNameProblem(value) ?? null,
  });
  if (name === undefined) return undefined;
  const serve = await vscode.window.showQuickPick(
    [
      { label: 'With an inference API', description: 'FastAPI service with API-key auth', serve: true },
      { label: 'Pipeline only', description: 'data preparation and training', serve: false },
    ],
    { title: 'Secure ML: New Project', placeHolder: 'Include a model-serving API?' },
  );
  if (!serve) return undefined;
  return { directory: path.join(parent[0].fsPath, packageNameOf(name).replace(/_/g, '-')), name, serve: serve.serve };
}

/** Registers `secureMl.newProject`: scaffolds a secure ML pipeline project. Returns the result, or undefined when cancelled or failed. */
export function registerScaffoldCommand(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.newProject, async (args?: NewProjectArguments): Promise<ScaffoldResult | undefined> => {
      const interactive = !args?.directory;
      const answers = interactive ? await askForArguments() : { directory: args.directory!, name: args.name ?? path.basename(args.directory!), serve: args.serve ?? true };
      if (!answers) return undefined;
      let result: ScaffoldResult;
      try {
        result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Secure ML: creating ${answers.name}…` }, async () => writeProject(answers));
      } catch (error) {
        const message = error instanceof ScaffoldError ? error.message : `could not create the project: ${(error as Error).message}`;
        void vscode.window.showErrorMessage(`Secure ML: ${message}`);
        return undefined;
      }
      const folder = vscode.Uri.file(result.directory);
      if (args?.open) {
        await vscode.commands.executeCommand('vscode.openFolder', folder, { forceNewWindow: false });
      } else if (interactive) {
        void vscode.window
          .showInformationMessage(`Secure ML: created ${result.name} (${result.files.length} files). Copy .env.example to .env and fill in the keys.`, 'Open Folder', 'Open in New Window')
          .then((choice) => {
            if (choice) void vscode.commands.executeCommand('vscode.openFolder', folder, { forceNewWindow: choice === 'Open in New Window' });
          });
      }
      return result;
    }),
  );
}
