// Hand-written lexer. Columns are UTF-16 code units (what JavaScript strings and LSP count);
// `\r\n`, `\n` and a lone `\r` each end a line. Never throws: bad characters become `invalid`
// tokens with a diagnostic.
import type { Token, TokenKind } from './ast';
import type { Diagnostic } from './diagnostics';
import type { Position } from './model';

export interface LexResult {
  tokens: Token[];
  diagnostics: Diagnostic[];
}

const OPS = ['<->', '->', '<=', '>=', '==', '!=', '+-', '..', '<', '>', '=', '±'];
const PUNCT = '{}[]:;.';

function isIdentStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
}
function isIdentChar(c: string): boolean {
  return isIdentStart(c) || (c >= '0' && c <= '9');
}
function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}
function isUnitChar(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === 'µ' || c === 'μ' || c === '%';
}

export function lex(text: string): LexResult {
  const tokens: Token[] = [];
  const diagnostics: Diagnostic[] = [];
  let i = 0;
  let line = 0;
  let lineStart = 0;
  const pos = (offset: number): Position => ({ line, character: offset - lineStart });
  const push = (kind: TokenKind, start: number, end: number, value?: string) => {
    const t: Token = { kind, text: text.slice(start, end), start, end, range: { start: pos(start), end: pos(end) } };
    if (value !== undefined) t.value = value;
    tokens.push(t);
    return t;
  };
  const error = (start: number, end: number, message: string, code: string) => {
    diagnostics.push({ range: { start: pos(start), end: pos(end) }, severity: 'error', message, code });
  };

  while (i < text.length) {
    const c = text[i];
    const start = i;
    if (c === ' ' || c === '\t' || c === '\f' || c === '\v' || c === '\uFEFF') {
      i++;
      continue;
    }
    if (c === '\n' || c === '\r') {
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      // The line break is not part of the line in LSP terms: give it an empty range at its start.
      const t = push('newline', start, i);
      t.range = { start: t.range.start, end: t.range.start };
      line++;
      lineStart = i;
      continue;
    }
    if (c === '#') {
      while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
      push('comment', start, i);
      continue;
    }
    if (c === '"') {
      i = lexString(text, i, pos, diagnostics, push);
      continue;
    }
    if (isDigit(c) || (c === '-' && isDigit(text[i + 1] ?? ''))) {
      i = lexNumber(text, i, push, error);
      continue;
    }
    if (isIdentStart(c)) {
      i = lexName(text, i);
      push('name', start, i);
      continue;
    }
    const op = OPS.find((o) => text.startsWith(o, i));
    if (op) {
      i += op.length;
      push('op', start, i);
      continue;
    }
    if (PUNCT.includes(c)) {
      i++;
      push('punct', start, i);
      continue;
    }
    // One whole code point, so an emoji's range covers both surrogates.
    const cp = text.codePointAt(i) ?? 0;
    i += cp > 0xffff ? 2 : 1;
    push('invalid', start, i);
    error(start, i, `unexpected character '${text.slice(start, i)}'`, 'syntax-char');
  }
  push('eof', i, i);
  return { tokens, diagnostics };
}

function lexName(text: string, i: number): number {
  i++;
  for (;;) {
    const c = text[i] ?? '';
    if (isIdentChar(c)) i++;
    // A dash belongs to the name only when a name character follows: `rx-ring`, not `a->b`.
    else if (c === '-' && isIdentChar(text[i + 1] ?? '')) i++;
    // Dotted segments may start with a digit: `linux-3.10`.
    else if (c === '.' && isIdentChar(text[i + 1] ?? '')) i++;
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
