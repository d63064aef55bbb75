// Per-host counters by nstat name. The names come from the one catalogue; a host gets every
// counter its profile has, zeros included, in catalogue order so results serialise identically.
import { countersOn } from '../dsl/catalogue';
import type { KernelProfile } from '../dsl/model';

export function newMib(kernel: KernelProfile): Record<string, number> {
  const mib: Record<string, number> = {};
  for (const c of countersOn(kernel)) mib[c.name] = 0;
  return mib;
}

/** Counters that are gauges in the kernel (they go down as well as up). */
export const GAUGES: ReadonlySet<string> = new Set(['TcpCurrEstab']);
