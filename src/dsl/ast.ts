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

export class Token {
  /** Decoded value of a string literal. */
  value?: string;
  constructor(
    readonly kind: TokenKind,
    /** Source text of the token. */
    readonly text: string,
    /** Offsets into the document (UTF-16 code units). */
    readonly start: number,
    readonly end: number,
    /** Where it starts; a token never spans lines. */
    readonly line: number,
    readonly character: number,
  ) {}

  /** Built on demand: a file has tens of thousands of tokens and most never need a range. */
  get range(): Range {
    // A line break is not part of its line in LSP terms: it gets an empty range.
    const endChar = this.kind === 'newline' ? this.character : this.character + (this.end - this.start);
    return { start: { line: this.line, character: this.character }, end: { line: this.line, character: endChar } };
  }
}

export interface NameArg {
  kind: 'name';
  /** Full text with dots, e.g. `server.nc` or `net.core.somaxconn` (index brackets left out). */
  text: string;
  parts: NamePart[];
  range: Range;
}

export interface NamePart {
  text: string;
  range: Range;
  /** `load[3]` or `load[10..19]`. */
  index?: { from: number; to: number; range: Range };
}

export interface NumberArg {
  kind: 'number';
  /** The numeric part, e.g. 1.5 for `1.5s`. */
  value: number;
  /** The glued unit as written (`s`, `KiB/s`, `%`), or '' when none. */
  unit: string;
  text: string;
  range: Range;
}

export interface StringArg {
  kind: 'string';
  value: string;
  text: string;
  range: Range;
}

export interface AddressArg {
  kind: 'address';
  text: string;
  range: Range;
}

/** `server:8080` or `10.0.0.2:80`. */
export interface EndpointArg {
  kind: 'endpoint';
  host: NameArg | AddressArg;
  port: NumberArg;
  range: Range;
}

export interface OpArg {
  kind: 'op';
  text: string;
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

export interface Statement {
  kind: 'statement';
  keyword: NameArg;
  args: Arg[];
  block: Block | null;
  range: Range;
  /** Offsets, for quick containment tests. */
  start: number;
  end: number;
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
