// Hand-written lexer. Columns are UTF-16 code units (what JavaScript strings and LSP count);
// `\r\n`, `\n` and a lone `\r` each end a line. Never throws: bad characters become `invalid`
// tokens with a diagnostic.
import { Token, type TokenKind } from './ast';
import type { Diagnostic } from './diagnostics';
import type { Position } from './model';
import { keywordContextSet } from './keywords';
import { VOCABULARY } from './vocabulary';

export interface LexResult {
  tokens: Token[];
  diagnostics: Diagnostic[];
}

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

/**
 * About how much text brings one word the language does not define (a host, app or address):
 * the word table starts with room for that many, so a large file does not rehash it as it grows.
 */
const CHARACTERS_PER_NEW_WORD = 128;

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

  private readonly pool: Token[] | null;
  private poolNext = 0;
  /** The token made last, for the scanners that hand theirs to `push`. */
  private produced: Token | null = null;
  /**
   * One string per distinct word: a large file repeats a few hundred words, and the tree keeps
   * every token's text, so sharing them keeps the heap (and the GC's copying) small.
   */
  private readonly words: WordTable;

  constructor(
    private readonly text: string,
    pooled = false,
  ) {
    this.pool = pooled ? [] : null;
    this.words = new WordTable(SEEDED, text.length / CHARACTERS_PER_NEW_WORD);
  }

  private readonly pos = (offset: number): Position => ({ line: this.line, character: offset - this.lineStart });
  private readonly push = (kind: TokenKind, start: number, end: number, value?: string): Token =>
    this.token(kind, kind === 'number' || kind === 'address' ? this.words.internSlice(this.text, start, end) : this.text.slice(start, end), start, end, value);
  private readonly error = (start: number, end: number, message: string, code: string) => {
    this.diagnostics.push({ range: { start: this.pos(start), end: this.pos(end) }, severity: 'error', message, code });
  };

  private token(kind: TokenKind, text: string, start: number, end: number, value?: string): Token {
    const pool = this.pool;
    const character = start - this.lineStart;
    let t: Token;
    if (pool === null) t = new Token(kind, text, start, end, this.line, character, value);
    else {
      const slot = this.poolNext;
      this.poolNext = slot === POOL_SIZE - 1 ? 0 : slot + 1;
      t = slot < pool.length ? pool[slot].refill(kind, text, start, end, this.line, character, value) : (pool[slot] = new Token(kind, text, start, end, this.line, character, value));
    }
    this.produced = t;
    return t;
  }

  /** The shared copy of `s.slice(start, end)`, for words the parser cuts out of tokens. */
  intern(s: string, start: number, end: number): string {
    return this.words.internSlice(s, start, end);
  }

  /** The next token; `eof` for ever once the text is done. */
  next(): Token {
    const text = this.text;
    const n = text.length;
    let i = this.i;
    let c = 0;
    for (; i < n; i++) {
      c = text.charCodeAt(i);
      // Space, \t, \v, \f and BOM are skipped; a token's first character is mostly above a
      // space, and then one test tells it.
      if (c > 32 ? c !== 0xfeff : c !== 32 && c !== 9 && c !== 11 && c !== 12) break;
    }
    const start = i;
    if (i >= n) {
      this.i = i;
      return this.token('eof', '', i, i);
    }
    let t: Token;
    if (c < 128 && (CLASS[c] & IDENT_START) !== 0) {
      // A name: its hash is computed while scanning, so interning reads the characters once.
      let h = c; // hashStep(0, c)
      i++;
      for (;;) {
        const d = text.charCodeAt(i);
        // A dash belongs to the name only when a name character follows: `rx-ring`, not `a->b`.
        // Dotted segments may start with a digit: `linux-3.10`.
        if (d < 128 && ((CLASS[d] & (IDENT_START | DIGIT)) !== 0 || ((d === 45 || d === 46) && has(text.charCodeAt(i + 1), IDENT_START | DIGIT)))) {
          h = hashStep(h, d);
          i++;
        } else break;
      }
      // Names are ASCII, so a short one is told apart by its hash alone (see hashStep).
      t = this.token('name', this.words.intern(text, start, i, h, i - start <= 4), start, i);
      t.contexts = this.words.lastContexts;
    } else if (c === 10 || c === 13) {
      const crlf = c === 13 && text.charCodeAt(i + 1) === 10;
      i += crlf ? 2 : 1;
      t = this.token('newline', crlf ? '\r\n' : c === 10 ? '\n' : '\r', start, i);
      this.line++;
      this.lineStart = i;
    } else if (has(c, DIGIT) || (c === 45 && has(code(text, i + 1), DIGIT))) {
      i = lexNumber(text, i, this.push, this.error);
      t = this.produced!;
    } else if (c === 123 || c === 125 || c === 91 || c === 93 || c === 58 || c === 59) {
      // { } [ ] : ;
      i++;
      t = this.token('punct', text[start], start, i);
    } else {
      const op = opAt(text, i, c);
      if (op !== null) {
        i += op.length;
        t = this.token('op', op, start, i);
      } else if (c === 46) {
        i++;
        t = this.token('punct', '.', start, i);
      } else if (c === 35) {
        // '#' to the end of the line
        while (i < n && code(text, i) !== 10 && code(text, i) !== 13) i++;
        t = this.push('comment', start, i);
      } else if (c === 34) {
        i = lexString(text, i, this.pos, this.diagnostics, this.push);
        t = this.produced!;
      } else {
        // One whole code point, so an emoji's range covers both surrogates.
        const cp = text.codePointAt(i) ?? 0;
        i += cp > 0xffff ? 2 : 1;
        t = this.push('invalid', start, i);
        this.error(start, i, `unexpected character '${text.slice(start, i)}'`, 'syntax-char');
      }
    }
    this.i = i;
    return t;
  }
}

