// Hand-written lexer. Columns are UTF-16 code units (what JavaScript strings and LSP count);
// `\r\n`, `\n` and a lone `\r` each end a line. Never throws: bad characters become `invalid`
// tokens with a diagnostic.
import { Token, type TokenKind } from './ast';
import type { Diagnostic } from './diagnostics';
import type { Position } from './model';

export interface LexResult {
  tokens: Token[];
  diagnostics: Diagnostic[];
}

const OPS = ['<->', '->', '<=', '>=', '==', '!=', '+-', '..', '<', '>', '=', '±'];
const PUNCT = '{}[]:;.';

// Character classes by code unit, so the hot loops compare numbers, not one-letter strings.
const IDENT_START = 1;
const DIGIT = 2;
const UNIT = 4;
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z_]/.test(ch)) CLASS[c] |= IDENT_START;
  if (/[0-9]/.test(ch)) CLASS[c] |= DIGIT;
  if (/[A-Za-z%]/.test(ch)) CLASS[c] |= UNIT;
}
const code = (text: string, i: number) => text.charCodeAt(i); // NaN past the end: no class
const has = (c: number, cls: number) => c < 128 && (CLASS[c] & cls) !== 0;

const isDigit = (c: number) => has(c, DIGIT);
/** Letters, `%`, and the micro signs U+00B5 and U+03BC. */
const isUnitChar = (c: number) => has(c, UNIT) || c === 0xb5 || c === 0x3bc;

/** Everything at once: for semantic tokens, the cursor helper and tests. */
export function lex(text: string): LexResult {
  const lexer = new Lexer(text);
  const tokens: Token[] = [];
  for (;;) {
    const t = lexer.next();
    tokens.push(t);
    if (t.kind === 'eof') return { tokens, diagnostics: lexer.diagnostics };
  }
}

/** How many tokens a pooling lexer hands out before it refills the oldest. */
const POOL_SIZE = 16;

/**
 * One token at a time, so the parser never holds the whole token list. With `pooled`, the token
 * objects are recycled after POOL_SIZE more tokens: a reader that keeps a token longer must copy
 * what it needs (the parser does), and a large file then makes no garbage token per word.
 */
export class Lexer {
  readonly diagnostics: Diagnostic[] = [];
  private i = 0;
  private line = 0;
  private lineStart = 0;
  private produced: Token | null = null;

  private readonly pool: Token[] | null;
  private poolNext = 0;

  constructor(
    private readonly text: string,
    pooled = false,
  ) {
    this.pool = pooled ? [] : null;
  }

  private readonly pos = (offset: number): Position => ({ line: this.line, character: offset - this.lineStart });
  /**
   * One string per distinct word: a large file repeats a few hundred words, and the tree keeps
   * every token's text, so sharing them keeps the heap (and the GC's copying) small.
   */
  private readonly words = new WordTable();
  private readonly push = (kind: TokenKind, start: number, end: number, value?: string): Token => {
    const text = kind === 'name' || kind === 'number' || kind === 'op' || kind === 'address' ? this.words.intern(this.text, start, end) : this.text.slice(start, end);
    const pool = this.pool;
    let t: Token;
    if (pool === null) t = new Token(kind, text, start, end, this.line, start - this.lineStart, value);
    else {
      const slot = this.poolNext;
      this.poolNext = (slot + 1) % POOL_SIZE;
      t = slot < pool.length ? pool[slot].refill(kind, text, start, end, this.line, start - this.lineStart, value) : (pool[slot] = new Token(kind, text, start, end, this.line, start - this.lineStart, value));
    }
    this.produced = t;
    return t;
  };
  private readonly error = (start: number, end: number, message: string, code: string) => {
    this.diagnostics.push({ range: { start: this.pos(start), end: this.pos(end) }, severity: 'error', message, code });
  };

  /** The next token; `eof` for ever once the text is done. */
  next(): Token {
    const text = this.text;
    let i = this.i;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      const start = i;
      // space, \t, \f, \v, BOM
      if (c === 32 || c === 9 || c === 12 || c === 11 || c === 0xfeff) {
        i++;
        continue;
      }
      if (c === 10 || c === 13) {
        i += c === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
        this.push('newline', start, i);
        this.line++;
        this.lineStart = i;
      } else if (c === 35) {
        // '#' to the end of the line
        while (i < text.length && code(text, i) !== 10 && code(text, i) !== 13) i++;
        this.push('comment', start, i);
      } else if (c === 34) {
        i = lexString(text, i, this.pos, this.diagnostics, this.push);
      } else if (has(c, DIGIT) || (c === 45 && has(code(text, i + 1), DIGIT))) {
        i = lexNumber(text, i, this.push, this.error);
      } else if (has(c, IDENT_START)) {
        i = lexName(text, i);
        this.push('name', start, i);
      } else {
        // Of the punctuation only '.' also starts an operator ('..'): braces skip the search.
        const ch = text[i];
        const op = c !== 46 && PUNCT.includes(ch) ? undefined : opAt(text, i);
        if (op) {
          i += op.length;
          this.push('op', start, i);
        } else if (PUNCT.includes(ch)) {
          i++;
          this.push('punct', start, i);
        } else {
          // One whole code point, so an emoji's range covers both surrogates.
          const cp = text.codePointAt(i) ?? 0;
          i += cp > 0xffff ? 2 : 1;
          this.push('invalid', start, i);
          this.error(start, i, `unexpected character '${text.slice(start, i)}'`, 'syntax-char');
        }
      }
      this.i = i;
      return this.produced!;
    }
    this.i = i;
    return this.push('eof', i, i);
  }
}

