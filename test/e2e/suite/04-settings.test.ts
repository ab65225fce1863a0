import * as vscode from 'vscode';
import { diagnosticsWhere, openPython, ready, withRule, withoutRule } from './helpers';

describe('settings', () => {
  const settings = () => vscode.workspace.getConfiguration('secureMl');

  before(ready);

  after(async () => {
    await settings().update('ignore', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it("secureMl.ignore removes a rule's diagnostics from an open file, and clearing it brings them back", async () => {
    const editor = await openPython('settings.py');
    const uri = editor.document.uri;
    await diagnosticsWhere(uri, 'a requests-verify-disabled diagnostic', withRule('requests-verify-disabled'));
    await settings().update('ignore', ['requests-verify-disabled'], vscode.ConfigurationTarget.Workspace);
    await diagnosticsWhere(uri, 'the diagnostic to go after secureMl.ignore', withoutRule('requests-verify-disabled'));
    await settings().update('ignore', undefined, vscode.ConfigurationTarget.Workspace);
    await diagnosticsWhere(uri, 'the diagnostic to come back once the setting is cleared', withRule('requests-verify-disabled'));
  });
});
