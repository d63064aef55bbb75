// Outline (document symbols) and folding ranges, both read from the analysed document.
import {
  FoldingRangeKind,
  SymbolKind,
  type DocumentSymbol,
  type FoldingRange,
} from 'vscode-languageserver/node';
import type { Statement } from '../dsl/ast';
import type { SymbolDefinition, SymbolKind as DslSymbolKind } from '../dsl/symbols';
import type { DocumentAnalysis } from './analysis';

const KIND: Record<DslSymbolKind, SymbolKind> = {
  scenario: SymbolKind.Module,
  host: SymbolKind.Class,
  app: SymbolKind.Function,
  nic: SymbolKind.Interface,
  nat: SymbolKind.Namespace,
  link: SymbolKind.Field,
};

function toSymbol(d: SymbolDefinition): DocumentSymbol {
  return {
    name: d.name || d.qualifiedName || d.kind,
    detail: d.kind,
    kind: KIND[d.kind],
    range: d.range,
    selectionRange: d.selectionRange,
    children: d.children.map(toSymbol),
  };
}

/** Definitions as a tree, plus the drops, timed events and expects as leaves (they have no name to define). */
export function documentSymbols(a: DocumentAnalysis): DocumentSymbol[] {
  const out = a.symbols.definitions.map(toSymbol);
  for (const s of a.file.statements) {
    const kw = s.keyword.text;
    if (kw !== 'expect' && kw !== 'at' && kw !== 'drop') continue;
    const text = a.text.slice(s.start, s.end).replace(/\s+/g, ' ');
    out.push({
      name: text.length > 80 ? text.slice(0, 79) + '…' : text,
      kind: kw === 'expect' ? SymbolKind.Boolean : kw === 'at' ? SymbolKind.Event : SymbolKind.Operator,
      range: s.range,
      selectionRange: s.keyword.range,
    });
  }
  return out.sort((x, y) => x.range.start.line - y.range.start.line || x.range.start.character - y.range.start.character);
}

/** Blocks spanning lines, runs of comment lines, and `# region` / `# endregion` pairs. */
export function foldingRanges(a: DocumentAnalysis): FoldingRange[] {
  const out: FoldingRange[] = [];
  const walk = (list: Statement[]) => {
    for (const s of list) {
      if (!s.block) continue;
      const start = s.block.range.start.line;
      const end = (s.block.close?.start.line ?? s.block.range.end.line + 1) - 1;
      if (end > start) out.push({ startLine: start, endLine: end });
      walk(s.block.statements);
    }
  };
  walk(a.file.statements);

  const regions: number[] = [];
  let runStart = -1;
  let runEnd = -1;
  const flush = () => {
    if (runStart >= 0 && runEnd > runStart) out.push({ startLine: runStart, endLine: runEnd, kind: FoldingRangeKind.Comment });
    runStart = runEnd = -1;
  };
  const lines = a.text.split(/\r\n|\r|\n/);
  for (const c of a.file.comments) {
    const line = c.range.start.line;
    const ownLine = lines[line].trimStart().startsWith('#');
    if (/^#\s*region\b/.test(c.text)) regions.push(line);
    else if (/^#\s*endregion\b/.test(c.text)) {
      const start = regions.pop();
      if (start !== undefined) out.push({ startLine: start, endLine: line, kind: FoldingRangeKind.Region });
    }
    if (!ownLine) continue;
    if (runEnd === line - 1) runEnd = line;
    else {
      flush();
      runStart = runEnd = line;
    }
  }
  flush();
  return out.sort((x, y) => x.startLine - y.startLine);
}
