// Shared by the DSL tests: build a scenario around a body, apply quick fixes.
import { analyze, type Diagnostic, type TextEdit } from '../../src/dsl';

export const header = (kernel = 'linux-3.10', duration = '60s') => `scenario "t" {\n  kernel ${kernel}\n  duration ${duration}\n}\n`;

export function run(body: string, kernel = 'linux-3.10') {
  return analyze(header(kernel) + body, 't.netscenario');
}

export function codes(ds: Diagnostic[]): string[] {
  return ds.map((d) => d.code ?? '');
}

export function applyEdits(text: string, edits: TextEdit[]): string {
  const lines = text.split(/(?<=\r\n|\n|\r(?!\n))/);
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length, 0) + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  for (const e of sorted) text = text.slice(0, offset(e.range.start)) + e.newText + text.slice(offset(e.range.end));
  return text;
}
