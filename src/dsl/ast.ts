// Syntax tree of a `.netscenario` file. The grammar is uniform — every statement is a keyword,
// arguments, and an optional `{}` block — so the tree stays generic and the checker gives the
// words their meaning. That keeps the parser small and lets it recover from any input.
import type { Range } from './model';
import type { UnitInfo } from './units';

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
// builds tens of thousands of nodes. Nodes keep numbers and build a range each time one is asked
// for, without keeping it: a cached range would be three more objects per node for the garbage
// collector to copy while the tree is young, and the checker and the server ask for few.

/** A range built from its numbers (the nodes keep numbers and build ranges when asked). */
export function rangeOf(line: number, character: number, endLine: number, endCharacter: number): Range {
  return { start: { line, character }, end: { line: endLine, character: endCharacter } };
}

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
  /** For a name: where it is a keyword (keywords.keywordContextSet), which the lexer knows per distinct word. */
  declare contexts: number;
  constructor(kind: TokenKind, text: string, start: number, end: number, line: number, character: number, value?: string) {
    this.kind = kind;
    this.text = text;
    this.start = start;
    this.end = end;
    this.line = line;
    this.character = character;
    this.value = value;
    this.contexts = 0;
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
    w.contexts = 0;
    return this;
  }

  get range(): Range {
    // A line break is not part of its line in LSP terms: it gets an empty range.
    const endChar = this.kind === 'newline' ? this.character : this.character + (this.end - this.start);
    return { start: { line: this.line, character: this.character }, end: { line: this.line, character: endChar } };
  }
}

/** A node on one line (a token, or glued tokens as in `load[3]`). */
abstract class OnOneLine {
  declare readonly line: number;
  declare readonly character: number;
  /** Changed only by `extendTo`, while the parser glues tokens on (`load[3]`, `server.nc`). */
  declare endCharacter: number;
  constructor(line: number, character: number, endCharacter: number) {
    this.line = line;
    this.character = character;
    this.endCharacter = endCharacter;
  }
  get range(): Range {
    return rangeOf(this.line, this.character, this.line, this.endCharacter);
  }
  /** Grows the node to end at `endCharacter` on its line (glued tokens never cross a line). */
  extendTo(endCharacter: number): void {
    this.endCharacter = endCharacter;
  }
}

export class NameArg extends OnOneLine {
  declare readonly kind: 'name';
  /** Full text with dots, e.g. `server.nc` or `net.core.somaxconn` (index brackets left out). */
  declare text: string;
  declare private p: NamePart[] | undefined;
  /**
   * Where the name is a keyword (keywordContextSet of `text`), as the lexer found it for the word:
   * the checker asks it of every name argument of every statement ("does a property start here?").
   */
  declare keywordContexts: number;
  constructor(text: string, line: number, character: number, endCharacter: number, keywordContexts: number) {
    super(line, character, endCharacter);
    this.text = text;
    this.p = undefined;
    this.keywordContexts = keywordContexts;
  }
  /** Glues the segment `.more`, written at `character` on this line, on (`server` `.` `nc`). */
  appendSegment(more: string, character: number): void {
    const parts = this.parts;
    appendParts(parts, parts.length, more, this.line, character);
    this.text += '.' + more;
    // No keyword has a dot in it.
    this.keywordContexts = 0;
    this.extendTo(character + more.length);
  }
  /** The dotted segments, split on first use. */
  get parts(): NamePart[] {
    return (this.p ??= splitName(this));
  }
  /**
   * The first segment's text, without splitting a name of one segment: for those `parts[0]` is
   * the name's own text and range.
   */
  get head(): string {
    return this.headNode.text;
  }
  get headRange(): Range {
    return this.headNode.range;
  }
  /** The node whose text and range are the head's: the name itself, or its first segment. */
  get headNode(): NameArg | NamePart {
    return this.p === undefined && this.partCount === 1 ? this : this.parts[0];
  }
  /**
   * The first segment's index (`[3]` in `load[3]`), read without splitting the name: the parser
   * splits a name to give a segment an index, so an unsplit name has none.
   */
  get headIndex(): NamePart['index'] {
    return this.p === undefined ? undefined : this.p[0].index;
  }
  /** How many dotted segments, counted without splitting the name (the checker asks for most names). */
  get partCount(): number {
    const p = this.p;
    if (p !== undefined) return p.length;
    const text = this.text;
    let n = 1;
    for (let i = text.indexOf('.'); i >= 0; i = text.indexOf('.', i + 1)) n++;
    return n;
  }
}

function splitName(n: NameArg): NamePart[] {
  // Made at its size: a pushed-to `[]` reserves room for 17 segments, and the tree keeps it.
  return appendParts(new Array<NamePart>(n.partCount), 0, n.text, n.line, n.character);
}

/** Puts the dotted segments of `text`, written at `line`/`character`, into `parts` from `at`. */
function appendParts(parts: NamePart[], at: number, text: string, line: number, character: number): NamePart[] {
  let from = 0;
  for (;;) {
    const dot = text.indexOf('.', from);
    const end = dot < 0 ? text.length : dot;
    const s = character + from;
    parts[at++] = new NamePart(dot < 0 && from === 0 ? text : text.slice(from, end), line, s, s + end - from);
    if (dot < 0) return parts;
    from = dot + 1;
  }
}

/** One dotted segment of a name. */
export class NamePart extends OnOneLine {
  declare readonly text: string;
  /** `load[3]` or `load[10..19]`. */
  declare index?: { from: number; to: number; range: Range };
  constructor(text: string, line: number, character: number, endCharacter: number) {
    super(line, character, endCharacter);
    this.text = text;
  }
}

