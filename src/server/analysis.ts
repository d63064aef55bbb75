// One analysis per document version, in two layers: the parse (what completion and most hovers
// need) is built at once; the semantic check (diagnostics, model, symbols) runs on first use. So
// completion right after an edit costs at most a parse (none after most keystrokes, see
// `forCompletion`), and an edit costs at most one check.
import { allDefinitions, check, KERNEL_PROFILES, parse, sortDiagnostics, symbolAt, type CheckResult, type Diagnostic, type FileNode, type ParseResult, type Position, type Scenario, type SymbolIndex } from '../dsl';
import type { KernelProfile } from '../dsl/model';

/** What completion reads of a document: its text and a syntax tree that gives its blocks. */
export interface SyntaxView {
  readonly uri: string;
  readonly text: string;
  readonly file: FileNode;
  readonly kernel: KernelProfile;
}

export class DocumentAnalysis implements SyntaxView {
  readonly file: FileNode;
  /** The profile the header names (even when other errors keep the model from being built). */
  readonly kernel: KernelProfile;
  private readonly parsed: ParseResult;
  private checked: CheckResult | null = null;
  private merged: Diagnostic[] | null = null;

  constructor(
    readonly uri: string,
    readonly version: number | null,
    readonly text: string,
  ) {
    this.parsed = parse(text);
    this.file = this.parsed.file;
    this.kernel = kernelOf(this.file);
  }

  /** Whether the semantic check has run (reading the members below runs it). */
  get isChecked(): boolean {
    return this.checked !== null;
  }
  private get result(): CheckResult {
    return (this.checked ??= check(this.parsed, fileNameOf(this.uri)));
  }
  /** Lexer, parser and checker diagnostics, in document order. */
  get diagnostics(): Diagnostic[] {
    return (this.merged ??= sortDiagnostics([...this.parsed.diagnostics, ...this.result.diagnostics]));
  }
  /** The checked model, null while the document has errors. */
  get scenario(): Scenario | null {
    return this.result.model;
  }
  get symbols(): SymbolIndex {
    return this.result.symbols;
  }
}

export function analyzeText(uri: string, version: number | null, text: string): DocumentAnalysis {
  return new DocumentAnalysis(uri, version, text);
}

const FALLBACK_KERNEL: KernelProfile = 'linux-6.8';
const NO_SYMBOLS: SymbolIndex = { definitions: [], references: [] };
const lineIndexes = new WeakMap<DocumentAnalysis, Map<number, SymbolIndex>>();

/**
 * The DSL's symbolAt, but over the names on the cursor's line only: hover and go-to-definition
 * stay O(names on a line) instead of O(names in the file) at the end of a 10,000-line scenario.
 */
export function symbolAtPosition(a: DocumentAnalysis, p: Position): ReturnType<typeof symbolAt> {
  let byLine = lineIndexes.get(a);
  if (!byLine) {
    byLine = new Map();
    const on = (line: number) => {
      let idx = byLine!.get(line);
      if (!idx) byLine!.set(line, (idx = { definitions: [], references: [] }));
      return idx;
    };
    for (const r of a.symbols.references) on(r.range.start.line).references.push(r);
    for (const d of allDefinitions(a.symbols)) {
      const { name, qualifiedName, kind, range, selectionRange } = d;
      on(selectionRange.start.line).definitions.push({ name, qualifiedName, kind, range, selectionRange, children: [] });
    }
    lineIndexes.set(a, byLine);
  }
  return symbolAt(byLine.get(p.line) ?? NO_SYMBOLS, p);
}

/** `kernel PROFILE` from the scenario header, in a block or inline. */
export function kernelOf(file: FileNode): KernelProfile {
  const header = file.statements.find((s) => s.keyword.text === 'scenario');
  if (!header) return FALLBACK_KERNEL;
  const words = [
    ...header.args,
    ...(header.block?.statements.flatMap((s) => [s.keyword, ...s.args]) ?? []),
  ];
  const i = words.findIndex((a) => a.kind === 'name' && a.text === 'kernel');
  const value = i >= 0 ? words[i + 1] : undefined;
  return value?.kind === 'name' && (KERNEL_PROFILES as readonly string[]).includes(value.text) ? (value.text as KernelProfile) : FALLBACK_KERNEL;
}

