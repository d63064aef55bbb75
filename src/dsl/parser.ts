// Recursive-descent parser with panic-mode recovery. A statement is a keyword, arguments up to
// the end of the line (or `;`), and an optional `{}` block of statements. On an error the parser
// reports it, skips to the end of the statement (keeping braces balanced) and carries on, so
// every error in a file is reported and the tree is always built. Never throws.
import { AddressArg, type Arg, Block, type Comment, type FileNode, NameArg, NumberArg, type NumberValue, OpArg, rangeOf, Statement, StringArg, type Token } from './ast';
import type { Diagnostic } from './diagnostics';
import { Lexer } from './lexer';
import type { Range } from './model';
import { unitInfo } from './units';

export interface ParseResult {
  file: FileNode;
  diagnostics: Diagnostic[];
  /** The source text, kept for the formatter and the cursor-context helper. */
  text: string;
}

export function parse(text: string): ParseResult {
  if (typeof text !== 'string') text = String(text ?? '');
  // Pooled tokens: the parser copies what it keeps (ranges, offsets) before moving on.
  const lexer = new Lexer(text, true);
  const comments: Comment[] = [];
  const p = new Parser(lexer, comments);
  let statements: Statement[];
  try {
    statements = p.statements(false);
  } catch (e) {
    // Last resort so that no input can take the editor down; the tests look for this code.
    statements = [];
    lexer.diagnostics.push({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: 'error', message: `internal parser error: ${(e as Error)?.message ?? e}`, code: 'internal-error' });
  }
  const file: FileNode = {
    kind: 'file',
    statements,
    comments,
    range: { start: { line: 0, character: 0 }, end: p.eofPosition() },
  };
  return { file, diagnostics: lexer.diagnostics, text };
}

function isPunct(t: Token, c: string): boolean {
  return t.kind === 'punct' && t.text === c;
}

/** A stack whose storage is kept between uses (setting `length` lower would let V8 free it). */
class Stack<T> {
  readonly items: T[] = [];
  top = 0;
  push(x: T): void {
    if (this.top < this.items.length) this.items[this.top] = x;
    else this.items.push(x);
    this.top++;
  }
  /**
   * The items above `mark`, popped into an array of their exact size. Most statements have a few
   * arguments: an array literal of that many costs less than a call to `slice`.
   */
  take(mark: number): T[] {
    const items = this.items;
    const n = this.top - mark;
    this.top = mark;
    switch (n) {
      case 1:
        return [items[mark]];
      case 2:
        return [items[mark], items[mark + 1]];
      case 3:
        return [items[mark], items[mark + 1], items[mark + 2]];
      case 4:
        return [items[mark], items[mark + 1], items[mark + 2], items[mark + 3]];
      default:
        return items.slice(mark, mark + n);
    }
  }
}

/** The range of the one character at `line`/`character`, e.g. a `{` already recycled by the lexer. */
function oneCharacter(line: number, character: number): Range {
  return { start: { line, character }, end: { line, character: character + 1 } };
}

function describe(t: Token): string {
  if (t.kind === 'newline') return 'end of line';
  if (t.kind === 'eof') return 'end of file';
  return `'${t.text}'`;
}

/** Deepest block nesting the parser follows. */
const MAX_DEPTH = 32;

class Parser {
  private depth = 0;
  /** Lookahead: the parser needs at most two tokens. Comments are set aside as they pass. */
  private la0: Token | null = null;
  private la1: Token | null = null;
  /** The last token consumed. */
  private prev: Token | null = null;
  private readonly diagnostics: Diagnostic[];
  /**
   * Statements and arguments being collected, as stacks shared by the nested calls: each call
   * pushes above its mark and takes an exact-size copy at the end, so no growing array is left
   * behind per line for the GC.
   */
  private readonly statementStack = new Stack<Statement>();
  private readonly argStack = new Stack<Arg>();

