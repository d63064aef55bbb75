/// <reference types="mocha" />
// Runs before every other file (see index.ts): nothing may have opened a scenario yet.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, closeAllEditors, extension, openScenario, waitFor } from './helpers';

suite('activation', () => {
  test('the extension is present but inactive before a scenario is opened', () => {
    const open = vscode.workspace.textDocuments.filter((d) => d.languageId === 'netscenario');
    assert.deepEqual(open.map((d) => d.uri.fsPath), [], 'a scenario was already open');
    assert.equal(extension().isActive, false, `${EXTENSION_ID} activated before any scenario was opened`);
  });

  test('opening a .netscenario file activates it and sets the language', async () => {
    const editor = await openScenario('ok.netscenario');
    assert.equal(editor.document.languageId, 'netscenario');
    await waitFor(`${EXTENSION_ID} to activate`, () => (extension().isActive ? true : undefined), 30_000);
    await closeAllEditors();
  });
});
