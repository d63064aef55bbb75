// Min/max-per-pixel-column reduction of aligned time series: a chart `columns` pixels wide never
// needs more than two points per column per series to draw exactly what the full data would.

export interface Window {
  x: Float64Array;
  y: Float32Array[];
  /** True when the samples were few enough to send unchanged. */
  raw: boolean;
}

/** First index i with t[i] >= v (t ascending). */
export function lowerBound(t: ArrayLike<number>, v: number): number {
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (t[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index i with t[i] > v (t ascending). */
export function upperBound(t: ArrayLike<number>, v: number): number {
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (t[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The samples of [t0, t1], plus one on each side so lines reach the chart edges, reduced to at
 * most two points per column: per column the first and last sample time, and per series its
 * minimum and maximum in the order they occurred (so the line's shape between columns is kept).
 */
export function downsampleMinMax(
  t: ArrayLike<number>, series: ArrayLike<number>[], t0: number, t1: number, columns: number,
): Window {
  const n = t.length;
  const from = Math.max(0, lowerBound(t, t0) - 1);
  const to = Math.min(n, upperBound(t, t1) + 1);
  const count = Math.max(0, to - from);
  if (count <= 2 * columns || columns < 1 || !(t1 > t0)) return copyRange(t, series, from, to);

  // Bucket boundaries by time: sample i goes to column floor((t[i] - t0) / width * columns),
  // clamped so the edge samples outside [t0, t1] join the first and last column.
  const starts = new Int32Array(columns + 1);
  let buckets = 0;
  starts[0] = from;
  const scale = columns / (t1 - t0);
  let col = bucketOf(t[from], t0, scale, columns);
  for (let i = from + 1; i < to; i++) {
    const c = bucketOf(t[i], t0, scale, columns);
    if (c !== col) {
      starts[++buckets] = i;
      col = c;
    }
  }
  starts[++buckets] = to;

  let points = 0;
  for (let b = 0; b < buckets; b++) points += starts[b + 1] - starts[b] > 1 ? 2 : 1;
  const x = new Float64Array(points);
  for (let b = 0, p = 0; b < buckets; b++) {
    const s = starts[b];
    const e = starts[b + 1];
    x[p++] = t[s];
    if (e - s > 1) x[p++] = t[e - 1];
  }
  const y = series.map((v) => reduceSeries(v, starts, buckets, points));
  return { x, y, raw: false };
}

function bucketOf(v: number, t0: number, scale: number, columns: number): number {
  const c = Math.floor((v - t0) * scale);
  return c < 0 ? 0 : c >= columns ? columns - 1 : c;
}

function reduceSeries(v: ArrayLike<number>, starts: Int32Array, buckets: number, points: number): Float32Array {
  const out = new Float32Array(points);
  let p = 0;
  for (let b = 0; b < buckets; b++) {
    const s = starts[b];
    const e = starts[b + 1];
    if (e - s === 1) {
      out[p++] = v[s];
      continue;
    }
    let min = v[s];
    let max = v[s];
    let iMin = s;
    let iMax = s;
    for (let i = s + 1; i < e; i++) {
      const a = v[i];
      if (a < min) { min = a; iMin = i; }
      else if (a > max) { max = a; iMax = i; }
    }
    if (iMin <= iMax) { out[p++] = min; out[p++] = max; }
    else { out[p++] = max; out[p++] = min; }
  }
  return out;
}

function copyRange(t: ArrayLike<number>, series: ArrayLike<number>[], from: number, to: number): Window {
  const len = Math.max(0, to - from);
  const x = new Float64Array(len);
  for (let i = 0; i < len; i++) x[i] = t[from + i];
  const y = series.map((v) => {
    const out = new Float32Array(len);
    for (let i = 0; i < len; i++) out[i] = v[from + i];
    return out;
  });
  return { x, y, raw: true };
}
