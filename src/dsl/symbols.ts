// What the language server needs for the outline, go-to-definition, references and rename.
import type { Position, Range } from './model';

export type SymbolKind = 'scenario' | 'host' | 'app' | 'nic' | 'nat' | 'link';

export interface SymbolDefinition {
  name: string;
  /** `server`, `server.nc`, `server.eth0`; links are `a<->b`. */
  qualifiedName: string;
  kind: SymbolKind;
  /** The whole statement, block included. */
  range: Range;
  /** The name itself. */
  selectionRange: Range;
  children: SymbolDefinition[];
}

export interface SymbolReference {
  kind: 'host' | 'app';
  name: string;
  range: Range;
  /** Qualified name of the definition it resolves to. */
  target: string;
}

export interface SymbolIndex {
  /** Top-level definitions; hosts hold their apps and nics as children. */
  definitions: SymbolDefinition[];
  references: SymbolReference[];
}

export function containsPosition(r: Range, p: Position): boolean {
  if (p.line < r.start.line || p.line > r.end.line) return false;
  if (p.line === r.start.line && p.character < r.start.character) return false;
  if (p.line === r.end.line && p.character > r.end.character) return false;
  return true;
}

/** All definitions, depth first. */
export function allDefinitions(index: SymbolIndex): SymbolDefinition[] {
  const out: SymbolDefinition[] = [];
  const walk = (defs: SymbolDefinition[]) => {
    for (const d of defs) {
      out.push(d);
      walk(d.children);
    }
  };
  walk(index.definitions);
  return out;
}

export function findDefinition(index: SymbolIndex, qualifiedName: string): SymbolDefinition | undefined {
  return allDefinitions(index).find((d) => d.qualifiedName === qualifiedName && (d.kind === 'host' || d.kind === 'app'));
}

/**
 * The host or app named at a position, whether at its definition or at a use: the key for
 * go-to-definition, references and rename.
 */
export function symbolAt(index: SymbolIndex, p: Position): { target: string; range: Range } | null {
  for (const r of index.references) if (containsPosition(r.range, p)) return { target: r.target, range: r.range };
  for (const d of allDefinitions(index)) {
    if ((d.kind === 'host' || d.kind === 'app') && containsPosition(d.selectionRange, p)) {
      return { target: d.qualifiedName, range: d.selectionRange };
    }
  }
  return null;
}

/** Every range naming the symbol: its definition first, then each use. */
export function occurrences(index: SymbolIndex, target: string): Range[] {
  const def = findDefinition(index, target);
  const uses = index.references.filter((r) => r.target === target).map((r) => r.range);
  return def ? [def.selectionRange, ...uses] : uses;
}
