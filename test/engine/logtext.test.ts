import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LogTexts } from '../../src/engine/logtext';
import type { ConnRecord } from '../../src/engine/conntable';

describe('LogTexts', () => {
  it('gives the text of each endpoint asked for, whatever else shares its cache entry', () => {
    const addrs = ['10.0.0.1', '10.0.0.2', '192.168.0.26', '127.0.0.1'];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(addrs.length - 1), fc.nat(65535)), { maxLength: 300 }), (asks) => {
        const t = new LogTexts();
        for (const [a, port] of asks) expect(t.endpoint(addrs[a], a, port)).toBe(`${addrs[a]}:${port}`);
      }),
    );
    // Ports 4096 apart share an entry (the cache has 4096).
    const t = new LogTexts();
    for (const port of [40000, 44096, 40000, 36000, 44096]) expect(t.endpoint('10.0.0.1', 0, port)).toBe(`10.0.0.1:${port}`);
  });

  it('labels a connection by its own record, also when ids share a cache entry', () => {
    const t = new LogTexts();
    const rec = (id: number) => ({ id, label: `h/app#${id}` }) as unknown as ConnRecord;
    for (const id of [0, 4096, 0, 1, 8192, 4097, 1]) expect(t.label(rec(id))).toBe(`h/app#${id}`);
  });
});
