/// <reference types="mocha" />
// Running scenarios from the command: the results panel, failed-expectation diagnostics
// (source netscenario-run) and the Test Explorer items.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  closeAllEditors, describe, extension, openScenario, positionOf, skipWith, waitFor, waitForDiagnostics, workspaceUri,
} from './helpers';

const RUN_SOURCE = 'netscenario-run';
const RUN_TIMEOUT_MS = 60_000;
const EXAMPLE = 'somaxconn-nc.netscenario';

function webviewTabs(): { label: string; viewType: string }[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview)
    .map((t) => ({ label: t.label, viewType: (t.input as vscode.TabInputWebview).viewType }));
}

suite('running scenarios', function () {
  this.timeout(RUN_TIMEOUT_MS + 30_000);
  suiteSetup(async () => {
    await extension().activate();
    await closeAllEditors();
  });
  suiteTeardown(closeAllEditors);

  test(`Run Scenario on examples/${EXAMPLE} opens its results panel`, async () => {
    await openScenario(EXAMPLE);
    const result = await vscode.commands.executeCommand<{ expectations?: unknown[] } | undefined>('netscenario.runScenario');
    // The panel opens at once and is titled after the scenario when its results arrive.
    await waitFor(
      'a NetScenario webview tab titled after the scenario',
      () => webviewTabs().find((t) => /netscenario/i.test(t.viewType) && /somaxconn experiment|somaxconn-nc/.test(t.label)),
      RUN_TIMEOUT_MS,
      [vscode.window.tabGroups.onDidChangeTabs],
    ).catch((err: Error) => {
      const ran = result ? `a result with ${result.expectations?.length} expectations` : 'no result (failed or cancelled)';
      throw new Error(`${err.message}; webview tabs: ${JSON.stringify(webviewTabs())}; the command returned ${ran}`);
    });
  });

  test('a false expect gets a netscenario-run diagnostic on its line only, replaced by the next run', async () => {
    const { document: doc } = await openScenario('false-expect.netscenario');
    const falseLine = positionOf(doc, 'expect server.nc.accepted == 1000').line;
    await vscode.commands.executeCommand('netscenario.runScenario');
    const diags = await waitForDiagnostics(
      doc.uri,
      `a ${RUN_SOURCE} diagnostic on line ${falseLine + 1}`,
      (d) => d.some((x) => x.source === RUN_SOURCE),
      RUN_TIMEOUT_MS,
    );
    const run = diags.filter((d) => d.source === RUN_SOURCE);
    assert.deepEqual(run.map((d) => d.range.start.line), [falseLine], describe(run));
    assert.match(run[0].message, /1000/, 'the message should name the expected value');

    // Correcting that expectation and breaking the other one, then running again, moves the
    // diagnostic: the new run replaces the old run's diagnostics.
    const swap = new vscode.WorkspaceEdit();
    const fixed = positionOf(doc, 'expect server.nc.accepted == 1000', 'expect server.nc.accepted == '.length);
    swap.replace(doc.uri, new vscode.Range(fixed, fixed.translate(0, 4)), '3');
    const broken = positionOf(doc, 'expect client.load.established == 3', 'expect client.load.established == '.length);
    swap.replace(doc.uri, new vscode.Range(broken, broken.translate(0, 1)), '4');
    assert.ok(await vscode.workspace.applyEdit(swap));
    assert.ok(await doc.save());
    await vscode.commands.executeCommand('netscenario.runScenario');
    const moved = await waitForDiagnostics(
      doc.uri,
      `a ${RUN_SOURCE} diagnostic on line ${broken.line + 1} only`,
      (d) => d.some((x) => x.source === RUN_SOURCE && x.range.start.line === broken.line),
      RUN_TIMEOUT_MS,
    );
    assert.deepEqual(moved.filter((d) => d.source === RUN_SOURCE).map((d) => d.range.start.line), [broken.line], describe(moved));
  });

  test('the Test Explorer lists the example scenarios once a TestController exists', async function () {
    const built = fs.readFileSync(path.join(extension().extensionPath, 'dist', 'extension.js'), 'utf8');
    const profiles = (await vscode.commands.executeCommand<{ controllerId: string }[]>('testing.getSelectedProfiles')) ?? [];
    const hasController = built.includes('createTestController') || profiles.some((p) => /netscenario/i.test(p.controllerId));
    if (!hasController) skipWith(this, 'the extension registers no TestController yet');

    await vscode.commands.executeCommand('workbench.view.testing.focus');
    const itemsIn = async (uri: vscode.Uri) =>
      (await vscode.commands.executeCommand<string[][]>('vscode.testing.getTestsInFile', uri)) ?? [];
    const ids = await waitFor(
      `test items for ${EXAMPLE}`,
      async () => {
        const found = await itemsIn(workspaceUri(EXAMPLE));
        return found.length > 0 ? found : undefined;
      },
      RUN_TIMEOUT_MS,
    );
    const controllers = await vscode.commands.executeCommand<string[]>('vscode.testing.getControllersWithTests');
    assert.ok(controllers.some((c) => ids.some((id) => id[0] === c)), `controllers ${controllers}, items ${JSON.stringify(ids)}`);
    // Every scenario in the workspace is discovered, not only the ones opened so far.
    const files = await vscode.workspace.findFiles('**/*.netscenario');
    const missing = [];
    for (const f of files) if ((await itemsIn(f)).length === 0) missing.push(path.basename(f.fsPath));
    assert.deepEqual(missing, [], `${missing.length} of ${files.length} scenarios have no test item`);
    await vscode.commands.executeCommand('workbench.view.explorer');
  });
});
