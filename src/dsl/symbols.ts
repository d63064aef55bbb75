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

/** Where a name (or one segment of it) is written: one line, from `character` to `endCharacter`. */
export interface WrittenAt {
  readonly line: number;
  readonly character: number;
  readonly endCharacter: number;
}

/**
 * A name's place kept as numbers, made into a Range the first time it is read and kept from then
 * on (readers compare these ranges by identity). A large file has thousands of references and
 * definitions, and the server reads their name ranges only for a navigation request or an outline.
 */
abstract class NamedAt {
  declare private readonly line: number;
  declare private readonly character: number;
  declare private readonly endCharacter: number;
  declare private r: Range | undefined;
  constructor(at: WrittenAt) {
    this.line = at.line;
    this.character = at.character;
    this.endCharacter = at.endCharacter;
    this.r = undefined;
  }
  protected nameRange(): Range {
    return (this.r ??= { start: { line: this.line, character: this.character }, end: { line: this.line, character: this.endCharacter } });
  }
}

export class NodeReference extends NamedAt implements SymbolReference {
  declare readonly kind: 'host' | 'app';
  declare readonly name: string;
  declare readonly target: string;
  constructor(kind: 'host' | 'app', name: string, at: WrittenAt, target: string) {
    super(at);
    this.kind = kind;
    this.name = name;
    this.target = target;
  }
  get range(): Range {
    return this.nameRange();
  }
  /** What JSON shows: the plain reference, range included. */
  toJSON(): SymbolReference {
    return { kind: this.kind, name: this.name, range: this.range, target: this.target };
  }
}

/** A definition whose `selectionRange` is built when first read; `range` is the model's own, shared. */
export class NodeDefinition extends NamedAt implements SymbolDefinition {
  declare readonly name: string;
  declare readonly qualifiedName: string;
  declare readonly kind: SymbolKind;
  declare readonly range: Range;
  /** Replaced, not pushed to, as the checker adds nics and apps (see check/context `added`). */
  declare children: SymbolDefinition[];
  constructor(name: string, qualifiedName: string, kind: SymbolKind, range: Range, nameAt: WrittenAt) {
    super(nameAt);
    this.name = name;
    this.qualifiedName = qualifiedName;
    this.kind = kind;
    this.range = range;
    this.children = [];
  }
  get selectionRange(): Range {
    return this.nameRange();
  }
  /** What JSON shows: the plain definition, ranges included. */
  toJSON(): SymbolDefinition {
    return { name: this.name, qualifiedName: this.qualifiedName, kind: this.kind, range: this.range, selectionRange: this.selectionRange, children: this.children };
  }
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

/** Per-line lookup tables, built once per index, so a hover in a large file does not scan it all. */
const lineTables = new WeakMap<SymbolIndex, Map<number, { target: string; range: Range }[]>>();

function byLine(index: SymbolIndex): Map<number, { target: string; range: Range }[]> {
  const cached = lineTables.get(index);
  if (cached) return cached;
  const t = new Map<number, { target: string; range: Range }[]>();
  const add = (target: string, range: Range) => {
    const list = t.get(range.start.line);
    if (list) list.push({ target, range });
    else t.set(range.start.line, [{ target, range }]);
  };
  for (const r of index.references) add(r.target, r.range);
  for (const d of allDefinitions(index)) if (d.kind === 'host' || d.kind === 'app') add(d.qualifiedName, d.selectionRange);
  lineTables.set(index, t);
  return t;
}

/**
 * The host or app named at a position, whether at its definition or at a use: the key for
 * go-to-definition, references and rename.
 */
export function symbolAt(index: SymbolIndex, p: Position): { target: string; range: Range } | null {
  for (const hit of byLine(index).get(p.line) ?? []) if (containsPosition(hit.range, p)) return hit;
  return null;
}

/** Every range naming the symbol: its definition first, then each use. */
export function occurrences(index: SymbolIndex, target: string): Range[] {
  const def = findDefinition(index, target);
  const uses = index.references.filter((r) => r.target === target).map((r) => r.range);
  return def ? [def.selectionRange, ...uses] : uses;
}
