import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { downsampleMinMax, lowerBound, upperBound } from '../../src/client/run/downsample';

const range = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));

describe('downsampleMinMax', () => {
  it('sends few samples unchanged, with one neighbour each side of the window', () => {
    const t = range(10, (i) => i * 10);
    const v = range(10, (i) => i * i);
    const w = downsampleMinMax(t, [v], 25, 55, 100);
    expect(w.raw).toBe(true);
    expect([...w.x]).toEqual([20, 30, 40, 50, 60]);
    expect([...w.y[0]]).toEqual([4, 9, 16, 25, 36]);
  });

  it('keeps every spike of a million samples in at most two points per column', () => {
    const n = 1_000_000;
    const t = new Float64Array(n).map((_, i) => i);
    const v = new Float64Array(n);
    v[123_457] = 99; // one-sample spikes up and down must survive
    v[654_321] = -7;
    const w = downsampleMinMax(t, [v], 0, n - 1, 1000);
    expect(w.raw).toBe(false);
    expect(w.x.length).toBeLessThanOrEqual(2000);
    expect(Math.max(...w.y[0])).toBe(99);
    expect(Math.min(...w.y[0])).toBe(-7);
    const spike = w.y[0].indexOf(99);
    expect(Math.floor(w.x[spike] / 1000)).toBe(123); // in the spike's own column
  });

  it('orders each column min/max as they occurred', () => {
    const t = range(8, (i) => i);
    const w = downsampleMinMax(t, [[0, 5, 1, 1, 1, 1, 9, 0]], 0, 7, 2);
    // columns [0..3] and [4..7]: first rises to 5 (min 0 first), second falls from 9 to 0 (max first)
    expect([...w.x]).toEqual([0, 3, 4, 7]);
    expect([...w.y[0]]).toEqual([0, 5, 9, 0]);
  });

  it('preserves per-column extremes, time order and bounds for any input (property)', () => {
    fc.assert(fc.property(
      fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 400 }),
      fc.integer({ min: 1, max: 50 }),
      fc.integer({ min: 0, max: 399 }), fc.integer({ min: 0, max: 399 }),
      (values, columns, a, b) => {
        const t = values.map((_, i) => i * 2);
        const [t0, t1] = [Math.min(a, b) * 2, Math.max(a, b) * 2];
        const w = downsampleMinMax(t, [values], t0, t1, columns);
        for (let i = 1; i < w.x.length; i++) expect(w.x[i]).toBeGreaterThanOrEqual(w.x[i - 1]);
        if (!w.raw) expect(w.x.length).toBeLessThanOrEqual(2 * columns);
        // The window's overall extremes are kept exactly.
        const from = Math.max(0, lowerBound(t, t0) - 1);
        const to = Math.min(t.length, upperBound(t, t1) + 1);
        const slice = values.slice(from, to);
        expect(Math.max(...w.y[0])).toBe(Math.max(...slice));
        expect(Math.min(...w.y[0])).toBe(Math.min(...slice));
        expect(w.x[0]).toBe(t[from]);
        expect(w.x[w.x.length - 1]).toBe(t[to - 1]);
      },
    ));
  });

  it('reduces several aligned series to one shared x axis', () => {
    const t = range(1000, (i) => i);
    const w = downsampleMinMax(t, [range(1000, (i) => i), range(1000, (i) => -i)], 0, 999, 10);
    expect(w.y).toHaveLength(2);
    expect(w.y[0].length).toBe(w.x.length);
    expect(w.y[1].length).toBe(w.x.length);
    expect(w.y[0][w.y[0].length - 1]).toBe(999);
    expect(w.y[1][w.y[1].length - 1]).toBe(-999);
  });

  it('handles empty series and an empty range without throwing', () => {
    expect(downsampleMinMax([], [[]], 0, 10, 100).x.length).toBe(0);
    const w = downsampleMinMax([0, 1, 2], [[1, 2, 3]], 5, 5, 100);
    expect([...w.x]).toEqual([2]);
  });
});
