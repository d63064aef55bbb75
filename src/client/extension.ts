// Extension entry point. Activation stays light: it creates the language client and registers
// commands; the server process starts in the background and the run features load their
// panels only when a command runs.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { createLanguageClient } from './languageClient';
import { registerRunFeatures } from './run';

let client: LanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('NetScenario Language Server', { log: true });
  const lc = createLanguageClient(context, output);
  client = lc;
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('netscenario.restartServer', async () => {
      output.info('Restarting the NetScenario language server');
      try {
        await (lc.isRunning() ? lc.restart() : lc.start());
        await vscode.commands.executeCommand('setContext', 'netscenario.serverStarted', true);
      } catch (err) {
        reportStartFailure(output, err);
      }
    }),
  );
  lc.start().then(
    () => vscode.commands.executeCommand('setContext', 'netscenario.serverStarted', true),
    (err) => reportStartFailure(output, err),
  );
  registerRunFeatures(context, lc);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

function reportStartFailure(output: vscode.LogOutputChannel, err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  output.error(`The language server failed to start: ${message}`);
  void vscode.window.showErrorMessage(`NetScenario: the language server failed to start (${message}).`, 'Show Output').then(
    (choice) => choice && output.show(),
  );
}