/**
 * Distinct words of a text, found by their characters without slicing them out first (open
 * addressing on a string hash), so a word seen before costs no allocation. The full hash of each
 * slot is kept too: words like `h12` and `h13` land side by side, and comparing hashes first
 * spares comparing their characters.
 */
class WordTable {
  private slots: (string | undefined)[];
  private hashes: Int32Array;
  /** Per slot, where the word is a keyword (keywordContextSet), looked up once per distinct word. */
  private contexts: Int32Array;
  private count: number;
  /** The keyword contexts of the word `intern` returned last. */
  lastContexts = 0;

  /** A table holding `from`'s words, with room for about `more` others before it grows. */
  constructor(from?: WordTable, more = 0) {
    const size = from ? tableSize(from.count + more) : 256;
    if (from && size === from.slots.length) {
      this.slots = from.slots.slice();
      this.hashes = from.hashes.slice();
      this.contexts = from.contexts.slice();
    } else {
      this.slots = new Array(size).fill(undefined);
      this.hashes = new Int32Array(size);
      this.contexts = new Int32Array(size);
      if (from) this.rehash(from.slots, from.hashes, from.contexts);
    }
    this.count = from ? from.count : 0;
  }

  /**
   * `hash` is hashOf(text, start, end), which the caller may have computed while scanning;
   * `exact` says that it identifies the word among words of its length (see hashStep).
   */
  intern(text: string, start: number, end: number, hash: number, exact: boolean): string {
    const h = mix(hash);
    const mask = this.slots.length - 1;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const w = this.slots[slot];
      // Every keyword is seeded (see SEEDED), so a word first met in a text is none.
      if (w === undefined) return this.fill(slot, h, text.slice(start, end), 0);
      if (this.hashes[slot] === h && w.length === end - start && (exact || sameChars(w, text, start))) {
        this.lastContexts = this.contexts[slot];
        return w;
      }
    }
  }

  /** `intern` for a slice whose hash is not known yet. */
  internSlice(text: string, start: number, end: number): string {
    const h = hashOf(text, start, end);
    return this.intern(text, start, end, h, end - start <= 4 && h >>> 0 < 1 << 28);
  }

  /** Adds this very string (not a copy), unless an equal one is there. */
  add(word: string): void {
    this.fill(-1, 0, word, keywordContextSet(word));
  }

  private fill(slot: number, h: number, word: string, contexts: number): string {
    if (slot < 0) {
      h = mix(hashOf(word, 0, word.length));
      const mask = this.slots.length - 1;
      for (slot = h & mask; this.slots[slot] !== undefined; slot = (slot + 1) & mask) if (this.slots[slot] === word) return word;
    }
    this.slots[slot] = word;
    this.hashes[slot] = h;
    this.contexts[slot] = this.lastContexts = contexts;
    if (++this.count * 2 > this.slots.length) this.grow();
    return word;
  }

  private grow(): void {
    const { slots, hashes, contexts } = this;
    this.slots = new Array(slots.length * 2).fill(undefined);
    this.hashes = new Int32Array(slots.length * 2);
    this.contexts = new Int32Array(slots.length * 2);
    this.rehash(slots, hashes, contexts);
  }

  /** Puts the words of a smaller table, given by its columns, into this one. */
  private rehash(slots: (string | undefined)[], hashes: Int32Array, contexts: Int32Array): void {
    const mask = this.slots.length - 1;
    for (let k = 0; k < slots.length; k++) {
      const w = slots[k];
      if (w === undefined) continue;
      let slot = hashes[k] & mask;
      while (this.slots[slot] !== undefined) slot = (slot + 1) & mask;
      this.slots[slot] = w;
      this.hashes[slot] = hashes[k];
      this.contexts[slot] = contexts[k];
    }
  }
}

