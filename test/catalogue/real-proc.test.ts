// The catalogue against this machine's real kernel (6.18 here): every /proc/net counter that the
// catalogue places on linux-6.8 must be found where it says, and every linux-6.8 sysctl must exist
// with the declared number of fields. Later kernels only add to these files, so a miss means a
// wrong section or field name in the catalogue.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COUNTERS, counterExists, sysctlsOn } from '../../src/dsl/catalogue';

/** /proc/net/netstat and /proc/net/snmp print pairs of lines: "Sec: F1 F2 …" then "Sec: v1 v2 …". */
function headerFields(text: string): Map<string, Set<string>> {
  const sections = new Map<string, Set<string>>();
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  for (let i = 0; i + 1 < lines.length; i += 2) {
    const [head, ...fields] = lines[i].split(/\s+/);
    const [valueHead, ...values] = lines[i + 1].split(/\s+/);
    expect(valueHead, `line ${i + 2}`).toBe(head);
    expect(values.length, `values of ${head}`).toBe(fields.length);
    sections.set(head.replace(/:$/, ''), new Set(fields));
  }
  return sections;
}

function readProc(path: string): string {
  if (!existsSync(path)) throw new Error(`${path} is missing: these tests need a Linux /proc`);
  return readFileSync(path, 'utf8');
}

describe('catalogue against this machine', () => {
  for (const source of ['/proc/net/netstat', '/proc/net/snmp'] as const) {
    it(`finds every linux-6.8 counter of ${source} by section and field`, () => {
      const sections = headerFields(readProc(source));
      const wanted = COUNTERS.filter((c) => c.source === source && counterExists(c, 'linux-6.8'));
      expect(wanted.length).toBeGreaterThan(0);
      for (const c of wanted) {
        expect(sections.get(c.section)?.has(c.field), `${c.name}: ${c.section} ${c.field}`).toBe(true);
      }
    });
  }

  it('finds the softnet_stat columns on every CPU line', () => {
    const lines = readProc('/proc/net/softnet_stat').trim().split('\n');
    const columns = Math.max(...COUNTERS.filter((c) => c.source === '/proc/net/softnet_stat').map((c) => c.column ?? 0));
    for (const line of lines) {
      const fields = line.trim().split(/\s+/);
      expect(fields.length).toBeGreaterThan(columns);
      for (const f of fields) expect(f).toMatch(/^[0-9a-f]{8}$/);
    }
  });

  it('finds every linux-6.8 sysctl under /proc/sys with its arity', () => {
    for (const s of sysctlsOn('linux-6.8')) {
      const path = `/proc/sys/${s.name.replace(/\./g, '/')}`;
      const fields = readProc(path).trim().split(/\s+/);
      expect(fields.length, s.name).toBe(s.arity);
      for (const f of fields) expect(f, s.name).toMatch(/^-?\d+$/);
    }
  });
});
