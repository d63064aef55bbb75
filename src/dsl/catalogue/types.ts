// The one catalogue of sysctls and counters. The checker, completion, hover, the engine and the
// live parsers all read these tables; nothing else may hard-code a sysctl default or a counter name.
import type { KernelProfile } from '../model';

export type SysctlUnit =
  | 'count'
  | 'bytes'
  | 'pages'
  | 'packets'
  | 'seconds'
  | 'milliseconds'
  | 'microseconds'
  | 'jiffies'
  | 'boolean'
  | 'mode';

export interface SysctlSpec {
  /** Dotted name as `sysctl` prints it, e.g. `net.core.somaxconn`. */
  name: string;
  /** A vector sysctl (tcp_rmem, ip_local_port_range) has `arity` > 1. */
  arity: number;
  unit: SysctlUnit;
  /** Bounds the kernel's proc handler enforces on the newest profile (per element for vectors). */
  min: number;
  max: number;
  /** Bounds on profiles where they differ from min/max (read them through sysctlRange()). */
  rangeOn?: Partial<Record<KernelProfile, { min: number; max: number }>>;
  /** The proc handler behind the bounds and any cross-field rule it adds, e.g. "proc_dointvec: unchecked". */
  bounds?: string;
  /** Default per profile; a profile missing here does not have the sysctl at all. */
  defaults: Partial<Record<KernelProfile, number | number[]>>;
  /** Human note on when it appeared or went away, e.g. "removed in 4.12". */
  history?: string;
  /** Kernel versions that added / removed it (e.g. '4.12'); `defaults` must cover exactly the profiles in between. */
  introduced?: string;
  removed?: string;
  /** What it does, in one or two sentences of our own. */
  doc: string;
  /** For `mode` sysctls: what each value means. */
  values?: Record<number, string>;
  /** `values` lists single bits (tcp_fastopen); any OR of known bits is a valid value. */
  bitmask?: boolean;
  /** Mode values that only some profiles know (e.g. tcp_syncookies 2 is not in 3.10); absent = all. */
  valueKernels?: Record<number, KernelProfile[]>;
  /** nstat names of counters whose behaviour this sysctl changes. */
  counters: string[];
}

export type CounterSource =
  | '/proc/net/netstat'
  | '/proc/net/snmp'
  | '/proc/net/softnet_stat'
  | '/proc/net/udp'
  | 'ethtool -S';

/** One place in the kernel that bumps a counter; `kernels` absent = the same on every profile. */
export interface IncrementSite {
  fn: string;
  file: string;
  when: string;
  kernels?: KernelProfile[];
}

export interface CounterSpec {
  /** Name as `nstat` prints it (`TcpExtListenOverflows`, `UdpRcvbufErrors`), or the ethtool / softnet field. */
  name: string;
  source: CounterSource;
  /** Section and field in the /proc file (`TcpExt` / `ListenOverflows`). */
  section: string;
  field: string;
  /** For /proc/net/softnet_stat: 0-based column of the per-CPU line (values are hex, summed over CPUs). */
  column?: number;
  /** The line `netstat -s` (net-tools 2.10) prints for it, N standing for the value. */
  netstatText?: string;
  doc: string;
  /** Where the kernel increments it. */
  incrementedIn: IncrementSite[];
  /** 'gauge' goes down as well as up (TcpCurrEstab); absent = a counter that only grows. */
  kind?: 'counter' | 'gauge';
  /** What one value belongs to: a host (absent), one socket (/proc/net/udp drops) or one NIC (ethtool -S). */
  scope?: 'host' | 'socket' | 'nic';
  /** Profiles that have the counter; absent = all. */
  kernels?: KernelProfile[];
}
