// Entry point of the run features: the extension calls registerRunFeatures once on activation.
// Commands, CodeLens, Test Explorer, run-on-save and the results panel's serializer live here.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { RunCodeLensProvider } from './codeLens';
import { PANEL_VIEW_TYPE, ResultsPanel, type PersistedPanelState } from './resultsPanel';
import { RunService } from './runService';
import { saveRun } from './saveFiles';
import { registerTestController } from './testController';

const LANGUAGE = 'netscenario';

export function registerRunFeatures(context: vscode.ExtensionContext, _client?: LanguageClient): void {
  const service = new RunService(context);

  const scenarioDocument = async (uri?: vscode.Uri): Promise<vscode.TextDocument | undefined> => {
    if (uri instanceof vscode.Uri) return vscode.workspace.openTextDocument(uri);
    const doc = vscode.window.activeTextEditor?.document;
    if (doc?.languageId === LANGUAGE) return doc;
    void vscode.window.showWarningMessage('NetScenario: open a .netscenario file to run it.');
    return undefined;
  };

  context.subscriptions.push(
    service,
    vscode.commands.registerCommand('netscenario.runScenario', async (uri?: vscode.Uri) => {
      const doc = await scenarioDocument(uri);
      return doc ? service.runDocument(doc) : undefined;
    }),
    vscode.commands.registerCommand('netscenario.showResults', async (uri?: vscode.Uri) => {
      const panel = ResultsPanel.show(context.extensionUri, false);
      const active = vscode.window.activeTextEditor?.document;
      if (!panel.run && (uri || active?.languageId === LANGUAGE)) {
        const doc = await scenarioDocument(uri);
        if (doc) await service.runDocument(doc);
      }
    }),
    vscode.commands.registerCommand('netscenario.exportRun', async (format?: unknown) => {
      const store = ResultsPanel.instance?.run;
      if (!store) {
        void vscode.window.showInformationMessage('NetScenario: run a scenario first, then export it.');
        return;
      }
      const pick = format === 'json' || format === 'csv' ? format
        : await vscode.window.showQuickPick(['json', 'csv'], { placeHolder: 'Export the run as' });
      if (pick === 'json' || pick === 'csv') await saveRun(store, pick);
    }),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: PersistedPanelState | undefined) {
        ResultsPanel.revive(panel, context.extensionUri);
        // Runs are deterministic, so re-running the file restores exactly what the panel showed.
        if (!state?.file) return;
        try {
          const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(state.file));
          await service.runDocument(doc, { revealPanel: false });
        } catch {
          ResultsPanel.instance?.showStatus(`Could not re-run ${state.file}.`);
        }
      },
    }),
    vscode.languages.registerCodeLensProvider({ language: LANGUAGE }, new RunCodeLensProvider()),
    registerTestController(service),
    vscode.workspace.onDidSaveTextDocument((doc) => {
      if (doc.languageId !== LANGUAGE) return;
      if (vscode.workspace.getConfiguration('netscenario', doc.uri).get<boolean>('run.onSave', false)) {
        void service.runDocument(doc, { revealPanel: false });
      }
    }),
  );
}