function fileNameOf(uri: string): string {
  try {
    const u = new URL(uri);
    return u.protocol === 'file:' ? decodeURIComponent(u.pathname) : uri;
  } catch {
    return uri;
  }
}

/** Caches the analysis of each open document by version. */
export class AnalysisCache {
  private readonly byUri = new Map<string, DocumentAnalysis>();
  /** The newest checked analysis of each document, possibly of an older version. */
  private readonly checkedByUri = new Map<string, DocumentAnalysis>();

  get(uri: string, version: number, text: () => string): DocumentAnalysis {
    const hit = this.byUri.get(uri);
    if (hit && hit.version === version) return hit;
    if (hit?.isChecked) this.checkedByUri.set(uri, hit);
    const fresh = analyzeText(uri, version, text());
    this.byUri.set(uri, fresh);
    return fresh;
  }

  /**
   * For completion, which VS Code asks right after each keystroke: the current version's analysis
   * when there is one; else, when the edits since the last parse stayed within one line and
   * touched no brace, that parse's tree with the new text (the tree still gives every position's
   * enclosing blocks, and the cursor's own line is read from the text), which saves a full parse
   * per keystroke; else a fresh parse. The names and the kernel profile that tree gives can be an
   * edit behind until the debounced analysis parses again.
   */
  forCompletion(uri: string, version: number, text: () => string): SyntaxView {
    const last = this.byUri.get(uri);
    if (last && last.version !== version) {
      const now = text();
      if (blocksUnchanged(last.text, now)) return { uri, text: now, file: last.file, kernel: last.kernel };
    }
    return this.get(uri, version, text);
  }

  peek(uri: string): DocumentAnalysis | undefined {
    return this.byUri.get(uri);
  }

  /**
   * The current analysis when it is checked, else the last checked one: for extras such as the
   * ports offered after `connect tcp` and effective values in docs, which must not wait for a check.
   */
  latestChecked(uri: string): DocumentAnalysis | undefined {
    const current = this.byUri.get(uri);
    return current?.isChecked ? current : this.checkedByUri.get(uri);
  }

  delete(uri: string): void {
    this.byUri.delete(uri);
    this.checkedByUri.delete(uri);
  }
}

const isLineBreak = (c: number) => c === 10 || c === 13;
const isBrace = (c: number) => c === 123 || c === 125;
const isLineBreakOrBrace = (c: number) => isLineBreak(c) || isBrace(c);

/**
 * The largest n up to `most` for which `cut(text, 0, n)` is the same in both texts: a binary
 * search over native comparisons of slices. It runs once per completion request, too seldom for
 * the JIT to compile a loop over a large file's characters.
 */
function commonLength(a: string, b: string, most: number, cut: (text: string, from: number, to: number) => string): number {
  let lo = 0;
  let hi = most;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (cut(a, lo, mid) === cut(b, lo, mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function someIn(text: string, from: number, to: number, test: (c: number) => boolean): boolean {
  for (let i = from; i < to; i++) if (test(text.charCodeAt(i))) return true;
  return false;
}

/**
 * Whether `after` differs from `before` only within one line that has no `{` or `}` before or
 * after the edit and no line break added or removed: then every block starts and ends where it
 * did, on the same line and column.
 */
export function blocksUnchanged(before: string, after: string): boolean {
  const head = commonLength(before, after, Math.min(before.length, after.length), (s, from, to) => s.slice(from, to));
  const tail = commonLength(before, after, Math.min(before.length, after.length) - head, (s, from, to) => s.slice(s.length - to, s.length - from));
  const removedEnd = before.length - tail;
  if (someIn(before, head, removedEnd, isLineBreakOrBrace) || someIn(after, head, after.length - tail, isLineBreakOrBrace)) return false;
  let lineStart = head;
  while (lineStart > 0 && !isLineBreak(before.charCodeAt(lineStart - 1))) lineStart--;
  let lineEnd = removedEnd;
  while (lineEnd < before.length && !isLineBreak(before.charCodeAt(lineEnd))) lineEnd++;
  return !someIn(before, lineStart, lineEnd, isBrace);
}
