// Failed `expect` lines as diagnostics (source `netscenario-run`). A diagnostic goes away when its
// line is edited (the run no longer describes that text), follows its line when lines are added or
// removed above it, and all are replaced by the next run.
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

  /** Drops diagnostics on edited lines and moves the others with the lines inserted or removed above them. */
  private onEdit(e: vscode.TextDocumentChangeEvent): void {
    const current = this.collection.get(e.document.uri);
    if (!current?.length || !e.contentChanges.length) return;
    const next: vscode.Diagnostic[] = [];
    for (const d of current) {
      const { start, end } = d.range;
      if (e.contentChanges.some((c) => c.range.start.line <= end.line && c.range.end.line >= start.line)) continue;
      let shift = 0;
      for (const c of e.contentChanges) {
        if (c.range.end.line < start.line) shift += c.text.split('\n').length - 1 - (c.range.end.line - c.range.start.line);
      }
      if (shift !== 0) {
        const moved = new vscode.Diagnostic(new vscode.Range(start.translate(shift), end.translate(shift)), d.message, d.severity);
        moved.source = d.source;
        moved.code = d.code;
        next.push(moved);
      } else next.push(d);
    }
    this.collection.set(e.document.uri, next);
  }

  dispose(): void {
    this.listener.dispose();
    this.collection.dispose();
  }
}
