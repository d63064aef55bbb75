// Sysctl values of one host: the checked model carries the effective values; a sysctl the model
// lacks falls back to the catalogue default for the profile, and one the profile does not have at
// all reads as 0 (the feature is absent, e.g. tcp_tw_recycle after 4.12). `at T sysctl` events
// change the live table.
import { sysctlDefault } from '../dsl/catalogue';
import type { HostModel, KernelProfile } from '../dsl/model';
import { smi } from './world';

/**
 * The sysctls read per packet or per connection, as plain numbers: the hot paths read a field
 * instead of looking a name up. SysctlTable refreshes them whenever a value changes.
 */
export class HotSysctls {
  tcpTimestamps = 0;
  tcpSynRetries = 0;
  tcpSynLinearTimeouts = 0;
  tcpSynackRetries = 0;
  tcpSyncookies = 0;
  tcpMaxSynBacklog = 0;
  tcpTwRecycle = 0;
  tcpAbortOnOverflow = 0;
  tcpRetries2 = 0;
  tcpOrphanRetries = 0;
  tcpFinTimeout = 0;
  netdevMaxBacklog = 0;
  netdevBudget = 0;
  netdevBudgetUsecs = 0;
  /** tcp_rmem[1], a new socket's receive buffer. */
  tcpRmemDefault = 87380;
  /** ip_local_port_range. */
  portLo = 32768;
  portHi = 60999;

  refresh(read: (name: string) => number, vec: (name: string) => number[]): void {
    // Small integers where they are (see `smi`): these are compared per packet.
    const num = (name: string) => smi(read(name));
    this.tcpTimestamps = num('net.ipv4.tcp_timestamps');
    this.tcpSynRetries = num('net.ipv4.tcp_syn_retries');
    this.tcpSynLinearTimeouts = num('net.ipv4.tcp_syn_linear_timeouts');
    this.tcpSynackRetries = num('net.ipv4.tcp_synack_retries');
    this.tcpSyncookies = num('net.ipv4.tcp_syncookies');
    this.tcpMaxSynBacklog = num('net.ipv4.tcp_max_syn_backlog');
    this.tcpTwRecycle = num('net.ipv4.tcp_tw_recycle');
    this.tcpAbortOnOverflow = num('net.ipv4.tcp_abort_on_overflow');
    this.tcpRetries2 = num('net.ipv4.tcp_retries2');
    this.tcpOrphanRetries = num('net.ipv4.tcp_orphan_retries');
    this.tcpFinTimeout = num('net.ipv4.tcp_fin_timeout');
    this.netdevMaxBacklog = num('net.core.netdev_max_backlog');
    this.netdevBudget = num('net.core.netdev_budget');
    this.netdevBudgetUsecs = num('net.core.netdev_budget_usecs');
    this.tcpRmemDefault = smi(vec('net.ipv4.tcp_rmem')[1] ?? 87380);
    const range = vec('net.ipv4.ip_local_port_range');
    this.portLo = smi(range[0] ?? 32768);
    this.portHi = smi(range[1] ?? 60999);
  }
}

export class SysctlTable {
  private readonly values = new Map<string, number | number[]>();
  constructor(
    model: HostModel,
    private readonly kernel: KernelProfile,
  ) {
    for (const k of Object.keys(model.sysctls)) this.values.set(k, model.sysctls[k]);
    this.hot.refresh(this.num, this.vec);
  }

  readonly hot = new HotSysctls();

  /** Scalar reads are on the hot path: cached, and the cache is dropped when a value changes. */
  private readonly numCache = new Map<string, number>();

  set(name: string, value: number | number[]): void {
    this.values.set(name, value);
    this.numCache.clear();
    this.hot.refresh(this.num, this.vec);
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
