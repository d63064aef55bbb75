// Lookups over the one catalogue. Everything that needs a sysctl default, a bound or a counter's
// /proc location asks here; the tables themselves live in sysctls.ts and counters.ts.
import type { KernelProfile } from '../model';
import { COUNTERS } from './counters';
import { SYSCTLS } from './sysctls';
import type { CounterSpec, SysctlSpec } from './types';

export { COUNTERS } from './counters';
export { SYSCTLS } from './sysctls';
export { isLinuxSysctl } from './unmodelled';
export type { CounterSource, CounterSpec, IncrementSite, SysctlSpec, SysctlUnit } from './types';

const sysctlByName = new Map<string, SysctlSpec>(SYSCTLS.map((s) => [s.name, s]));
const counterByName = new Map<string, CounterSpec>(COUNTERS.map((c) => [c.name, c]));
const counterByField = new Map<string, CounterSpec>(
  COUNTERS.map((c) => [procKey(c.source, c.section, c.field), c]),
);

function procKey(source: string, section: string, field: string): string {
  return `${source}\u0000${section}\u0000${field}`;
}

export function findSysctl(name: string): SysctlSpec | undefined {
  return sysctlByName.get(name);
}

export function findCounter(name: string): CounterSpec | undefined {
  return counterByName.get(name);
}

/** The counter a /proc file prints as `section` / `field` (e.g. '/proc/net/netstat', 'TcpExt', 'ListenDrops'). */
export function counterAt(source: CounterSpec['source'], section: string, field: string): CounterSpec | undefined {
  return counterByField.get(procKey(source, section, field));
}

/** The default on that profile, or undefined when the sysctl does not exist there. */
export function sysctlDefault(name: string, profile: KernelProfile): number | number[] | undefined {
  const d = sysctlByName.get(name)?.defaults[profile];
  return Array.isArray(d) ? [...d] : d;
}

export function sysctlExists(name: string, profile: KernelProfile): boolean {
  return sysctlByName.get(name)?.defaults[profile] !== undefined;
}

/** Bounds the proc handler enforces on that profile (per element for vector sysctls). */
export function sysctlRange(spec: SysctlSpec, profile: KernelProfile): { min: number; max: number } {
  return spec.rangeOn?.[profile] ?? { min: spec.min, max: spec.max };
}

/** Whether a mode value has a meaning on that profile (unknown values of a mode sysctl do not). */
export function sysctlValueKnown(spec: SysctlSpec, value: number, profile: KernelProfile): boolean {
  if (!spec.values) return true;
  const known = (v: number) => spec.values?.[v] !== undefined && (spec.valueKernels?.[v]?.includes(profile) ?? true);
  if (!spec.bitmask || value === 0) return known(value);
  if (!Number.isInteger(value) || value < 0) return false;
  for (let bit = 1; bit <= value; bit *= 2) if (value & bit && !known(bit)) return false;
  return true;
}

export function sysctlsOn(profile: KernelProfile): SysctlSpec[] {
  return SYSCTLS.filter((s) => s.defaults[profile] !== undefined);
}

export function counterExists(spec: CounterSpec, profile: KernelProfile): boolean {
  return spec.kernels === undefined || spec.kernels.includes(profile);
}

export function countersOn(profile: KernelProfile): CounterSpec[] {
  return COUNTERS.filter((c) => counterExists(c, profile));
}

/** Where the counter is bumped on that profile. */
export function incrementSitesOn(spec: CounterSpec, profile: KernelProfile): CounterSpec['incrementedIn'] {
  return spec.incrementedIn.filter((s) => s.kernels === undefined || s.kernels.includes(profile));
}
