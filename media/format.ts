// Number and time formatting shared by the charts, tables and ladder.

/** Milliseconds of simulated time as a short readable duration. */
export function fmtTime(ms: number): string {
  const a = Math.abs(ms);
  if (a >= 60_000) return `${(ms / 1000).toFixed(0)} s`;
  if (a >= 1000) return `${trim((ms / 1000).toFixed(3))} s`;
  if (a >= 1 || a === 0) return `${trim(ms.toFixed(3))} ms`;
  return `${trim((ms * 1000).toFixed(1))} µs`;
}

/** Simulated time to the microsecond, for packets a fraction of a millisecond apart. */
export function fmtTimeExact(ms: number): string {
  return `${trim((ms / 1000).toFixed(6))} s`;
}

export function fmtValue(v: number | null | undefined): string {
  if (v == null || Number.isNaN(v)) return '–';
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) >= 100 ? v.toFixed(0) : trim(v.toFixed(2));
}

/** Axis ticks: short enough for the axis gutter (16777216 → 16.8M). */
export function fmtTick(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e9) return `${trim((v / 1e9).toFixed(1))}G`;
  if (a >= 1e6) return `${trim((v / 1e6).toFixed(1))}M`;
  if (a >= 1e4) return `${trim((v / 1e3).toFixed(1))}k`;
  return fmtValue(v);
}

function trim(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K, props: Partial<Record<string, string>> = {}, ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) if (v !== undefined) e.setAttribute(k, v);
  e.append(...children);
  return e;
}
