// Per-host counters. The names come from the one catalogue: each catalogue counter has a fixed
// index, a host keeps its values in a Float64Array indexed by it (an increment is one array store,
// no string hashing), and names appear only at the edges: results, expectations, the timeline.
// A host reports every counter its profile has, zeros included, in catalogue order so results
// serialise identically.
import { COUNTERS, countersOn } from '../dsl/catalogue';
import type { KernelProfile } from '../dsl/model';

const INDEX = new Map<string, number>(COUNTERS.map((c, i) => [c.name, i]));

/**
 * The counters the engine bumps, by name. One the catalogue lacks (so no profile reports it) gets
 * a slot after the catalogue's and is counted but never shown.
 */
const BUMPED = [
  'IpInReceives', 'IpOutRequests', 'SoftnetDropped', 'SoftnetProcessed', 'SoftnetTimeSqueeze',
  'TcpActiveOpens', 'TcpAttemptFails', 'TcpCurrEstab', 'TcpEstabResets', 'TcpExtEmbryonicRsts',
  'TcpExtListenDrops', 'TcpExtListenOverflows', 'TcpExtPAWSPassive', 'TcpExtSyncookiesFailed',
  'TcpExtSyncookiesRecv', 'TcpExtSyncookiesSent', 'TcpExtTCPAbortOnClose', 'TcpExtTCPAbortOnData',
  'TcpExtTCPAbortOnTimeout', 'TcpExtTCPReqQFullDoCookies', 'TcpExtTCPReqQFullDrop',
  'TcpExtTCPSynRetrans', 'TcpExtTCPTimeouts', 'TcpExtTW', 'TcpExtTWRecycled', 'TcpInSegs',
  'TcpOutRsts', 'TcpOutSegs', 'TcpPassiveOpens', 'TcpRetransSegs', 'UdpInDatagrams', 'UdpInErrors',
  'UdpNoPorts', 'UdpOutDatagrams', 'UdpRcvbufErrors', 'rx_dropped', 'rx_fifo_errors',
  'rx_missed_errors', 'rx_packets',
] as const;

/** Catalogue index of each counter the engine bumps: `sim.inc(h, C.TcpOutSegs)`. */
export const C = {} as Record<(typeof BUMPED)[number], number>;
let slots = COUNTERS.length;
for (const name of BUMPED) C[name] = INDEX.get(name) ?? slots++;

const onProfile = new Map<KernelProfile, number[]>();

/** Catalogue indexes of the counters a profile has, in catalogue order. */
function indexesOn(kernel: KernelProfile): number[] {
  let ids = onProfile.get(kernel);
  if (!ids) onProfile.set(kernel, (ids = countersOn(kernel).map((c) => INDEX.get(c.name)!)));
  return ids;
}

/** Catalogue index of a counter by name (-1 when unknown). */
export function counterIndex(name: string): number {
  return INDEX.get(name) ?? -1;
}

/** One host's counters. Counters its profile lacks are counted too but never reported. */
export class Mib {
  readonly values = new Float64Array(slots);
  private readonly present: Uint8Array;
  constructor(readonly kernel: KernelProfile) {
    this.present = new Uint8Array(COUNTERS.length);
    for (const i of indexesOn(kernel)) this.present[i] = 1;
  }

  /** The value by nstat name, or undefined when the profile has no such counter. */
  get(name: string): number | undefined {
    const i = INDEX.get(name);
    return i !== undefined && this.present[i] ? this.values[i] : undefined;
  }

  /** Every counter of the profile by name, in catalogue order. */
  toRecord(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const i of indexesOn(this.kernel)) out[COUNTERS[i].name] = this.values[i];
    return out;
  }
}