  constructor(
    private readonly lexer: Lexer,
    private readonly comments: Comment[],
  ) {
    this.diagnostics = lexer.diagnostics;
  }

  private peek(k: 0 | 1 = 0): Token {
    const t0 = (this.la0 ??= this.pull());
    if (k === 0 || t0.kind === 'eof') return t0;
    return (this.la1 ??= this.pull());
  }
  private pull(): Token {
    for (;;) {
      const t = this.lexer.next();
      if (t.kind !== 'comment') return t;
      this.comments.push({ text: t.text, range: t.range, start: t.start });
    }
  }
  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') {
      this.la0 = this.la1;
      this.la1 = null;
      this.prev = t;
    }
    return t;
  }
  eofPosition(): Range['start'] {
    let t = this.peek();
    while (t.kind !== 'eof') t = this.next();
    return t.range.start;
  }
  private error(range: Range, message: string, code = 'syntax'): void {
    this.diagnostics.push({ range, severity: 'error', message, code });
  }
  /** `b` starts exactly where `a` ends: glued, as in `server:8080` or `load[3]`. */
  private glued(a: Token, b: Token): boolean {
    return a.end === b.start;
  }
  private atStatementEnd(): boolean {
    const t = this.peek();
    return t.kind === 'newline' || t.kind === 'eof' || isPunct(t, ';') || isPunct(t, '}');
  }

  statements(inBlock: boolean): Statement[] {
    const list = this.statementStack;
    const mark = list.top;
    for (;;) {
      const t = this.peek();
      if (t.kind === 'eof') return list.take(mark);
      if (t.kind === 'newline' || isPunct(t, ';')) {
        this.next();
        continue;
      }
      if (isPunct(t, '}')) {
        if (inBlock) return list.take(mark);
        this.next();
        this.error(t.range, "unmatched '}': there is no open block to close", 'syntax-brace');
        continue;
      }
      if (isPunct(t, '{')) {
        // A block opened on the line after its statement still belongs to it.
        const last = list.top > mark ? list.items[list.top - 1] : undefined;
        const openLine = t.line;
        const openCharacter = t.character;
        const block = this.block();
        if (last && !last.block && last.args.every((a) => a.range.end.line < openLine)) {
          last.attachBlock(block);
        } else this.error(oneCharacter(openLine, openCharacter), "a block needs a statement before it, e.g. 'host server {'", 'syntax-block');
        continue;
      }
      if (t.kind === 'name') {
        list.push(this.statement());
        continue;
      }
      if (t.kind !== 'invalid') this.error(t.range, `expected a keyword at the start of a statement, found ${describe(t)}`);
      this.skipStatement();
    }
  }

  private statement(): Statement {
    const kw = this.next();
    const word = kw.text;
    const kwLine = kw.line;
    const kwCharacter = kw.character;
    const contexts = kw.contexts;
    const args = this.argStack;
    const mark = args.top;
    let block: Block | null = null;
    // Where the last argument ends; copied, as the token itself is recycled.
    const kwStart = kw.start;
    const kwEnd = kw.end;
    let lastEnd = kw.end;
    let lastLine = kw.line;
    let lastEndCharacter = kw.character + (kw.end - kw.start);
    for (;;) {
      // atStatementEnd, `{` and `invalid` told apart by one look at the token's kind.
      const t = this.peek();
      const kind = t.kind;
      if (kind === 'newline' || kind === 'eof') break;
      if (kind === 'punct') {
        const c = t.text;
        if (c === ';' || c === '}') break;
        if (c === '{') {
          block = this.block();
          if (!this.atStatementEnd()) {
            this.error(this.peek().range, `expected end of line after '}', found ${describe(this.peek())}`);
            this.skipStatement();
          }
          break;
        }
      } else if (kind === 'invalid') {
        this.next(); // the lexer already reported it
        continue;
      }
      const arg = this.arg(t);
      if (!arg) {
        this.error(t.range, `unexpected ${describe(t)}`);
        this.skipStatement();
        break;
      }
      args.push(arg);
      const last = this.prev!;
      lastEnd = last.end;
      lastLine = last.line;
      lastEndCharacter = last.character + (last.end - last.start);
    }
    const endOffset = block ? this.prev!.end : lastEnd;
    const endLine = block ? block.endLine : lastLine;
    const endCharacter = block ? block.endCharacter : lastEndCharacter;
    return new Statement(word, kwLine, kwCharacter, args.take(mark), block, kwStart, Math.max(endOffset, kwEnd), endLine, endCharacter, contexts);
  }

  private block(): Block {
    // The `{` token is recycled while the body is parsed: keep where it is.
    const open = this.next();
    const line = open.line;
    const character = open.character;
    let statements: Statement[] = [];
    if (this.depth >= MAX_DEPTH) {
      // The language nests three levels deep; this guard keeps recursion bounded on any input.
      this.error(oneCharacter(line, character), `blocks are nested more than ${MAX_DEPTH} deep`, 'syntax-block');
      this.skipBlockBody();
    } else {
      this.depth++;
      statements = this.statements(true);
      this.depth--;
    }
    const close = this.peek();
    if (isPunct(close, '}')) {
      this.next();
      return new Block(statements, line, character, close.line, close.character + 1, true);
    }
    this.error(oneCharacter(line, character), "this '{' is never closed: add a '}'", 'syntax-brace');
    return new Block(statements, line, character, close.line, close.character, false);
  }

  /** Drops everything up to (not including) the `}` that closes the current block. */
  private skipBlockBody(): void {
    let depth = 0;
    for (;;) {
      const t = this.peek();
      if (t.kind === 'eof' || (depth === 0 && isPunct(t, '}'))) return;
      if (isPunct(t, '{')) depth++;
      else if (isPunct(t, '}')) depth--;
      this.next();
    }
  }

  /** Panic mode: drop tokens up to the end of the statement, keeping `{}` balanced. */
  private skipStatement(): void {
    let depth = 0;
    for (;;) {
      const t = this.peek();
      if (t.kind === 'eof') return;
      if (depth === 0 && (t.kind === 'newline' || isPunct(t, ';') || isPunct(t, '}'))) return;
      if (isPunct(t, '{')) depth++;
      else if (isPunct(t, '}')) depth--;
      this.next();
    }
  }

  /** The argument that starts at `t`, the token `peek` returns. */
  private arg(t: Token): Arg | null {
    switch (t.kind) {
      case 'name':
        return this.pathOrEndpoint();
      case 'address': {
        this.next();
        const address = new AddressArg(t.text, t.line, t.character, t.character + (t.end - t.start));
        return this.endpointAfter(t, address) ?? address;
      }
      case 'number': {
        const from = this.number(this.next());
        if (this.peek().kind === 'op' && this.peek().text === '..') {
          const dots = this.next();
          const to = this.peek();
          if (to.kind !== 'number') {
            this.error(to.kind === 'newline' || to.kind === 'eof' ? dots.range : to.range, `expected a number after '..', found ${describe(to)}`);
            return from;
          }
          const toArg = this.number(this.next());
          return { kind: 'range', from, to: toArg, bracketed: false, range: rangeOf(from.line, from.character, toArg.line, toArg.endCharacter) };
        }
        return from;
      }
      case 'string':
        this.next();
        return new StringArg(t.value ?? '', t.text, t.line, t.character, t.character + (t.end - t.start));
      case 'op':
        this.next();
        return new OpArg(t.text, t.line, t.character, t.character + (t.end - t.start));
      case 'punct':
        if (t.text === '[') {
          const idx = this.index();
          if (!idx) return null;
          return { kind: 'range', from: idx.fromArg, to: idx.toArg, bracketed: true, range: idx.range };
        }
        return null;
      default:
        return null;
    }
  }

  private number(t: Token): NumberArg {
    // Number texts are interned by the lexer and a large file repeats a few of them: each
    // distinct one is read once.
    const text = t.text;
    let n = this.numbers.get(text);
    if (n === undefined) this.numbers.set(text, (n = this.readNumber(text)));
    return new NumberArg(n, t.line, t.character);
  }
  private readonly numbers = new Map<string, NumberValue>();

  private readNumber(text: string): NumberValue {
    // The lexer guarantees `-?digits(.digits)?` then the unit; find where the unit starts.
    let i = text.charCodeAt(0) === 45 ? 1 : 0;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (!((c >= 48 && c <= 57) || c === 46)) break;
    }
    // parseFloat stops at the unit. The unit is interned like the words.
    if (i === text.length) return { value: Number(text), unit: '', text, unitInfo: unitInfo('') };
    const unit = this.lexer.intern(text, i, text.length);
    return { value: parseFloat(text), unit, text, unitInfo: unitInfo(unit) };
  }

  private nameFrom(t: Token): NameArg {
    return new NameArg(t.text, t.line, t.character, t.character + (t.end - t.start), t.contexts);
  }

  /** `client.load[3].errno`, `server:8080`, or a plain name. */
  private pathOrEndpoint(): Arg {
    let prev = this.next();
    const name = this.nameFrom(prev);
    for (;;) {
      const t = this.peek();
      // Most names end at a space: only a glued `[`, `.` or `:` goes on.
      if (t.kind !== 'punct' || !this.glued(prev, t)) return name;
      if (t.text === '[') {
        const idx = this.index();
        if (!idx) return name;
        const parts = name.parts;
        parts[parts.length - 1].index = { from: idx.fromArg.value, to: idx.toArg.value, range: idx.range };
        name.extendTo(idx.range.end.character);
        prev = this.prev ?? prev;
        continue;
      }
      if (t.text !== '.') break;
      const after = this.peek(1);
      if (after.kind !== 'name' || !this.glued(t, after)) break;
      this.next();
      name.appendSegment(after.text, after.character);
      prev = this.next();
    }
    return this.endpointAfter(prev, name) ?? name;
  }

  private endpointAfter(prev: Token, host: Arg & { kind: 'name' | 'address' }): Arg | null {
    const colon = this.peek();
    if (!isPunct(colon, ':') || !this.glued(prev, colon)) return null;
    const port = this.peek(1);
    this.next();
    if (port.kind !== 'number' || !this.glued(colon, port)) {
      this.error(colon.range, `expected a port number right after ':' (as in server:8080)`);
      return host;
    }
    const portArg = this.number(this.next());
    return { kind: 'endpoint', host, port: portArg, range: rangeOf(host.line, host.character, portArg.line, portArg.endCharacter) };
  }

  /** `[3]` or `[10..19]`. */
  private index(): { fromArg: NumberArg; toArg: NumberArg; range: Range } | null {
    // The `[` token is recycled as the parser reads on: keep where it is.
    const open = this.next();
    const openLine = open.line;
    const openCharacter = open.character;
    const a = this.peek();
    if (a.kind !== 'number') {
      this.error(a.range, `expected a connection number inside '[ ]', found ${describe(a)}`);
      return null;
    }
    const fromArg = this.number(this.next());
    let toArg = fromArg;
    if (this.peek().kind === 'op' && this.peek().text === '..') {
      this.next();
      const b = this.peek();
      if (b.kind !== 'number') {
        this.error(b.range, `expected a number after '..', found ${describe(b)}`);
        return null;
      }
      toArg = this.number(this.next());
    }
    const close = this.peek();
    if (!isPunct(close, ']')) {
      this.error(close.range, `expected ']', found ${describe(close)}`);
      return null;
    }
    this.next();
    return { fromArg, toArg, range: rangeOf(openLine, openCharacter, close.line, close.character + 1) };
  }
}
