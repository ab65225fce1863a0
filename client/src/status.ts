import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

/** The status bar item: the number of secure-ml findings in open and scanned files, or "off". */
export class StatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('secureMl.status', vscode.StatusBarAlignment.Right, 100);
  private readonly disposables: vscode.Disposable[] = [];
  private client: LanguageClient | undefined;

  constructor() {
    this.item.name = 'Secure ML';
    this.item.command = 'workbench.actions.view.problems';
    this.disposables.push(
      vscode.languages.onDidChangeDiagnostics(() => this.refresh()),
      vscode.window.onDidChangeActiveTextEditor(() => this.refresh()),
    );
    this.refresh();
    this.item.show();
  }

  attach(client: LanguageClient): void {
    this.client = client;
    this.refresh();
  }

  /** Findings currently shown (unused-suppression notes and analysis problems are not counted). */
  count(): number {
    let total = 0;
    this.client?.diagnostics?.forEach((_uri, diagnostics) => {
      total += diagnostics.filter((d) => d.code !== undefined && !['unused-suppression', 'analysis-problem', 'syntax-error'].includes(codeOf(d))).length;
    });
    return total;
  }

  refresh(): void {
    // secureMl.enable is resource-scoped: read it for the file in front of the user (or the first folder)
    const scope = vscode.window.activeTextEditor?.document.uri ?? vscode.workspace.workspaceFolders?.[0]?.uri ?? null;
    const enabled = vscode.workspace.getConfiguration('secureMl', scope).get<boolean>('enable', true);
    if (!enabled) {
      this.item.text = '$(shield) Secure ML: off';
      this.item.tooltip = 'Secure ML is disabled (secureMl.enable)';
      return;
    }
    const count = this.count();
    this.item.text = `$(shield) ${count}`;
    this.item.tooltip = `Secure ML: ${count} finding${count === 1 ? '' : 's'} in open and scanned files. Click to show the Problems panel.`;
  }

  dispose(): void {
    this.item.dispose();
    this.disposables.forEach((d) => d.dispose());
  }
}

function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return typeof code === 'object' ? String(code.value) : String(code);
}
