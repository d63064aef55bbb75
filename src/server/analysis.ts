// One analysis per document version: parse + check, cached, so completion, hover and the other
// requests on an unchanged document cost a lookup, and an edit costs exactly one re-check.
import { allDefinitions, analyze, KERNEL_PROFILES, symbolAt, type Diagnostic, type FileNode, type Position, type Scenario, type SymbolIndex } from '../dsl';
import type { KernelProfile } from '../dsl/model';

export interface DocumentAnalysis {
  uri: string;
  version: number | null;
  text: string;
  file: FileNode;
  /** Lexer, parser and checker diagnostics, in document order. */
  diagnostics: Diagnostic[];
  /** The checked model, null while the document has errors. */
  scenario: Scenario | null;
  symbols: SymbolIndex;
  /** The profile the header names (even when other errors keep the model from being built). */
  kernel: KernelProfile;
}

const FALLBACK_KERNEL: KernelProfile = 'linux-6.8';

export function analyzeText(uri: string, version: number | null, text: string): DocumentAnalysis {
  const r = analyze(text, fileNameOf(uri));
  return {
    uri,
    version,
    text,
    file: r.ast,
    diagnostics: r.diagnostics,
    scenario: r.model,
    symbols: r.symbols,
    kernel: r.model?.kernel ?? kernelOf(r.ast),
  };
}

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
    for (const d of allDefinitions(a.symbols)) on(d.selectionRange.start.line).definitions.push({ ...d, children: [] });
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

  get(uri: string, version: number, text: () => string): DocumentAnalysis {
    const hit = this.byUri.get(uri);
    if (hit && hit.version === version) return hit;
    const fresh = analyzeText(uri, version, text());
    this.byUri.set(uri, fresh);
    return fresh;
  }

  peek(uri: string): DocumentAnalysis | undefined {
    return this.byUri.get(uri);
  }

  delete(uri: string): void {
    this.byUri.delete(uri);
  }
}
