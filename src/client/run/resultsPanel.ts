// The results webview panel: one panel, beside the editor, showing the latest run. It answers the
// webview's requests from the run's RunStore and survives reloads through a serializer.
import * as vscode from 'vscode';
import { isWebviewToHost, type HostToWebview, type WebviewToHost } from '../../shared/webviewMessages';
import { expectationLine } from './expectations';
import { saveImage, saveRun } from './saveFiles';
import { buildPanelHtml } from './panelHtml';
import type { RunStore } from './runStore';

export const PANEL_VIEW_TYPE = 'netscenario.results';
const DEFAULT_COLUMNS = 1600;

/** What the webview keeps with vscode.setState and the serializer hands back after a reload. */
export interface PersistedPanelState {
  file?: string;
}

export class ResultsPanel implements vscode.Disposable {
  private static current: ResultsPanel | undefined;
  private store: RunStore | undefined;
  /** The charts' width the webview last reported, so a run is posted already reduced for it. */
  private columns = DEFAULT_COLUMNS;
  private readonly disposables: vscode.Disposable[] = [];

  static get instance(): ResultsPanel | undefined {
    return ResultsPanel.current;
  }

  /** Shows the panel beside the active editor, creating it if needed. */
  static show(extensionUri: vscode.Uri, preserveFocus = true): ResultsPanel {
    if (ResultsPanel.current) {
      ResultsPanel.current.panel.reveal(vscode.ViewColumn.Beside, preserveFocus);
      return ResultsPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, 'NetScenario Results',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus }, webviewOptions(extensionUri));
    return (ResultsPanel.current = new ResultsPanel(panel, extensionUri));
  }

  /** Adopts a panel VS Code restored after a reload. */
  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri): ResultsPanel {
    ResultsPanel.current?.dispose();
    panel.webview.options = webviewOptions(extensionUri);
    return (ResultsPanel.current = new ResultsPanel(panel, extensionUri));
  }

  private constructor(private readonly panel: vscode.WebviewPanel, extensionUri: vscode.Uri) {
    const webview = panel.webview;
    const dist = vscode.Uri.joinPath(extensionUri, 'dist');
    webview.html = buildPanelHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css')).toString(),
    });
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      webview.onDidReceiveMessage((m: unknown) => {
        if (isWebviewToHost(m)) void this.onMessage(m);
      }),
    );
  }

  get run(): RunStore | undefined {
    return this.store;
  }

  setRun(store: RunStore): void {
    this.store = store;
    this.panel.title = `Results: ${store.meta.scenario}`;
    void this.post(store.runMessage(this.columns));
  }

  showRunning(file: string): void {
    void this.post({ type: 'running', file });
  }

  showStatus(text: string): void {
    void this.post({ type: 'status', text });
  }

  private post(m: HostToWebview): Thenable<boolean> {
    return this.panel.webview.postMessage(m);
  }

  private async onMessage(m: WebviewToHost): Promise<void> {
    const store = this.store;
    if (m.type === 'ready') {
      this.columns = m.columns ?? this.columns;
      if (store) await this.post(store.runMessage(this.columns));
      return;
    }
    if (!store) return;
    const reply = store.answer(m);
    if (reply) {
      await this.post(reply);
      return;
    }
    if (m.type === 'revealLine') {
      const file = store.meta.file;
      // `file` is a path for saved files and a URI string for untitled ones.
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === file || d.uri.toString() === file) ??
        (await vscode.workspace.openTextDocument(vscode.Uri.file(file)));
      const line = expectationLine(doc, m.line);
      const pos = new vscode.Position(line, doc.lineAt(line).firstNonWhitespaceCharacterIndex);
      const visible = vscode.window.visibleTextEditors.find((e) => e.document === doc);
      const editor = await vscode.window.showTextDocument(doc, { viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One, selection: new vscode.Range(pos, pos) });
      editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    } else if (m.type === 'exportRun') {
      await saveRun(store, m.format);
    } else if (m.type === 'exportImage') {
      await saveImage(store, m.format, m.name, m.data);
    }
  }

  dispose(): void {
    if (ResultsPanel.current === this) ResultsPanel.current = undefined;
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    retainContextWhenHidden: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}
