// Sysctl values of one host: the checked model carries the effective values; a sysctl the model
// lacks falls back to the catalogue default for the profile, and one the profile does not have at
// all reads as 0 (the feature is absent, e.g. tcp_tw_recycle after 4.12). `at T sysctl` events
// change the live table.
import { sysctlDefault } from '../dsl/catalogue';
import type { HostModel, KernelProfile } from '../dsl/model';

export class SysctlTable {
  private readonly values = new Map<string, number | number[]>();
  constructor(
    model: HostModel,
    private readonly kernel: KernelProfile,
  ) {
    for (const k of Object.keys(model.sysctls)) this.values.set(k, model.sysctls[k]);
  }

  /** Scalar reads are on the hot path: cached, and the cache is dropped when a value changes. */
  private readonly numCache = new Map<string, number>();

  set(name: string, value: number | number[]): void {
    this.values.set(name, value);
    this.numCache.clear();
  }

  private raw(name: string): number | number[] | undefined {
    const v = this.values.get(name);
    return v !== undefined ? v : sysctlDefault(name, this.kernel);
  }

  num = (name: string): number => {
    const c = this.numCache.get(name);
    if (c !== undefined) return c;
    const v = this.raw(name);
    const n = v === undefined ? 0 : Array.isArray(v) ? (v[0] ?? 0) : v;
    this.numCache.set(name, n);
    return n;
  };

  vec = (name: string): number[] => {
    const v = this.raw(name);
    if (v === undefined) return [];
    return Array.isArray(v) ? v : [v];
  };

  /** Effective values in name order, for the result. */
  snapshot(model: HostModel): Record<string, number | number[]> {
    const names = new Set<string>([...Object.keys(model.sysctls), ...this.values.keys()]);
    const out: Record<string, number | number[]> = {};
    for (const n of [...names].sort()) {
      const v = this.raw(n);
      if (v !== undefined) out[n] = Array.isArray(v) ? [...v] : v;
    }
    return out;
  }
}
