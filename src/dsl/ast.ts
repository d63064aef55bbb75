// Syntax tree of a `.netscenario` file. The grammar is uniform — every statement is a keyword,
// arguments, and an optional `{}` block — so the tree stays generic and the checker gives the
// words their meaning. That keeps the parser small and lets it recover from any input.
import type { Range } from './model';

export type TokenKind =
  | 'name' // identifier or dotted name: `host`, `net.core.somaxconn`, `linux-3.10`
  | 'number' // number with an optional glued unit: `10`, `1.5s`, `64KiB`, `100/s`
  | 'address' // IPv4 address: `192.168.0.26`
  | 'string' // "…" with escapes decoded into `value`
  | 'op' // == != < <= > >= ± +- = <-> -> ..
  | 'punct' // { } [ ] : ; .
  | 'newline'
  | 'comment'
  | 'invalid'
  | 'eof';

// The node classes below set every field in their constructor and declare them with `declare`:
// class field initializers run a separate, slow initializer per instance in V8, and a large file
// builds tens of thousands of nodes. Ranges are built on first use: the checker reads few of them.

export class Token {
  declare readonly kind: TokenKind;
  /** Source text of the token. */
  declare readonly text: string;
  /** Offsets into the document (UTF-16 code units). */
  declare readonly start: number;
  declare readonly end: number;
  /** Where it starts; a token never spans lines. */
  declare readonly line: number;
  declare readonly character: number;
  /** Decoded value of a string literal. */
  declare value: string | undefined;
  constructor(kind: TokenKind, text: string, start: number, end: number, line: number, character: number, value?: string) {
    this.kind = kind;
    this.text = text;
    this.start = start;
    this.end = end;
    this.line = line;
    this.character = character;
    this.value = value;
  }

  /** Refills a token that its reader is done with (the parser's token pool, see Lexer). */
  refill(kind: TokenKind, text: string, start: number, end: number, line: number, character: number, value: string | undefined): this {
    const w = this as { -readonly [K in keyof Token]: Token[K] };
    w.kind = kind;
    w.text = text;
    w.start = start;
    w.end = end;
    w.line = line;
    w.character = character;
    w.value = value;
    return this;
  }

  get range(): Range {
    // A line break is not part of its line in LSP terms: it gets an empty range.
    const endChar = this.kind === 'newline' ? this.character : this.character + (this.end - this.start);
    return { start: { line: this.line, character: this.character }, end: { line: this.line, character: endChar } };
  }
}

/** A node on one line (a token, or glued tokens as in `load[3]`), its range built on first use. */
abstract class OnOneLine {
  declare readonly line: number;
  declare readonly character: number;
  declare readonly endCharacter: number;
  declare private r: Range | undefined;
  constructor(line: number, character: number, endCharacter: number) {
    this.line = line;
    this.character = character;
    this.endCharacter = endCharacter;
    this.r = undefined;
  }
  get range(): Range {
    return (this.r ??= { start: { line: this.line, character: this.character }, end: { line: this.line, character: this.endCharacter } });
  }
  /** Replaced when the node grows, e.g. to cover `[3]`. */
  set range(r: Range) {
    this.r = r;
  }
}

export class NameArg extends OnOneLine {
  declare readonly kind: 'name';
  /** Full text with dots, e.g. `server.nc` or `net.core.somaxconn` (index brackets left out). */
  declare text: string;
  declare private p: NamePart[] | undefined;
  constructor(text: string, line: number, character: number, endCharacter: number) {
    super(line, character, endCharacter);
    this.kind = 'name';
    this.text = text;
    this.p = undefined;
  }
  /** The dotted segments, split on first use. */
  get parts(): NamePart[] {
    return (this.p ??= splitName(this));
  }
}