/** Slots for `words` words: a power of two, at most half full (the load `fill` grows at). */
function tableSize(words: number): number {
  let size = 256;
  while (words * 2 > size) size *= 2;
  return size;
}

/** The language's own words, as the literals V8 internalised; each lexer starts from a copy. */
const SEEDED = new WordTable();
for (const w of VOCABULARY) SEEDED.add(w);

/** Whether `text` has `w` at `start`: a loop the JIT inlines, cheaper than a startsWith call for short words. */
function sameChars(w: string, text: string, start: number): boolean {
  for (let k = w.length - 1; k >= 0; k--) if (w.charCodeAt(k) !== text.charCodeAt(start + k)) return false;
  return true;
}

/** Spreads a word hash over all bits (murmur3's finaliser, a bijection), so neighbours do not cluster. */
function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** hashStep over the text; a word with a non-ASCII character gets the top bit set (see hashStep). */
function hashOf(text: string, start: number, end: number): number {
  let h = 0;
  let wide = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    wide |= c;
    h = hashStep(h, c);
  }
  return wide >= 128 ? h | 0x80000000 : h;
}

/**
 * Rotate by 7 bits, then add the character: up to four ASCII characters (7 bits each) fill 28
 * bits without overlap, so for such words equal hashes mean equal words and interning skips
 * comparing characters; longer words still mix every character in. hashOf marks words with
 * wider characters in the top bit, which a short ASCII word's hash never has, so the two never
 * match without a comparison.
 */
function hashStep(h: number, c: number): number {
  return ((h << 7) | (h >>> 25)) ^ c;
}

/** The operator at `i` (whose code unit is `c`), longest first: `<->` before `<=` before `<`. */
function opAt(text: string, i: number, c: number): string | null {
  const d = text.charCodeAt(i + 1);
  switch (c) {
    case 60: // <
      return d === 45 && text.charCodeAt(i + 2) === 62 ? '<->' : d === 61 ? '<=' : '<';
    case 62: // >
      return d === 61 ? '>=' : '>';
    case 61: // =
      return d === 61 ? '==' : '=';
    case 45: // -
      return d === 62 ? '->' : null;
    case 33: // !
      return d === 61 ? '!=' : null;
    case 43: // +
      return d === 45 ? '+-' : null;
    case 46: // .
      return d === 46 ? '..' : null;
    case 0xb1: // ±
      return '±';
    default:
      return null;
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