/**
 * Distinct words of a text, found by their characters without slicing them out first (open
 * addressing on a string hash), so a word seen before costs no allocation.
 */
class WordTable {
  private slots: (string | undefined)[] = new Array(256).fill(undefined);
  private count = 0;

  intern(text: string, start: number, end: number): string {
    const mask = this.slots.length - 1;
    for (let slot = hashOf(text, start, end) & mask; ; slot = (slot + 1) & mask) {
      const w = this.slots[slot];
      if (w === undefined) {
        const s = text.slice(start, end);
        this.slots[slot] = s;
        if (++this.count * 2 > this.slots.length) this.grow();
        return s;
      }
      if (w.length === end - start && sameChars(w, text, start)) return w;
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Array(old.length * 2).fill(undefined);
    const mask = this.slots.length - 1;
    for (const w of old) {
      if (w === undefined) continue;
      let slot = hashOf(w, 0, w.length) & mask;
      while (this.slots[slot] !== undefined) slot = (slot + 1) & mask;
      this.slots[slot] = w;
    }
  }
}

function hashOf(text: string, start: number, end: number): number {
  let h = 0;
  for (let i = start; i < end; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return h;
}

function sameChars(word: string, text: string, start: number): boolean {
  for (let i = 0; i < word.length; i++) if (word.charCodeAt(i) !== text.charCodeAt(start + i)) return false;
  return true;
}

function opAt(text: string, i: number): string | undefined {
  for (const o of OPS) if (text.startsWith(o, i)) return o;
  return undefined;
}

function lexName(text: string, i: number): number {
  i++;
  for (;;) {
    const c = code(text, i);
    if (has(c, IDENT_START | DIGIT)) i++;
    // A dash belongs to the name only when a name character follows: `rx-ring`, not `a->b`.
    // Dotted segments may start with a digit: `linux-3.10`.
    else if ((c === 45 || c === 46) && has(code(text, i + 1), IDENT_START | DIGIT)) i++;
    else return i;
  }
}

function lexNumber(
  text: string,
  i: number,
  push: (kind: TokenKind, s: number, e: number) => Token,
  error: (s: number, e: number, m: string, code: string) => void,
): number {
  const start = i;
  if (code(text, i) === 45) i++; // '-'
  let groups = 1;
  while (isDigit(code(text, i))) i++;
  // A dot continues the number only when a digit follows, so `0..5` is `0` `..` `5`.
  while (code(text, i) === 46 && isDigit(code(text, i + 1))) {
    i++;
    groups++;
    while (isDigit(code(text, i))) i++;
  }
  if (groups === 4 && code(text, start) !== 45) {
    push('address', start, i);
    return i;
  }
  while (isUnitChar(code(text, i))) i++;
  if (code(text, i) === 47 && isUnitChar(code(text, i + 1))) {
    // '/' as in `100/s` or `Gbit/s`
    i++;
    while (isUnitChar(code(text, i))) i++;
  }
  // Glued name characters after a unit (`10sx`, `1.5.6`) make the whole word invalid.
  let bad = groups > 2;
  while (has(code(text, i), IDENT_START | DIGIT) || (code(text, i) === 46 && isDigit(code(text, i + 1)))) {
    i++;
    bad = true;
  }
  if (bad) {
    push('invalid', start, i);
    error(start, i, `'${text.slice(start, i)}' is not a number, a number with a unit or an IPv4 address`, 'syntax-number');
  } else push('number', start, i);
  return i;
}

function lexString(
  text: string,
  i: number,
  pos: (o: number) => Position,
  diagnostics: Diagnostic[],
  push: (kind: TokenKind, s: number, e: number, v?: string) => Token,
): number {
  const start = i++;
  let value = '';
  const bad = (s: number, e: number, message: string, code: string) =>
    diagnostics.push({ range: { start: pos(s), end: pos(e) }, severity: 'error', message, code });
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      push('string', start, i + 1, value);
      return i + 1;
    }
    if (c === '\n' || c === '\r') break;
    if (c !== '\\') {
      value += c;
      i++;
      continue;
    }
    const e = text[i + 1] ?? '';
    const simple: Record<string, string> = { '"': '"', '\\': '\\', n: '\n', t: '\t' };
    if (e in simple) {
      value += simple[e];
      i += 2;
    } else if (e === 'u' && text[i + 2] === '{') {
      const close = text.indexOf('}', i + 3);
      const hex = close < 0 ? '' : text.slice(i + 3, close);
      const cp = /^[0-9A-Fa-f]{1,6}$/.test(hex) ? parseInt(hex, 16) : NaN;
      if (cp >= 0 && cp <= 0x10ffff) {
        value += String.fromCodePoint(cp);
        i = close + 1;
      } else {
        bad(i, i + 3, 'bad unicode escape: write \\u{hex} with 1 to 6 hex digits', 'syntax-escape');
        i += 3;
      }
    } else {
      const len = e === '' || e === '\n' || e === '\r' ? 1 : 2;
      bad(i, i + len, `unknown escape '\\${e}': use \\" \\\\ \\n \\t or \\u{…}`, 'syntax-escape');
      if (len === 2) value += e;
      i += len;
    }
  }
  push('string', start, i, value);
  bad(start, i, 'unterminated string: add a closing "', 'syntax-string');
  return i;
}