function splitName(n: NameArg): NamePart[] {
  const text = n.text;
  if (!text.includes('.')) return [{ text, range: n.range }];
  const parts: NamePart[] = [];
  let from = 0;
  for (;;) {
    const dot = text.indexOf('.', from);
    const end = dot < 0 ? text.length : dot;
    const s = n.character + from;
    parts.push({ text: text.slice(from, end), range: { start: { line: n.line, character: s }, end: { line: n.line, character: s + end - from } } });
    if (dot < 0) return parts;
    from = dot + 1;
  }
}

export interface NamePart {
  text: string;
  range: Range;
  /** `load[3]` or `load[10..19]`. */
  index?: { from: number; to: number; range: Range };
}

export class NumberArg extends OnOneLine {
  declare readonly kind: 'number';
  /** The numeric part, e.g. 1.5 for `1.5s`. */
  declare readonly value: number;
  /** The glued unit as written (`s`, `KiB/s`, `%`), or '' when none. */
  declare readonly unit: string;
  declare readonly text: string;
  constructor(value: number, unit: string, text: string, line: number, character: number, endCharacter: number) {
    super(line, character, endCharacter);
    this.kind = 'number';
    this.value = value;
    this.unit = unit;
    this.text = text;
  }
}

export class StringArg extends OnOneLine {
  declare readonly kind: 'string';
  declare readonly value: string;
  declare readonly text: string;
  constructor(value: string, text: string, line: number, character: number, endCharacter: number) {
    super(line, character, endCharacter);
    this.kind = 'string';
    this.value = value;
    this.text = text;
  }
}

export class AddressArg extends OnOneLine {
  declare readonly kind: 'address';
  declare readonly text: string;
  constructor(text: string, line: number, character: number, endCharacter: number) {
    super(line, character, endCharacter);
    this.kind = 'address';
    this.text = text;
  }
}

export class OpArg extends OnOneLine {
  declare readonly kind: 'op';
  declare readonly text: string;
  constructor(text: string, line: number, character: number, endCharacter: number) {
    super(line, character, endCharacter);
    this.kind = 'op';
    this.text = text;
  }
}

/** `server:8080` or `10.0.0.2:80`. */
export interface EndpointArg {
  kind: 'endpoint';
  host: NameArg | AddressArg;
  port: NumberArg;
  range: Range;
}

/** `0s..60s` or `[10..19]`. */
export interface RangeArg {
  kind: 'range';
  from: NumberArg;
  to: NumberArg;
  bracketed: boolean;
  range: Range;
}

export type Arg = NameArg | NumberArg | StringArg | AddressArg | EndpointArg | OpArg | RangeArg;

export interface Block {
  statements: Statement[];
  range: Range;
  /** Range of the closing `}`, null when the file ended first. */
  close: Range | null;
}

/** A keyword, its arguments and an optional block. */
export class Statement {
  declare readonly kind: 'statement';
  declare readonly keyword: NameArg;
  declare readonly args: Arg[];
  declare block: Block | null;
  /** Offsets, for quick containment tests. */
  declare readonly start: number;
  declare readonly end: number;
  /** Where the last argument or the closing `}` ends. */
  declare private readonly endLine: number;
  declare private readonly endCharacter: number;
  declare private r: Range | undefined;
  constructor(keyword: NameArg, args: Arg[], block: Block | null, start: number, end: number, endLine: number, endCharacter: number) {
    this.kind = 'statement';
    this.keyword = keyword;
    this.args = args;
    this.block = block;
    this.start = start;
    this.end = end;
    this.endLine = endLine;
    this.endCharacter = endCharacter;
    this.r = undefined;
  }
  get range(): Range {
    return (this.r ??= { start: { line: this.keyword.line, character: this.keyword.character }, end: { line: this.endLine, character: this.endCharacter } });
  }
  set range(r: Range) {
    this.r = r;
  }
}

export interface Comment {
  text: string;
  range: Range;
  start: number;
}

export interface FileNode {
  kind: 'file';
  statements: Statement[];
  comments: Comment[];
  range: Range;
}
