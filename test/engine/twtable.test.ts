import { describe, expect, it } from 'vitest';
import { TimeWaitTable } from '../../src/engine/twtable';

/** A row for tuple 10.0.0.1:port -> 10.0.0.2:80 (addresses as numbers 1 and 2). */
function add(t: TimeWaitTable, port: number): number {
  return t.add(t.hash(1, port, 2, 80), 1, port, 2, 80, 1000 + port, null, true);
}
const find = (t: TimeWaitTable, port: number) => t.lookup(t.hash(1, port, 2, 80), 1, port, 2, 80);

describe('TimeWaitTable', () => {
  it('finds the live rows whether they came before or after the first look-up', () => {
    const t = new TimeWaitTable();
    const early = [40000, 40001, 40002].map((p) => add(t, p));
    t.kill(early[1]);
    expect(find(t, 40000)).toBe(early[0]);
    expect(find(t, 40001)).toBeUndefined();
    const late = add(t, 40003);
    expect(find(t, 40003)).toBe(late);
    t.kill(early[2]);
    expect(find(t, 40002)).toBeUndefined();
    expect(t.isDead(early[2])).toBe(true);
    expect(t.tsRecent[late]).toBe(41003);
  });

  it('reuses the rows of sockets no record keeps, and never those of pinned ones', () => {
    const t = new TimeWaitTable();
    const pinned = add(t, 40000);
    t.pin(pinned);
    const loose = add(t, 40001);
    const gen = t.gen[loose];
    t.kill(pinned);
    t.kill(loose);
    const next = add(t, 40002);
    expect(next).toBe(loose);
    // A stale expiry event of the old socket carries the old generation.
    expect(t.gen[next]).not.toBe(gen);
    expect(add(t, 40003)).not.toBe(pinned);
    expect(t.isDead(pinned)).toBe(true);
    expect(t.lport[pinned]).toBe(40000);
  });
});
