import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze, cursorContext, keywordDoc, KEYWORDS, occurrences, symbolAt } from '../../src/dsl';

const text = readFileSync('test/fixtures/dsl/full.netscenario', 'utf8');
const lines = text.split('\n');
const at = (lineText: string, col: number) => ({ line: lines.indexOf(lineText), character: col });

describe('symbols', () => {
  const r = analyze(text, 'full.netscenario');

  it('lists definitions for the outline, apps and nics under their host', () => {
    expect(r.symbols.definitions.map((d) => `${d.kind}:${d.qualifiedName}`)).toEqual([
      'scenario:nc with listen(fd, 10) and ulimit -n 9',
      'host:server',
      'host:client',
      'host:c1',
      'link:client<->server',
      'nat:office',
    ]);
    expect(r.symbols.definitions[1].children.map((d) => `${d.kind}:${d.qualifiedName}`)).toEqual(['nic:server.eth0', 'app:server.nc', 'app:server.dns']);
    const server = r.symbols.definitions[1];
    expect(server.selectionRange).toEqual({ start: { line: 8, character: 5 }, end: { line: 8, character: 11 } });
  });

  it('resolves each use of a host or app to its definition', () => {
    const stop = at('at 30s stop server.nc', 0);
    const onApp = symbolAt(r.symbols, { line: stop.line, character: 20 });
    expect(onApp?.target).toBe('server.nc');
    const onHost = symbolAt(r.symbols, { line: stop.line, character: 13 });
    expect(onHost?.target).toBe('server');
    const all = occurrences(r.symbols, 'server.nc');
    expect(all.map((x) => lines[x.start.line].slice(x.start.character, x.end.character))).toEqual(['nc', 'nc', 'nc', 'nc', 'nc']);
    const hostUses = occurrences(r.symbols, 'server');
    expect(hostUses.length).toBe(12);
    expect(hostUses.every((x) => lines[x.start.line].slice(x.start.character, x.end.character) === 'server')).toBe(true);
  });
});

describe('keyword docs', () => {
  it('documents every keyword with syntax, doc, example and where it is valid', () => {
    for (const k of KEYWORDS) {
      expect(k.syntax.startsWith(k.name), k.name).toBe(true);
      expect(k.doc.length, k.name).toBeGreaterThan(20);
      expect(k.example, k.name).toContain(k.name === 'used' ? 'used' : k.name);
      expect(k.where.length, k.name).toBeGreaterThan(0);
    }
    expect(keywordDoc('rate', 'udp-send')!.where).toContain('udp-send');
  });
});

describe('cursor context', () => {
  const r = analyze(text, 'full.netscenario');
  const ctx = (lineText: string, col: number, src = text, ast = r.ast) => cursorContext(src, ast, { line: src.split('\n').indexOf(lineText), character: col });

  it('knows the enclosing block at the start of a statement', () => {
    expect(ctx('    read all', 4)).toMatchObject({ kind: 'keyword', context: 'app', host: 'server', app: 'nc' });
    expect(ctx('  address 192.168.0.26', 2)).toMatchObject({ kind: 'keyword', context: 'host', host: 'server' });
    expect(ctx('  kernel linux-3.10', 2)).toMatchObject({ kind: 'keyword', context: 'scenario' });
    expect(ctx('', 0)).toMatchObject({ kind: 'keyword', context: 'top' });
  });

  it('knows what comes after a keyword', () => {
    expect(ctx('  sysctl net.core.somaxconn = 128', 9)).toMatchObject({ kind: 'sysctl', host: 'server' });
    expect(ctx('  sysctl net.core.somaxconn = 128', 20)).toMatchObject({ kind: 'sysctl', word: { text: 'net.core.so', range: { start: { character: 9 } } } });
    expect(ctx('  kernel linux-3.10', 9)).toMatchObject({ kind: 'value', values: ['linux-3.10', 'linux-4.19', 'linux-6.8'] });
    expect(ctx('expect server.TcpExtListenOverflows >= 10', 7)).toMatchObject({ kind: 'host' });
    expect(ctx('expect server.TcpExtListenOverflows >= 10', 17)).toMatchObject({ kind: 'counter-or-app', host: 'server', word: { text: 'Tcp' } });
    expect(ctx('expect server.nc.accepted == 4', 20)).toMatchObject({ kind: 'metric', host: 'server', app: 'nc', word: { text: 'acc' } });
    expect(ctx('expect client.load[0].errno == ETIMEDOUT', 25)).toMatchObject({ kind: 'field', host: 'client', app: 'load' });
    expect(ctx('expect client.load[0].errno == ETIMEDOUT', 31)).toMatchObject({ kind: 'value', values: expect.arrayContaining(['ETIMEDOUT']) });
    expect(ctx('at 30s stop server.nc', 19)).toMatchObject({ kind: 'app', host: 'server' });
    expect(ctx('    listen tcp 8080 backlog 10', 20)).toMatchObject({ kind: 'keyword', context: 'listen' });
    expect(ctx('    listen tcp 8080 backlog 10', 13)).toMatchObject({ kind: 'value', values: ['tcp'] });
    expect(ctx('link client <-> server latency 500us jitter 50us loss 0.1% rate 1Gbit/s', 16)).toMatchObject({ kind: 'host' });
    expect(ctx('    udp bind 5000 rcvbuf 64KiB read 1000/s', 29)).toMatchObject({ kind: 'unit', word: { text: 'Ki' } });
    expect(ctx('# Every construct of the language in one file.', 10)).toMatchObject({ kind: 'none' });
  });

  it('works on half-typed text with syntax errors', () => {
    const src = 'host a {\n  app b {\n    sysctl net.\n';
    const a = analyze(src, 'x');
    expect(cursorContext(src, a.ast, { line: 2, character: 15 })).toMatchObject({ kind: 'sysctl', host: 'a', app: 'b' });
    expect(cursorContext(src, a.ast, { line: 3, character: 0 })).toMatchObject({ kind: 'keyword', context: 'app' });
  });
});