/** What a number's text means; the parser shares one per distinct text (a large file repeats a few). */
export interface NumberValue {
  /** The numeric part, e.g. 1.5 for `1.5s`. */
  readonly value: number;
  /** The glued unit as written (`s`, `KiB/s`, `%`), or '' when none. */
  readonly unit: string;
  readonly text: string;
  /** What the unit means (units.unitInfo), looked up once per distinct number text. */
  readonly unitInfo: UnitInfo | null;
}

/**
 * A number token: where it is and its shared meaning. It ends where its text does (a number is
 * one token, never extended), so the node keeps three fields where a name keeps five: a large file
 * has tens of thousands of numbers.
 */
export class NumberArg {
  declare readonly kind: 'number';
  declare readonly line: number;
  declare readonly character: number;
  declare private readonly meaning: NumberValue;
  constructor(meaning: NumberValue, line: number, character: number) {
    this.line = line;
    this.character = character;
    this.meaning = meaning;
  }
  get value(): number {
    return this.meaning.value;
  }
  get unit(): string {
    return this.meaning.unit;
  }
  get text(): string {
    return this.meaning.text;
  }
  get unitInfo(): UnitInfo | null {
    return this.meaning.unitInfo;
  }
  get endCharacter(): number {
    return this.character + this.meaning.text.length;
  }
  get range(): Range {
    return rangeOf(this.line, this.character, this.line, this.endCharacter);
  }
}

export class StringArg extends OnOneLine {
  declare readonly kind: 'string';
  declare readonly value: string;
  declare readonly text: string;
  constructor(value: string, text: string, line: number, character: number, endCharacter: number) {
    super(line, character, endCharacter);
    this.value = value;
    this.text = text;
  }
}

export class AddressArg extends OnOneLine {
  declare readonly kind: 'address';
  declare readonly text: string;
  constructor(text: string, line: number, character: number, endCharacter: number) {
    super(line, character, endCharacter);
    this.text = text;
  }
}

export class OpArg extends OnOneLine {
  declare readonly kind: 'op';
  declare readonly text: string;
  constructor(text: string, line: number, character: number, endCharacter: number) {
    super(line, character, endCharacter);
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

/** `{ … }`: from the `{` to the end of the `}` (or to where the file ended first). */
export class Block {
  declare readonly statements: Statement[];
  declare private readonly startLine: number;
  declare private readonly startCharacter: number;
  /** Where the block ends, for the statement that owns it (without building its range). */
  declare readonly endLine: number;
  declare readonly endCharacter: number;
  declare private readonly closed: boolean;
  constructor(statements: Statement[], startLine: number, startCharacter: number, endLine: number, endCharacter: number, closed: boolean) {
    this.statements = statements;
    this.startLine = startLine;
    this.startCharacter = startCharacter;
    this.endLine = endLine;
    this.endCharacter = endCharacter;
    this.closed = closed;
  }
  get range(): Range {
    return rangeOf(this.startLine, this.startCharacter, this.endLine, this.endCharacter);
  }
  /** Range of the closing `}`, null when the file ended first. */
  get close(): Range | null {
    return this.closed ? rangeOf(this.endLine, this.endCharacter - 1, this.endLine, this.endCharacter) : null;
  }
}

/** A keyword, its arguments and an optional block. */
export class Statement {
  declare readonly kind: 'statement';
  /** The keyword's text, read without making the keyword's node (the checker reads only this). */
  declare readonly word: string;
  /** Where the keyword starts. */
  declare private readonly line: number;
  declare private readonly character: number;
  declare private k: NameArg | undefined;
  declare readonly args: Arg[];
  declare block: Block | null;
  /** Offsets, for quick containment tests. */
  declare readonly start: number;
  declare readonly end: number;
  /** Where the last argument or the closing `}` ends. */
  declare private endLine: number;
  declare private endCharacter: number;
  /**
   * Where the keyword is valid (keywordContextSet), looked up while its text is at hand: the
   * checker tests it for every line of every block, and reaching the keyword's text then costs
   * more than the test.
   */
  declare readonly keywordContexts: number;
  constructor(word: string, line: number, character: number, args: Arg[], block: Block | null, start: number, end: number, endLine: number, endCharacter: number, keywordContexts: number) {
    this.word = word;
    this.line = line;
    this.character = character;
    this.k = undefined;
    this.args = args;
    this.block = block;
    this.start = start;
    this.end = end;
    this.endLine = endLine;
    this.endCharacter = endCharacter;
    this.keywordContexts = keywordContexts;
  }
  /**
   * The keyword as a node, made on first use and kept: a large file has thousands of statements,
   * and only the editor's requests (hover, outline, formatting) look at their keywords as nodes.
   * A keyword is one name token, so its length is its text's.
   */
  get keyword(): NameArg {
    return (this.k ??= new NameArg(this.word, this.line, this.character, this.character + this.word.length, this.keywordContexts));
  }
  get range(): Range {
    return rangeOf(this.line, this.character, this.endLine, this.endCharacter);
  }
  /** Gives the statement a block opened on a later line; the range then runs to its end. */
  attachBlock(block: Block): void {
    this.block = block;
    this.endLine = block.endLine;
    this.endCharacter = block.endCharacter;
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

// Each node class has one `kind`, so it lives on the prototype rather than in every node: a
// large file has tens of thousands of nodes, and every field of each is copied by the GC.
for (const [cls, kind] of [[NameArg, 'name'], [NumberArg, 'number'], [StringArg, 'string'], [AddressArg, 'address'], [OpArg, 'op'], [Statement, 'statement']] as const) {
  Object.defineProperty(cls.prototype, 'kind', { value: kind, enumerable: true });
}

