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

function isIdentStart(c: string): boolean {
  return has(c.charCodeAt(0), IDENT_START);
}
function isIdentChar(c: string): boolean {
  return has(c.charCodeAt(0), IDENT_START | DIGIT);
}
function isDigit(c: string): boolean {
  return has(c.charCodeAt(0), DIGIT);
}
function isUnitChar(c: string): boolean {
  return has(c.charCodeAt(0), UNIT) || c === 'µ' || c === 'μ';
}

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

/** One token at a time, so the parser never holds the whole token list. */
export class Lexer {
  readonly diagnostics: Diagnostic[] = [];
  private i = 0;
  private line = 0;
  private lineStart = 0;
  private produced: Token | null = null;

  constructor(private readonly text: string) {}

  private readonly pos = (offset: number): Position => ({ line: this.line, character: offset - this.lineStart });
  /**
   * One string per distinct word: a large file repeats a few hundred words, and the tree keeps
   * every token's text, so sharing them keeps the heap (and the GC's copying) small.
   */
  private readonly words = new Map<string, string>();
  private readonly push = (kind: TokenKind, start: number, end: number, value?: string): Token => {
    let text = this.text.slice(start, end);
    if (kind === 'name' || kind === 'number' || kind === 'op' || kind === 'address') {
      const known = this.words.get(text);
      if (known === undefined) this.words.set(text, text);
      else text = known;
    }
    const t = new Token(kind, text, start, end, this.line, start - this.lineStart, value);
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
      const c = text[i];
      const start = i;
      if (c === ' ' || c === '\t' || c === '\f' || c === '\v' || c === '\uFEFF') {
        i++;
        continue;
      }
      if (c === '\n' || c === '\r') {
        i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
        this.push('newline', start, i);
        this.line++;
        this.lineStart = i;
      } else if (c === '#') {
        while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
        this.push('comment', start, i);
      } else if (c === '"') {
        i = lexString(text, i, this.pos, this.diagnostics, this.push);
      } else if (isDigit(c) || (c === '-' && isDigit(text[i + 1] ?? ''))) {
        i = lexNumber(text, i, this.push, this.error);
      } else if (isIdentStart(c)) {
        i = lexName(text, i);
        this.push('name', start, i);
      } else {
        // Of the punctuation only '.' also starts an operator ('..'): braces skip the search.
        const op = c !== '.' && PUNCT.includes(c) ? undefined : OPS.find((o) => text.startsWith(o, i));
        if (op) {
          i += op.length;
          this.push('op', start, i);
        } else if (PUNCT.includes(c)) {
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
  if (text[i] === '-') i++;
  let groups = 1;
  while (isDigit(text[i] ?? '')) i++;
  // A dot continues the number only when a digit follows, so `0..5` is `0` `..` `5`.
  while (text[i] === '.' && isDigit(text[i + 1] ?? '')) {
    i++;
    groups++;
    while (isDigit(text[i] ?? '')) i++;
  }
  if (groups === 4 && text[start] !== '-') {
    push('address', start, i);
    return i;
  }
  while (isUnitChar(text[i] ?? '')) i++;
  if (text[i] === '/' && isUnitChar(text[i + 1] ?? '')) {
    i++;
    while (isUnitChar(text[i] ?? '')) i++;
  }
  // Glued name characters after a unit (`10sx`, `1.5.6`) make the whole word invalid.
  let bad = groups > 2;
  while (isIdentChar(text[i] ?? '') || text[i] === '.' && isDigit(text[i + 1] ?? '')) {
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
