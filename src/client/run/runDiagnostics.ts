// Failed `expect` lines as diagnostics (source `netscenario-run`). A diagnostic goes away when its
// line is edited (the run no longer describes that text) and all are replaced by the next run.
import * as vscode from 'vscode';
import type { RunResult } from '../../engine/result';
import { expectationRanges } from './expectations';

export class RunDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('netscenario-run');
  private readonly listener = vscode.workspace.onDidChangeTextDocument((e) => this.onEdit(e));

  update(doc: vscode.TextDocument, result: RunResult): void {
    const ranges = expectationRanges(doc, result);
    const list = result.expectations.flatMap((e, i) => {
      if (e.passed) return [];
      const d = new vscode.Diagnostic(ranges[i], `expectation failed: ${e.text} (actual ${e.actual})`, vscode.DiagnosticSeverity.Error);
      d.source = 'netscenario-run';
      d.code = 'expect-failed';
      return [d];
    });
    this.collection.set(doc.uri, list);
  }

  clear(uri: vscode.Uri): void {
    this.collection.delete(uri);
  }

  private onEdit(e: vscode.TextDocumentChangeEvent): void {
    const current = this.collection.get(e.document.uri);
    if (!current?.length || !e.contentChanges.length) return;
    const touched = (d: vscode.Diagnostic) =>
      e.contentChanges.some((c) => c.range.start.line <= d.range.end.line && c.range.end.line >= d.range.start.line);
    // Lines shift after an edit above them, so ranges are only kept for diagnostics above every change.
    const firstChange = Math.min(...e.contentChanges.map((c) => c.range.start.line));
    const kept = current.filter((d) => !touched(d) && d.range.end.line < firstChange);
    if (kept.length !== current.length) this.collection.set(e.document.uri, kept);
  }

  dispose(): void {
    this.listener.dispose();
    this.collection.dispose();
  }
}
