import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SockTable } from '../../src/engine/socktable';
import { AddressIds } from '../../src/engine/world';

const ids = new AddressIds();
const e = (laddr: string, lport: number, raddr: string, rport: number) => ({ laddrId: ids.id(laddr), lport, raddrId: ids.id(raddr), rport });
/** `get` by address strings (the table itself takes their numbers). */
const get = (t: SockTable<ReturnType<typeof e>>, h: number, laddr: string, lport: number, raddr: string, rport: number) => t.get(h, ids.id(laddr), lport, ids.id(raddr), rport);

describe('SockTable', () => {
  it('finds by 4-tuple, keeps colliding tuples apart, deletes by identity', () => {
    const t = new SockTable<ReturnType<typeof e>>(ids);
    const a = e('10.0.0.2', 80, '10.0.0.1', 40000);
    const b = e('10.0.0.2', 80, '10.0.0.9', 40000);
    const h = 12345; // force a collision: both in one slot
    t.set(h, a);
    t.set(h, b);
    expect(get(t, h, '10.0.0.2', 80, '10.0.0.1', 40000)).toBe(a);
    expect(get(t, h, '10.0.0.2', 80, '10.0.0.9', 40000)).toBe(b);
    expect(get(t, h, '10.0.0.2', 80, '10.0.0.9', 40001)).toBeUndefined();
    const a2 = e('10.0.0.2', 80, '10.0.0.1', 40000);
    t.set(h, a2); // same tuple: replaces a
    t.delete(h, a); // stale owner: no effect
    expect(get(t, h, '10.0.0.2', 80, '10.0.0.1', 40000)).toBe(a2);
    t.delete(h, b);
    t.delete(h, a2);
    expect(get(t, h, '10.0.0.2', 80, '10.0.0.1', 40000)).toBeUndefined();
    const k = t.hash(ids.id('10.0.0.2'), 80, ids.id('10.0.0.1'), 40000);
    expect(Number.isInteger(k) && k >= 0 && k < 2 ** 30).toBe(true);
    t.set(k, a);
    expect(t.find('10.0.0.2', 80, '10.0.0.1', 40000)).toBe(a);
  });

  it('agrees with a plain map through inserts, replacements, deletions and growth', () => {
    // Few distinct hashes for many tuples, so probing walks past collisions.
    const op = fc.record({ kind: fc.constantFrom('set', 'delete', 'get'), port: fc.integer({ min: 0, max: 300 }) });
    fc.assert(fc.property(fc.array(op, { maxLength: 600 }), (ops) => replay(ops, (port) => port % 7, [])));
  });

  it('deletes without tombstones, also where a run wraps around the end of the table', () => {
    // Hashes whose home slots (at the starting size of 64) are the last two and the first, so runs
    // cross the end of the array; at most 30 entries keep the table at that size.
    const slot = (h: number) => Math.imul(h, 0x9e3779b1) >>> 26;
    const homes = [63, 62, 0].map((want) => {
      let h = 0;
      while (slot(h) !== want) h++;
      return h;
    });
    const op = fc.record({ kind: fc.constantFrom('set', 'delete', 'delete', 'get'), port: fc.integer({ min: 0, max: 29 }) });
    const allPorts = Array.from({ length: 30 }, (_, port) => port);
    fc.assert(fc.property(fc.array(op, { maxLength: 400 }), (ops) => replay(ops, (port) => homes[port % 3], allPorts)));
  });
});

/**
 * Applies `ops` to a SockTable and to a Map side by side: after each one, the op's tuple and every
 * port of `recheck` must be found (or not) in both alike; at the end, every tuple the Map holds.
 */
function replay(ops: { kind: string; port: number }[], hashOf: (port: number) => number, recheck: number[]): void {
  const t = new SockTable<ReturnType<typeof e>>(ids);
  const ref = new Map<number, ReturnType<typeof e>>();
  const found = (port: number) => get(t, hashOf(port), '10.0.0.2', 80, '10.0.0.1', port);
  for (const o of ops) {
    if (o.kind === 'set') {
      const v = e('10.0.0.2', 80, '10.0.0.1', o.port);
      t.set(hashOf(o.port), v);
      ref.set(o.port, v);
    } else if (o.kind === 'delete') {
      const v = ref.get(o.port);
      if (v) {
        t.delete(hashOf(o.port), v);
        ref.delete(o.port);
      }
    }
    expect(found(o.port)).toBe(ref.get(o.port));
    for (const port of recheck) expect(found(port)).toBe(ref.get(port));
  }
  for (const [port, v] of ref) expect(found(port)).toBe(v);
}
