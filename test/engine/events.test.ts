import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../src/engine/events';
import { Random } from '../../src/engine/random';

describe('EventQueue', () => {
  it('runs events by time, and equal times in the order they were scheduled', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 300 }), (times) => {
        const q = new EventQueue(4);
        const seen: [number, number][] = [];
        const k = q.define((_t, arg) => seen.push([q.now, arg]));
        times.forEach((t, i) => q.at(t, k, null, i));
        q.run(Infinity);
        const expected = times.map((t, i) => [t, i] as [number, number]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        expect(seen).toEqual(expected);
      }),
    );
  });

  it('keeps (time, sequence) order across far windows, partial runs and scheduling between them', () => {
    // Times span many calendar windows, and runs stop at arbitrary points, so events go through
    // the far buckets, and scheduling between runs can land before the window a run looked ahead to.
    const round = fc.record({
      offsets: fc.array(fc.integer({ min: 0, max: 5000 }), { maxLength: 40 }),
      runFor: fc.integer({ min: 0, max: 4000 }),
    });
    fc.assert(
      fc.property(fc.array(round, { maxLength: 12 }), (rounds) => {
        const q = new EventQueue(8);
        const seen: number[] = [];
        const k = q.define((_t, arg) => seen.push(arg));
        const pending: { t: number; seq: number }[] = [];
        const expected: number[] = [];
        let seq = 0;
        let now = 0;
        for (const r of rounds) {
          for (const off of r.offsets) {
            q.at(now + off, k, null, seq);
            pending.push({ t: now + off, seq: seq++ });
          }
          const until = now + r.runFor;
          q.run(until);
          pending.sort((x, y) => x.t - y.t || x.seq - y.seq);
          while (pending.length > 0 && pending[0].t <= until) {
            const e = pending.shift()!;
            expected.push(e.seq);
            now = e.t;
          }
          expect(q.now).toBe(now);
        }
        q.run(Infinity);
        pending.sort((x, y) => x.t - y.t || x.seq - y.seq);
        expected.push(...pending.map((e) => e.seq));
        expect(seen).toEqual(expected);
        expect(q.pending).toBe(0);
      }),
    );
  });

  it('cancels lazily through generations and never runs the past', () => {
    const q = new EventQueue();
    const timer = { gen: 0, fired: 0 };
    const k = q.define((t: typeof timer, _a, gen) => {
      if (t.gen === gen) t.fired++;
    });
    q.at(10, k, timer, 0, timer.gen);
    timer.gen++; // cancel
    q.at(20, k, timer, 0, timer.gen);
    expect(q.run(15)).toBe(true);
    expect(q.now).toBe(10);
    q.at(5, k, timer, 0, timer.gen); // in the past: runs at `now`
    q.run(Infinity);
    expect(timer.fired).toBe(2);
    expect(q.now).toBe(20);
    expect(q.pending).toBe(0);
  });

  it('cancel removes the pending event (near or far), keeps the order of the rest, and ignores a stale slot', () => {
    const q = new EventQueue(4);
    const owner = { gen: 1 };
    const ran: string[] = [];
    const k = q.define((o: typeof owner | null, arg) => ran.push(`${o === owner ? 'owner' : 'other'}:${arg}`));
    const far = q.at(5_000, k, owner, 1, owner.gen);
    q.at(5_000, k, null, 4);
    const near = q.at(10, k, owner, 5, owner.gen);
    q.at(10, k, null, 2);
    q.cancel(far, k, owner, owner.gen);
    q.cancel(near, k, owner, owner.gen);
    expect(q.pending).toBe(2);
    q.run(Infinity);
    expect(ran).toEqual(['other:2', 'other:4']);
    expect(q.executed).toBe(2);
    // The slot is free again; a new event there must survive a cancel aimed at the old one.
    const again = q.at(q.now + 1, k, owner, 3, 2);
    q.cancel(far, k, owner, 1);
    q.cancel(again, k, owner, 1);
    q.run(Infinity);
    expect(ran).toEqual(['other:2', 'other:4', 'owner:3']);
  });

  it('matches a reference queue under random scheduling, cancelling and partial runs', () => {
    // Every operation is mirrored on a plain sorted list; cancels hit near and far events, the
    // head and tail of a microsecond's list, and whole buckets.
    const op = fc.oneof(
      // Near times, and times far enough apart that windows share entries of the recent-window cache.
      fc.record({ t: fc.constant('at' as const), off: fc.oneof(fc.integer({ min: 0, max: 6000 }), fc.integer({ min: 0, max: 1024 * 2000 })) }),
      fc.record({ t: fc.constant('cancel' as const), pick: fc.nat() }),
      fc.record({ t: fc.constant('run' as const), off: fc.oneof(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 1024 * 500 })) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 120 }), (ops) => {
        const q = new EventQueue(4);
        const seen: number[] = [];
        const k = q.define((_t, arg) => seen.push(arg));
        const owner = {};
        const live: { t: number; seq: number; slot: number }[] = [];
        const expected: number[] = [];
        let seq = 0;
        const settle = (until: number) => {
          live.sort((x, y) => x.t - y.t || x.seq - y.seq);
          while (live.length > 0 && live[0].t <= until) expected.push(live.shift()!.seq);
        };
        for (const o of ops) {
          if (o.t === 'at') {
            const t = q.now + o.off;
            live.push({ t, seq, slot: q.at(t, k, owner, seq, seq) });
            seq++;
          } else if (o.t === 'cancel') {
            if (live.length === 0) continue;
            const [e] = live.splice(o.pick % live.length, 1);
            q.cancel(e.slot, k, owner, e.seq);
          } else {
            const until = q.now + o.off;
            q.run(until);
            settle(until);
          }
          expect(q.pending).toBe(live.length);
        }
        q.run(Infinity);
        settle(Infinity);
        expect(seen).toEqual(expected);
        expect(q.executed).toBe(expected.length);
      }),
      { numRuns: 300 },
    );
  });

  it('drops events past the horizon and keeps those due at it', () => {
    const q = new EventQueue(4);
    q.horizon = 5_000;
    const seen: number[] = [];
    const k = q.define((_t, arg) => seen.push(arg));
    expect(q.at(5_001, k, null, 1)).toBe(-1);
    const slot = q.at(5_000, k, null, 2);
    expect(slot).toBeGreaterThanOrEqual(0);
    q.cancel(-1, k, null, 0);
    q.run(Infinity);
    expect(seen).toEqual([2]);
    expect(q.pending).toBe(0);
  });

  it('stops after maxEvents and resumes', () => {
    const q = new EventQueue();
    let n = 0;
    const k = q.define(() => n++);
    for (let i = 0; i < 10; i++) q.at(i, k, null);
    expect(q.run(Infinity, 4)).toBe(false);
    expect(n).toBe(4);
    expect(q.run(Infinity)).toBe(true);
    expect(n).toBe(10);
  });
});

describe('Random', () => {
  it('is reproducible per seed and uniform enough', () => {
    const a = new Random(42);
    const b = new Random(42);
    const xs = Array.from({ length: 10000 }, () => a.next());
    expect(xs).toEqual(Array.from({ length: 10000 }, () => b.next()));
    expect(new Random(43).next()).not.toBe(xs[0]);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});
