// The server's two-layer analysis: completion and catalogue hovers read the parse only, so after
// an edit they never wait for the semantic check; names of hosts and apps do need it.
import { describe, expect, it } from 'vitest';
import { analyzeText } from '../../src/server/analysis';
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
