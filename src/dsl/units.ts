// Units glued to numbers, converted to the integers the model stores: time in microseconds,
// sizes in bytes, rates per second, line rates in bits per second, percentages as 0..1.

export type Dimension = 'none' | 'time' | 'size' | 'count-rate' | 'byte-rate' | 'bit-rate' | 'percent';

export interface UnitInfo {
  dimension: Dimension;
  /** Multiplier to the base unit (µs, B, 1/s, B/s, bit/s, fraction). */
  factor: number;
}

const TIME: Record<string, number> = { ns: 0.001, us: 1, µs: 1, μs: 1, ms: 1000, s: 1e6, min: 60e6, h: 3600e6 };
const SIZE: Record<string, number> = {
  B: 1,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  KiB: 1024,
  MiB: 1024 * 1024,
  GiB: 1024 * 1024 * 1024,
};
const BITS: Record<string, number> = { 'bit/s': 1, 'Kbit/s': 1e3, 'Mbit/s': 1e6, 'Gbit/s': 1e9 };

export const UNITS_BY_DIMENSION: Record<Exclude<Dimension, 'none'>, string[]> = {
  time: ['ns', 'us', 'µs', 'ms', 's', 'min', 'h'],
  size: Object.keys(SIZE),
  'count-rate': ['/s'],
  'byte-rate': Object.keys(SIZE).map((u) => u + '/s'),
  'bit-rate': Object.keys(BITS),
  percent: ['%'],
};

export const DIMENSION_NAMES: Record<Dimension, string> = {
  none: 'a plain number',
  time: 'a time (ns, us, ms, s, min, h)',
  size: 'a size (B, KB, MB, GB, KiB, MiB, GiB)',
  'count-rate': 'a rate per second (e.g. 100/s)',
  'byte-rate': 'a byte rate (e.g. 10MiB/s)',
  'bit-rate': 'a line rate (bit/s, Kbit/s, Mbit/s, Gbit/s)',
  percent: 'a percentage (e.g. 0.5%)',
};

const NO_UNIT: UnitInfo = { dimension: 'none', factor: 1 };
const UNIT_INFO = new Map<string, UnitInfo>([
  ...Object.entries(TIME).map(([u, factor]) => [u, { dimension: 'time', factor }] as const),
  ...Object.entries(SIZE).map(([u, factor]) => [u, { dimension: 'size', factor }] as const),
  ...Object.entries(SIZE).map(([u, factor]) => [u + '/s', { dimension: 'byte-rate', factor }] as const),
  ...Object.entries(BITS).map(([u, factor]) => [u, { dimension: 'bit-rate', factor }] as const),
  ['%', { dimension: 'percent', factor: 0.01 }],
  ['/s', { dimension: 'count-rate', factor: 1 }],
]);

/** Every unit spelling, as the strings the table above is keyed by (see vocabulary.ts). */
export const UNIT_SPELLINGS: readonly string[] = [...UNIT_INFO.keys()];

/** What a glued unit means, or null when it is not a unit of the language. */
export function unitInfo(unit: string): UnitInfo | null {
  return unit === '' ? NO_UNIT : (UNIT_INFO.get(unit) ?? null);
}

/** All unit spellings, for completion and did-you-mean. */
export const ALL_UNITS: string[] = Object.values(UNITS_BY_DIMENSION).flat();

/**
 * Value in the base unit of its dimension. Times and sizes are rounded to integers
 * (µs, bytes); rates and fractions are kept as they are.
 */
export function toBase(value: number, unit: string): number | null {
  const info = unitInfo(unit);
  return info ? inBaseUnit(value, info) : null;
}

/** `toBase` for a unit already looked up. */
export function inBaseUnit(value: number, info: UnitInfo): number {
  const v = value * info.factor;
  if (info.dimension === 'time' || info.dimension === 'size') return Math.round(v);
  return v;
}

export function formatBytes(b: number): string {
  if (b !== 0 && b % (1024 * 1024) === 0) return `${b / (1024 * 1024)}MiB`;
  if (b !== 0 && b % 1024 === 0) return `${b / 1024}KiB`;
  return `${b}B`;
}
