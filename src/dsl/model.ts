// The checked model: what the checker hands to the engine. Everything is resolved here —
// names to objects, units to integers (microseconds, bytes, per-second rates), sysctls to
// effective values for the chosen kernel profile — so the engine never re-interprets text.

export const KERNEL_PROFILES = ['linux-3.10', 'linux-4.19', 'linux-6.8'] as const;
export type KernelProfile = (typeof KERNEL_PROFILES)[number];

/** 0-based line and UTF-16 column, as LSP counts them. */
export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}

export interface Scenario {
  file: string;
  name: string;
  kernel: KernelProfile;
  durationUs: number;
  seed: number;
  sampleUs: number;
  hosts: HostModel[];
  links: LinkModel[];
  nats: NatModel[];
  drops: DropRule[];
  events: TimedEvent[];
  expects: Expectation[];
}

export interface HostModel {
  name: string;
  /** First address is the primary one; all are local to this host. */
  addresses: string[];
  /** Every catalogue sysctl that exists on the profile, with overrides applied. */
  sysctls: Record<string, number | number[]>;
  /** Names of the sysctls the scenario set explicitly. */
  overridden: string[];
  nics: NicModel[];
  apps: AppModel[];
  range: Range;
}

export interface NicModel {
  name: string;
  rxRing: number;
  txRing: number;
  /** Interrupt coalescing delay before the NAPI poll is scheduled. */
  irqDelayUs: number;
  /** Line rate in bits per second (0 = unlimited). */
  rateBps: number;
  range: Range;
}

export interface AppModel {
  name: string;
  host: string;
  /** RLIMIT_NOFILE and the descriptors already open at start (stdin, stdout, …). */
  nofile: { limit: number; used: number } | null;
  listens: ListenModel[];
  accept: AcceptModel;
  read: ReadModel;
  close: CloseModel | null;
  connects: ConnectModel[];
  sends: SendModel[];
  udpBinds: UdpBindModel[];
  udpSends: UdpSendModel[];
  range: Range;
}

export interface ListenModel {
  port: number;
  /** The backlog passed to listen(2), before the somaxconn clamp. */
  backlog: number;
  range: Range;
}

/** How the app drains its accept queue. `every` = one accept() per interval; 0 = as fast as possible. */
export type AcceptModel =
  | { mode: 'loop'; intervalUs: number }
  | { mode: 'off' };

/** How the app drains connected sockets: all at once, at a byte rate, or never. */
export type ReadModel =
  | { mode: 'all' }
  | { mode: 'rate'; bytesPerSec: number }
  | { mode: 'off' };

/** Close each connection this long after it was accepted or connected. */
export interface CloseModel {
  afterUs: number;
  range: Range;
}

export interface ConnectModel {
  /** Resolved destination address and port. */
  address: string;
  port: number;
  /** Host name when the destination was written as a host, else null. */
  targetHost: string | null;
  count: number;
  intervalUs: number;
  startUs: number;
  range: Range;
}

/** Data written on each connected socket after connect() returns. */
export interface SendModel {
  bytes: number;
  /** 0 = once. */
  intervalUs: number;
  /** How many writes in all (1 when intervalUs is 0). */
  count: number;
  range: Range;
}

export interface UdpBindModel {
  port: number;
  /** SO_RCVBUF as passed to setsockopt (the kernel doubles it), or null for rmem_default. */
  rcvbuf: number | null;
  /** Datagrams the app reads per second; 0 = never reads; Infinity = reads at once. */
  readPerSec: number;
  range: Range;
}

export interface UdpSendModel {
  address: string;
  port: number;
  targetHost: string | null;
  /** Datagrams per second. */
  ratePerSec: number;
  /** Payload bytes per datagram. */
  size: number;
  /** Total datagrams; Infinity = until the scenario ends. */
  count: number;
  startUs: number;
  range: Range;
}

export interface LinkModel {
  a: string;
  b: string;
  latencyUs: number;
  jitterUs: number;
  /** Probability 0..1 that a packet is lost, each direction. */
  loss: number;
  rateBps: number;
  range: Range;
}

/** Several hosts whose outgoing connections appear to come from one address (SNAT). */
export interface NatModel {
  name: string;
  address: string;
  hosts: string[];
  range: Range;
}

export type PacketKind = 'syn' | 'synack' | 'ack' | 'rst' | 'data' | 'fin' | 'tcp' | 'udp' | 'all';

export interface DropRule {
  what: PacketKind;
  from: { address: string; port: number | null } | null;
  to: { address: string; port: number | null } | null;
  fromUs: number;
  untilUs: number;
  /** Probability 0..1 that a matching packet is dropped. */
  chance: number;
  range: Range;
}

export type TimedEvent =
  | { atUs: number; action: 'stop' | 'continue' | 'kill'; host: string; app: string; range: Range }
  | { atUs: number; action: 'sysctl'; host: string; name: string; value: number | number[]; range: Range };

export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

export type ExpectSubject =
  /** `server.TcpExtListenOverflows` */
  | { kind: 'counter'; host: string; counter: string }
  /** `server.nc.accepted`, `client.load.established`, `server.nc.accept_queue` … */
  | { kind: 'app'; host: string; app: string; metric: string }
  /** `client.load[3].errno`, `client.load[10..19].send_q` — every connection in the range must match */
  | { kind: 'connection'; host: string; app: string; from: number; to: number; field: string };

export type ExpectValue = { kind: 'number'; value: number } | { kind: 'word'; value: string };

export interface Expectation {
  line: number;
  text: string;
  subject: ExpectSubject;
  op: CompareOp;
  value: ExpectValue;
  /** Absolute tolerance in the value's unit (µs for times, bytes for sizes). */
  tolerance: number;
  /** Evaluate at this time instead of at the end. */
  atUs: number | null;
  range: Range;
}
