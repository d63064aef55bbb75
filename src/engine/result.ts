// The run result: what views, diagnosis, the CLI's --json and tests all read.
// Field names are a public contract (issue 3): add fields freely, never rename.
import type { KernelProfile } from '../dsl/model';

export type ConnectionOutcome = 'established' | 'refused' | 'timedout' | 'reset' | 'pending';

export interface RunResult {
  scenario: string;
  kernel: KernelProfile;
  seed: number;
  durationMs: number;
  hosts: Record<string, HostResult>;
  connections: ConnectionResult[];
  listeners: ListenerResult[];
  udp: UdpResult[];
  expectations: ExpectationResult[];
  timeline: Timeline;
  events: PacketEvent[];
  /** How many packet events were left out of `events` by the cap. */
  eventsDropped: number;
  /** Set when the run was stopped early through its AbortSignal: the state is at that moment. */
  aborted?: boolean;
  /** How much work the run took (simulation events executed). */
  stats?: { events: number };
}

export interface HostResult {
  /** Final values by nstat name (only counters the model knows; zeros included). */
  counters: Record<string, number>;
  /** Effective sysctl values. */
  sysctls: Record<string, number | number[]>;
  addresses: string[];
}

export interface ConnectionResult {
  host: string;
  app: string;
  index: number;
  local: string;
  remote: string;
  result: ConnectionOutcome;
  errno: string | null;
  /** When connect() returned (ms of simulated time), or null if it had not. */
  connectMs: number | null;
  /** Times each SYN (first and retransmissions) left the client. */
  synSentMs: number[];
  clientState: string;
  sendQ: number;
  recvQ: number;
  /** Server-side socket state, or `none` where the server has no socket for it. */
  serverState: string;
  accepted: boolean;
  /** Retransmission timer as ss -o shows it, e.g. `on,1.2s,3`, or null. */
  timer: string | null;
  /** The last error a syscall returned on it (a write after ECONNRESET gets EPIPE), or null. */
  lastErrno: string | null;
  /** Recv-Q / Send-Q of the server's socket for it (0 when it has none). */
  serverRecvQ: number;
  serverSendQ: number;
  /** Optional: every socket state change of this connection, in time order, for the socket
   * table at a cursor time (views derive states from `events` when this is absent). */
  transitions?: StateChange[];
}

export interface StateChange {
  /** Simulated time in ms. */
  t: number;
  side: 'client' | 'server';
  /** As ss prints it (`SYN-SENT`, `ESTAB`, …), or `none` once the socket is gone. */
  state: string;
}

export interface ListenerResult {
  host: string;
  app: string;
  port: number;
  backlog: number;
  /** min(backlog, somaxconn): the accept queue is full when its length exceeds this. */
  limit: number;
  acceptQueue: number;
  synQueue: number;
}

export interface UdpResult {
  host: string;
  app: string;
  port: number;
  /** SO_RCVBUF as getsockopt returns it (doubled). */
  rcvbuf: number;
  received: number;
  drops: number;
  /** Bytes queued at the end (sk_rmem_alloc). */
  queued: number;
}

export interface ExpectationResult {
  line: number;
  text: string;
  passed: boolean;
  /** The observed value, rendered as the expectation's unit would write it. */
  actual: string;
}

export interface Timeline {
  /** Sample times in ms. */
  t: number[];
  series: TimelineSeries[];
}

export interface TimelineSeries {
  /** Stable id, e.g. `server/listen:8080/acceptQueue`. */
  id: string;
  host: string;
  /** What it belongs to: a listener, socket, udp socket, nic, or `counters`. */
  group: string;
  name: string;
  unit: 'count' | 'bytes' | 'packets';
  /** Upper bound to draw alongside (queue limit, buffer size, ring size), if any. */
  limit?: number;
  /** Optional: the connection (`host/app#index`) a per-socket series belongs to, and its side. */
  conn?: string;
  side?: 'client' | 'server';
  values: number[];
}

export interface PacketEvent {
  /** Simulated time in ms (fractional). */
  t: number;
  kind: 'send' | 'recv' | 'drop';
  host: string;
  src: string;
  dst: string;
  proto: 'tcp' | 'udp';
  /** TCP flags as tcpdump writes them (`S`, `S.`, `.`, `P.`, `R`, `F.`) or `udp`. */
  flags: string;
  len: number;
  /** Connection index this packet belongs to (`host/app#index`), when known. */
  conn?: string;
  retransmit?: boolean;
  /** For drops: why, and the counter it bumped (if any). */
  reason?: string;
  counter?: string;
}
