// The server's two-layer analysis: completion and catalogue hovers read the parse only, so after
// an edit they never wait for the semantic check; names of hosts and apps do need it.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cursorContext, parse } from '../../src/dsl';
import { AnalysisCache, analyzeText, blocksUnchanged, DocumentAnalysis } from '../../src/server/analysis';
import { complete } from '../../src/server/completion';
import { hover } from '../../src/server/hover';

const TEXT = `scenario "s" {
  kernel linux-4.19
  duration 10s
}
host server {
  sysctl net.core.somaxconn = 64
  app nc {
    listen tcp 80 backlog 10
  }
}
expect server.TcpExtListenOverflows == 0
expect server.nc.accepted == 0
`;

const pos = (needle: string, shift = 0) => {
  const before = TEXT.slice(0, TEXT.indexOf(needle) + shift).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
};

describe('document analysis layers', () => {
  it('completion and catalogue hovers use the parse only', () => {
    const a = analyzeText('file:///x.netscenario', 1, TEXT);
    const labels = complete(a, pos('TcpExt', 3), { snippets: false }).map((i) => i.label);
    expect(labels).toEqual(expect.arrayContaining(['nc', 'TcpExtListenOverflows']));
    expect(hover(a, pos('TcpExtListenOverflows', 4), undefined)).not.toBeNull();
    expect(hover(a, pos('accepted', 2), undefined)).not.toBeNull();
    expect(hover(a, pos('listen'), undefined)).not.toBeNull();
    expect(a.isChecked).toBe(false);
  });

  it('a host name needs the check, and the check runs once', () => {
    const a = analyzeText('file:///x.netscenario', 1, TEXT);
    expect(JSON.stringify(hover(a, pos('server.nc', 2), undefined))).toContain('host server');
    expect(a.isChecked).toBe(true);
    expect(a.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(a.diagnostics).toBe(a.diagnostics);
  });
});

describe('completion right after an edit', () => {
  it('knows when the last parse still gives every block', () => {
    const line = (text: string, n: number) => text.split('\n')[n];
    const edit = (n: number, to: string) => TEXT.split('\n').map((l, i) => (i === n ? to : l)).join('\n');
    expect(line(TEXT, 7)).toBe('    listen tcp 80 backlog 10');
    expect(blocksUnchanged(TEXT, edit(7, '    listen tcp 80 backlog 100'))).toBe(true);
    expect(blocksUnchanged(TEXT, edit(7, '    listen tcp 80 # "unterminated'))).toBe(true);
    expect(blocksUnchanged(TEXT, TEXT)).toBe(true);
    // A line break or a brace typed, or an edit on a line that opens or closes a block: re-parse.
    expect(blocksUnchanged(TEXT, edit(7, '    listen tcp 80\n    backlog 10'))).toBe(false);
    expect(blocksUnchanged(TEXT, edit(7, '    listen tcp 80 backlog 10 {'))).toBe(false);
    expect(blocksUnchanged(TEXT, edit(6, '  app ncat {'))).toBe(false);
    expect(blocksUnchanged(TEXT, TEXT.replace('backlog 10\n  }', 'backlog 10  }'))).toBe(false);
    expect(blocksUnchanged(TEXT.replace(/\n/g, '\r\n'), TEXT.replace(/\n/g, '\r\n').replace('10\r\n', '10\r'))).toBe(false);
  });

  it('finds the edited span as a character-by-character comparison does', () => {
    const naive = (a: string, b: string) => {
      let head = 0;
      while (head < Math.min(a.length, b.length) && a[head] === b[head]) head++;
      let tail = 0;
      while (tail < Math.min(a.length, b.length) - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
      const changed = (s: string) => s.slice(head, s.length - tail);
      const lineStart = a.lastIndexOf('\n', head - 1) + 1;
      const lineEnd = a.indexOf('\n', a.length - tail);
      const line = a.slice(lineStart, lineEnd < 0 ? a.length : lineEnd);
      return !/[\n{}]/.test(changed(a) + changed(b)) && !/[{}]/.test(line);
    };
    const text = fc.string({ unit: fc.constantFrom('a', 'b', ' ', '{', '}', '\n'), maxLength: 30 }); // no \r: the naive version splits lines on \n only
    fc.assert(fc.property(text, text, (a, b) => blocksUnchanged(a, b) === naive(a, b)), { numRuns: 2000, seed: 3 });
  });

  it('gives the same cursor context from the last parse as from a fresh one, whenever it is used', () => {
    const text = readFileSync(join(__dirname, '..', '..', 'examples', 'somaxconn-nc.netscenario'), 'utf8');
    const old = parse(text).file;
    const lines = text.split('\n');
    const typed = fc.string({ unit: fc.constantFrom('a', 'z', '.', ' ', '1', 's', '{', '}', '"', '#', ';', ':', '[', '\n', '=') , maxLength: 6 });
    let reused = 0;
    fc.assert(
      fc.property(fc.nat(lines.length - 1), fc.nat(80), fc.nat(4), typed, (n, at, cut, inserted) => {
        const l = lines[n];
        const from = Math.min(at, l.length);
        const edited = [...lines.slice(0, n), l.slice(0, from) + inserted + l.slice(from + cut), ...lines.slice(n + 1)].join('\n');
        if (!blocksUnchanged(text, edited)) return;
        reused++;
        const fresh = parse(edited).file;
        const editedLines = edited.split('\n');
        // Every position of the edited line, and the start and end of every other line.
        const positions = [
          ...Array.from({ length: editedLines[n].length + 1 }, (_, character) => ({ line: n, character })),
          ...editedLines.flatMap((e, line) => [{ line, character: 0 }, { line, character: e.length }]),
        ];
        for (const p of positions) expect(cursorContext(edited, old, p)).toEqual(cursorContext(edited, fresh, p));
      }),
      { numRuns: 300, seed: 7 },
    );
    expect(reused).toBeGreaterThan(100);
  });

  it('offers the same items from the cache right after an edit as from a fresh analysis', () => {
    const cache = new AnalysisCache();
    const uri = 'file:///x.netscenario';
    cache.get(uri, 1, () => TEXT);
    const edited = TEXT.replace('listen tcp 80 backlog 10', 'listen tcp 80 backlog 10 ');
    const p = pos('backlog 10', 11);
    const view = cache.forCompletion(uri, 2, () => edited);
    expect(view).not.toBeInstanceOf(DocumentAnalysis);
    expect(complete(view, p, { snippets: true })).toEqual(complete(analyzeText(uri, 2, edited), p, { snippets: true }));
    // A brace typed: a fresh parse, kept for the requests that follow.
    const braced = TEXT.replace('app nc {', 'app nc { ');
    expect(cache.forCompletion(uri, 3, () => braced)).toBe(cache.peek(uri));
    expect(cache.peek(uri)?.version).toBe(3);
  });
});
