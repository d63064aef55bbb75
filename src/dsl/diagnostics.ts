// Diagnostics shared by lexer, parser and checker, in LSP shape (0-based line, UTF-16 column)
// so the language server passes them through unchanged.
import type { Range } from './model';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface TextEdit {
  range: Range;
  newText: string;
}

export interface QuickFix {
  title: string;
  edits: TextEdit[];
}

export interface Diagnostic {
  range: Range;
  severity: Severity;
  message: string;
  /** Stable code, listed in docs/language.md, e.g. `unknown-sysctl`. */
  code?: string;
  fixes?: QuickFix[];
}

export function comparePositions(a: Range['start'], b: Range['start']): number {
  return a.line - b.line || a.character - b.character;
}

export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return list.sort((a, b) => comparePositions(a.range.start, b.range.start) || comparePositions(a.range.end, b.range.end));
}

export function spanRange(a: Range, b: Range): Range {
  return { start: a.start, end: b.end };
}

/** Optimal string alignment distance, case-insensitive: small typos, swapped letters. */
export function editDistance(a: string, b: string): number {
  a = a.toLowerCase();
  b = b.toLowerCase();
  if (a === b) return 0;
  const m = a.length;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = new Array<number>(n + 1);
    cur[0] = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[n];
}

/**
 * The closest candidate within a distance that grows with the word's length, or null.
 * A candidate that contains the word (or the other way round) also counts, so
 * `somaxconn` finds `net.core.somaxconn`.
 */
export function didYouMean(word: string, candidates: Iterable<string>): string | null {
  const limit = Math.max(1, Math.min(4, Math.floor(word.length / 3)));
  let best: string | null = null;
  let bestScore = Infinity;
  const lower = word.toLowerCase();
  for (const c of candidates) {
    let d = editDistance(word, c);
    if (d > limit && lower.length >= 4 && c.toLowerCase().endsWith('.' + lower)) d = limit;
    if (d <= limit && d < bestScore) {
      best = c;
      bestScore = d;
    }
  }
  return best;
}
