import { describe, expect, it } from 'vitest';
import { lex } from '../../src/dsl/lexer';
import { parse } from '../../src/dsl/parser';

const kinds = (text: string) => lex(text).tokens.filter((t) => t.kind !== 'eof').map((t) => `${t.kind}:${t.text}`);

describe('lexer', () => {
  it('splits names, dotted names, numbers with units, addresses and operators', () => {
    expect(kinds('sysctl net.core.somaxconn = 128')).toEqual(['name:sysctl', 'name:net.core.somaxconn', 'op:=', 'number:128']);
    expect(kinds('kernel linux-3.10')).toEqual(['name:kernel', 'name:linux-3.10']);
    expect(kinds('1.5s 4B 64KiB 100/s 10MiB/s 1Gbit/s 0.5% 20µs')).toEqual([
      'number:1.5s', 'number:4B', 'number:64KiB', 'number:100/s', 'number:10MiB/s', 'number:1Gbit/s', 'number:0.5%', 'number:20µs',
    ]);
    expect(kinds('192.168.0.26 10.0.0.2:80')).toEqual(['address:192.168.0.26', 'address:10.0.0.2', 'punct::', 'number:80']);
    expect(kinds('a <-> b == != <= >= < > ± +- ..')).toEqual([
      'name:a', 'op:<->', 'name:b', 'op:==', 'op:!=', 'op:<=', 'op:>=', 'op:<', 'op:>', 'op:±', 'op:+-', 'op:..',
    ]);
  });

  it('keeps `..` out of numbers and `-` out of names before `>`', () => {
    expect(kinds('0s..60s')).toEqual(['number:0s', 'op:..', 'number:60s']);
    expect(kinds('[10..19]')).toEqual(['punct:[', 'number:10', 'op:..', 'number:19', 'punct:]']);
    expect(kinds('rx-ring a->b')).toEqual(['name:rx-ring', 'name:a', 'op:->', 'name:b']);
  });

  it('decodes string escapes and reports bad ones', () => {
    const r = lex('"a\\"b\\\\c\\n\\t\\u{1F600}"');
    expect(r.tokens[0].value).toBe('a"b\\c\n\t😀');
    expect(r.diagnostics).toEqual([]);
    const bad = lex('"x\\q" "open');
    expect(bad.diagnostics.map((d) => d.code)).toEqual(['syntax-escape', 'syntax-string']);
  });

  it('treats comments, CRLF and lone CR as the language says', () => {
    const r = lex('a # c\r\nb\rc');
    expect(r.tokens.map((t) => t.kind)).toEqual(['name', 'comment', 'newline', 'name', 'newline', 'name', 'eof']);
    expect(r.tokens[3].range.start).toEqual({ line: 1, character: 0 });
    expect(r.tokens[5].range.start).toEqual({ line: 2, character: 0 });
  });

  it('reports a bad character as one code point', () => {
    const r = lex('a 😀 b');
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0].range).toEqual({ start: { line: 0, character: 2 }, end: { line: 0, character: 4 } });
    expect(r.tokens.find((t) => t.text === 'b')!.range.start.character).toBe(5);
  });

  it('rejects malformed numbers', () => {
    expect(lex('1.2.3').diagnostics[0].code).toBe('syntax-number');
    expect(lex('10s_x').diagnostics[0].code).toBe('syntax-number');
    expect(lex('10sx').tokens[0]).toMatchObject({ kind: 'number', text: '10sx' }); // unknown unit: the checker reports it
  });

  it('keeps words apart whose hashes meet', () => {
    // The word table trusts the hash of a short ASCII word; `1µs` (with U+00B5) hashes like `05s`
    // before its non-ASCII mark, and `Aa`/`BB` collide in a plain polynomial hash.
    const text = '1µs 05s 1μs Aa BB h12 h13 h12 net.core.somaxconn net.core.somaxconm';
    const r = lex(text);
    expect(r.tokens.filter((t) => t.kind !== 'eof').map((t) => t.text)).toEqual(text.split(' '));
    expect(parse(`x ${text}`).file.statements[0].args.flatMap((a) => (a.kind === 'number' ? [a.unit] : []))).toEqual(['µs', 's', 'μs']);
  });
});
