import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SockTable } from '../../src/engine/socktable';
import { AddressIds } from '../../src/engine/world';

const e = (laddr: string, lport: number, raddr: string, rport: number) => ({ laddr, lport, raddr, rport });

describe('SockTable', () => {
  it('finds by 4-tuple, keeps colliding tuples apart, deletes by identity', () => {
    const t = new SockTable<ReturnType<typeof e>>(new AddressIds());
    const a = e('10.0.0.2', 80, '10.0.0.1', 40000);
    const b = e('10.0.0.2', 80, '10.0.0.9', 40000);
    const h = 12345; // force a collision: both in one slot
    t.set(h, a);
    t.set(h, b);
    expect(t.get(h, '10.0.0.2', 80, '10.0.0.1', 40000)).toBe(a);
    expect(t.get(h, '10.0.0.2', 80, '10.0.0.9', 40000)).toBe(b);
    expect(t.get(h, '10.0.0.2', 80, '10.0.0.9', 40001)).toBeUndefined();
    const a2 = e('10.0.0.2', 80, '10.0.0.1', 40000);
    t.set(h, a2); // same tuple: replaces a
    t.delete(h, a); // stale owner: no effect
    expect(t.get(h, '10.0.0.2', 80, '10.0.0.1', 40000)).toBe(a2);
    t.delete(h, b);
    t.delete(h, a2);
    expect(t.get(h, '10.0.0.2', 80, '10.0.0.1', 40000)).toBeUndefined();
    const k = t.hash('10.0.0.2', 80, '10.0.0.1', 40000);
    expect(Number.isInteger(k) && k >= 0 && k < 2 ** 30).toBe(true);
  });

  it('agrees with a plain map through inserts, replacements, deletions and growth', () => {
    // Few distinct hashes for many tuples, so probing walks past collisions and tombstones.
    const op = fc.record({ kind: fc.constantFrom('set', 'delete', 'get'), port: fc.integer({ min: 0, max: 300 }) });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 600 }), (ops) => {
        const t = new SockTable<ReturnType<typeof e>>(new AddressIds());
        const ref = new Map<number, ReturnType<typeof e>>();
        for (const o of ops) {
          const h = o.port % 7;
          if (o.kind === 'set') {
            const v = e('10.0.0.2', 80, '10.0.0.1', o.port);
            t.set(h, v);
            ref.set(o.port, v);
          } else if (o.kind === 'delete') {
            const v = ref.get(o.port);
            if (v) {
              t.delete(h, v);
              ref.delete(o.port);
            }
          }
          expect(t.get(h, '10.0.0.2', 80, '10.0.0.1', o.port)).toBe(ref.get(o.port));
        }
        for (const [port, v] of ref) expect(t.get(port % 7, '10.0.0.2', 80, '10.0.0.1', port)).toBe(v);
      }),
    );
  });
});
