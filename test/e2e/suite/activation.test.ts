import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, extension, ready } from './helpers';

describe('activation', () => {
  it('runs in a VS Code with the extension under test installed', () => {
    assert.ok(vscode.version.startsWith('1.'), `unexpected VS Code version ${vscode.version}`);
    assert.equal(extension().id, EXTENSION_ID);
  });

  it('activates and its language server becomes ready', async () => {
    await ready();
    assert.ok(extension().isActive);
  });
});
