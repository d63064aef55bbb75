// Running a scenario from the editor: analyse the document, run the engine in a worker under a
// cancellable progress notification, then show the result in the panel and as diagnostics.
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { analyze } from '../../dsl/index';
import type { Scenario } from '../../dsl/model';
import type { RunResult } from '../../engine/result';
import { RunCancelled, runInWorker } from './engineRunner';
import { ResultsPanel } from './resultsPanel';
import { RunDiagnostics } from './runDiagnostics';
import { RunStore } from './runStore';

export type Analysis = { model: Scenario } | { errors: string[] };

export function analyzeText(text: string, file: string): Analysis {
  const a = analyze(text, file);
  const errors = a.diagnostics.filter((d) => d.severity === 'error')
    .map((d) => `${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.message}`);
  return a.model && !errors.length ? { model: a.model } : { errors: errors.length ? errors : [`${file}: the scenario could not be checked`] };
}

export class RunService implements vscode.Disposable {
  readonly diagnostics = new RunDiagnostics();
  private nextRunId = 1;
  private readonly workerPath: string;

  constructor(private readonly context: vscode.ExtensionContext) {
    this.workerPath = context.asAbsolutePath('dist/engineWorker.js');
  }

  /** Runs the checked model in the worker; resolves undefined when cancelled. */
  async execute(model: Scenario, token?: vscode.CancellationToken, progress?: (ms: number) => void): Promise<RunResult | undefined> {
    const abort = new AbortController();
    const sub = token?.onCancellationRequested(() => abort.abort());
    try {
      const maxEvents = vscode.workspace.getConfiguration('netscenario').get<number>('run.maxPacketEvents');
      return await runInWorker(this.workerPath, model, { maxEvents }, abort.signal, progress);
    } catch (err) {
      if (err instanceof RunCancelled) return undefined;
      throw err;
    } finally {
      sub?.dispose();
    }
  }

  /** The "Run Scenario" command on one document. */
  async runDocument(doc: vscode.TextDocument, opts: { revealPanel?: boolean } = {}): Promise<RunResult | undefined> {
    const file = doc.uri.scheme === 'file' ? doc.uri.fsPath : doc.uri.toString();
    const analysis = analyzeText(doc.getText(), file);
    if ('errors' in analysis) {
      const choice = await vscode.window.showErrorMessage(
        `NetScenario: ${basename(file)} has ${analysis.errors.length} error(s); fix them before running. ${analysis.errors[0]}`, 'Show Problems');
      if (choice) await vscode.commands.executeCommand('workbench.actions.view.problems');
      return undefined;
    }
    const panel = opts.revealPanel === false ? ResultsPanel.instance : ResultsPanel.show(this.context.extensionUri);
    panel?.showRunning(basename(file));
    const durationMs = analysis.model.durationUs / 1000;
    let result: RunResult | undefined;
    try {
      result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `NetScenario: running ${basename(file)}`, cancellable: true },
        (progress, token) => {
          let last = 0;
          return this.execute(analysis.model, token, (ms) => {
            const pct = durationMs > 0 ? (ms / durationMs) * 100 : 0;
            progress.report({ increment: pct - last, message: `${(ms / 1000).toFixed(1)} s simulated` });
            last = pct;
          });
        });
    } catch (err) {
      const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
      panel?.showStatus(`Run failed: ${message}`);
      void vscode.window.showErrorMessage(`NetScenario: the run failed: ${message}`);
      return undefined;
    }
    if (!result) {
      panel?.showStatus('Run cancelled.');
      return undefined;
    }
    if (result.aborted) void vscode.window.showWarningMessage(`NetScenario: run cancelled at ${(result.durationMs / 1000).toFixed(1)} s; showing what was simulated.`);
    this.diagnostics.update(doc, result);
    this.show(result, file, opts.revealPanel !== false);
    return result;
  }

  /** Puts a result in the panel (opening it when asked) and remembers it for export. */
  show(result: RunResult, file: string, open = true): void {
    const panel = open ? ResultsPanel.show(this.context.extensionUri) : ResultsPanel.instance;
    panel?.setRun(new RunStore(this.nextRunId++, result, file));
    void vscode.commands.executeCommand('setContext', 'netscenario.hasRun', true);
  }

  dispose(): void {
    this.diagnostics.dispose();
  }
}
