import { describe, expect, it } from 'vitest';
import { parse } from '../../src/dsl/parser';
import type { NameArg } from '../../src/dsl/ast';

describe('parser', () => {
  it('builds statements with args and blocks', () => {
    const { file, diagnostics } = parse('host server {\n  app nc { listen tcp 8080 backlog 10 }\n}\n');
    expect(diagnostics).toEqual([]);
    const host = file.statements[0];
    expect(host.keyword.text).toBe('host');
    const app = host.block!.statements[0];
    expect(app.block!.statements[0].args.map((a) => a.kind)).toEqual(['name', 'number', 'name', 'number']);
  });

  it('parses endpoints, paths with indexes and ranges', () => {
    const { file, diagnostics } = parse('expect client.load[15..24].send_q == 4\nconnect tcp server:8080\ndrop syn between 0s..30s');
    expect(diagnostics).toEqual([]);
    const subj = file.statements[0].args[0] as NameArg;
    expect(subj.parts.map((p) => p.text)).toEqual(['client', 'load', 'send_q']);
    expect(subj.parts[1].index).toMatchObject({ from: 15, to: 24 });
    expect(file.statements[1].args[1]).toMatchObject({ kind: 'endpoint', host: { text: 'server' }, port: { value: 8080 } });
    expect(file.statements[2].args[2]).toMatchObject({ kind: 'range', from: { text: '0s' }, to: { text: '30s' } });
  });

  it('accepts `;` separators and a block opened on the next line', () => {
    const { file, diagnostics } = parse('seed 1; duration 2s\nhost a\n{\n  address 10.0.0.1\n}');
    expect(diagnostics).toEqual([]);
    expect(file.statements.map((s) => s.keyword.text)).toEqual(['seed', 'duration', 'host']);
    expect(file.statements[2].block!.statements).toHaveLength(1);
  });

  it('recovers: reports every error and still builds the tree', () => {
    const text = ['host a {', '  address ]', '  ) bad', '  app x {', '    listen tcp 80', '  }', '}', '}', 'expect a.b[ == 1', 'host b {'].join('\n');
    const { file, diagnostics } = parse(text);
    expect(diagnostics.length).toBeGreaterThanOrEqual(5);
    expect(diagnostics.map((d) => d.range.start.line)).toEqual(expect.arrayContaining([1, 2, 7, 8, 9]));
    expect(file.statements.map((s) => s.keyword.text)).toEqual(['host', 'expect', 'host']);
    expect(file.statements[0].block!.statements.map((s) => s.keyword.text)).toEqual(['address', 'app']);
    expect(diagnostics.find((d) => d.range.start.line === 9)!.message).toMatch(/never closed/);
  });

  it('keeps positions right with CRLF, tabs and non-ASCII text', () => {
    const text = 'scenario "héllo 😀" {\r\n\tkernel linux-3.10\r\n}\r\n# ünïcode 😀 comment\r\nhost\ta { address 10.0.0.1 }';
    const { file, diagnostics } = parse(text);
    expect(diagnostics).toEqual([]);
    expect(file.statements[0].args[0]).toMatchObject({ kind: 'string', value: 'héllo 😀' });
    expect(file.statements[0].args[0].range.end).toEqual({ line: 0, character: 19 });
    const kernel = file.statements[0].block!.statements[0];
    expect(kernel.keyword.range).toEqual({ start: { line: 1, character: 1 }, end: { line: 1, character: 7 } });
    const host = file.statements[1];
    expect(host.range.start).toEqual({ line: 4, character: 0 });
    expect(host.args[0].range.start).toEqual({ line: 4, character: 5 });
    expect(file.comments[0].range.start).toEqual({ line: 3, character: 0 });
    const addr = host.block!.statements[0].args[0];
    expect(text.split('\r\n')[4].slice(addr.range.start.character, addr.range.end.character)).toBe('10.0.0.1');
  });

  it('gives the range of a bad token after an emoji in UTF-16 units', () => {
    const { diagnostics } = parse('host "😀" ]');
    expect(diagnostics[0].range.start).toEqual({ line: 0, character: 10 });
  });
});

describe('parser limits', () => {
  it('survives deeply nested and very long input', () => {
    const deep = parse('{'.repeat(100_000) + '}'.repeat(100_000));
    expect(deep.diagnostics.some((d) => d.code === 'internal-error')).toBe(false);
    const nested = parse('host a {\n'.repeat(50_000));
    expect(nested.diagnostics.some((d) => d.code === 'internal-error')).toBe(false);
    expect(nested.diagnostics.some((d) => d.message.includes('nested more than'))).toBe(true);
    const long = parse('expect ' + 'a.'.repeat(50_000) + 'b == 1');
    expect(long.file.statements).toHaveLength(1);
  });
});
