// Where each expectation of a run sits in its document: the `expect` statement's line, with the
// statement's text range on it (leading indentation and trailing comment left out).
import type * as vscode from 'vscode';
import type { RunResult } from '../../engine/result';

/** The result's 1-based `line` as a 0-based document line, clamped to the document. */
export function expectationLine(doc: { lineCount: number }, line: number): number {
  return Math.min(Math.max(0, line - 1), Math.max(0, doc.lineCount - 1));
}

export function expectationRanges(doc: vscode.TextDocument, result: RunResult): vscode.Range[] {
  return result.expectations.map((e) => lineRange(doc, expectationLine(doc, e.line)));
}

export function lineRange(doc: vscode.TextDocument, line: number): vscode.Range {
  const text = doc.lineAt(line).text;
  const start = text.length - text.trimStart().length;
  const hash = text.indexOf('#', start);
  const end = (hash >= 0 ? text.slice(0, hash) : text).trimEnd().length;
  return doc.lineAt(line).range.with(doc.lineAt(line).range.start.translate(0, start), doc.lineAt(line).range.start.translate(0, Math.max(start, end)));
}
