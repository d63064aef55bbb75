// The simulated objects: hosts, apps, sockets (packets are in packet.ts). Plain classes with
// every field set in the constructor so V8 keeps one shape per kind; behaviour lives in the tcp/,
// udp, nic and apps modules, which all work on these.
import type { AppModel, HostModel, KernelProfile } from '../dsl/model';
import type { Mib } from './counters';
import { SlotList } from './slotlist';
import { SockTable } from './socktable';
import { TimeWaitTable } from './twtable';
import type { HotSysctls } from './sysctl';
import type { Packet } from './packet';
import type { ConnRecord } from './conntable';

export const SYN = 1;
export const ACK = 2;
export const RST = 4;
export const FIN = 8;
export const PSH = 16;

/**
 * `v` as a small integer when it is one. The checker's numbers may be doubles to V8 even when
 * integral; stored into an object field, one such value turns that field into a boxed double for
 * every object of the class (an allocation per object, and a migration of those already made).
 */
export function smi(v: number): number {
  return (v | 0) === v ? v | 0 : v;
}

/**
 * Small numbers for addresses, shared by the hosts of one simulation: packets and sockets carry
 * them beside the address strings, so the per-packet socket lookup hashes and compares integers.
 */
export class AddressIds {
  private readonly ids = new Map<string, number>();
  private readonly addrs: string[] = [];
  id(addr: string): number {
    let n = this.ids.get(addr);
    if (n === undefined) {
      this.ids.set(addr, (n = this.addrs.length));
      this.addrs.push(addr);
    }
    return n;
  }
  /** The address numbered `id`. */
  addr(id: number): string {
    return this.addrs[id];
  }
}

/** How many sockets get their own Recv-Q / Send-Q series on the timeline. */
export const MAX_DATA_SOCKS = 32;

/** TCP states, numbered as include/net/tcp_states.h does. */
export const enum St {
  ESTABLISHED = 1,
  SYN_SENT = 2,
  SYN_RECV = 3,
  FIN_WAIT1 = 4,
  FIN_WAIT2 = 5,
  TIME_WAIT = 6,
  CLOSE = 7,
  CLOSE_WAIT = 8,
  LAST_ACK = 9,
  LISTEN = 10,
  CLOSING = 11,
}

/** State names as ss prints them. */
export const STATE_NAMES: Record<number, string> = {
  1: 'ESTAB',
  2: 'SYN-SENT',
  3: 'SYN-RECV',
  4: 'FIN-WAIT-1',
  5: 'FIN-WAIT-2',
  6: 'TIME-WAIT',
  7: 'CLOSE',
  8: 'CLOSE-WAIT',
  9: 'LAST-ACK',
  10: 'LISTEN',
  11: 'CLOSING',
};

export class Host {
  readonly addresses: Set<string>;
  readonly primary: string;
  readonly mib: Mib;
  /** Established and request sockets by `laddr:lport>raddr:rport`. */
  readonly socks: SockTable<TcpSock | Req>;
  /**
   * TIME_WAIT sockets, apart: they outnumber the live ones (each stays 60 s) and few packets reach
   * them (twtable.ts).
   */
  readonly timeWait = new TimeWaitTable();
  /** AddressIds number of `primary`. */
  readonly primaryId: number;
  /** Position in the simulation's host list. */
  index = -1;
  readonly listeners = new Map<number, Listener>();
  readonly udp = new Map<number, UdpSock>();
  /** Local TCP ports in use (bound by some socket), for ephemeral port selection. */
  readonly portsInUse = new PortUse();
  nextPort: number;
  /** Offset of this host's TCP timestamp clock (ms): hosts booted at different times. */
  readonly tsOffset: number;
  /** tcp_metrics: per peer address, the last timestamp seen when a connection entered TIME_WAIT. */
  readonly peerTs = new Map<string, { ts: number; stampSec: number }>();
  /** Peers with saved RTT metrics (a connection to them completed): tcp_peer_is_proven. */
  readonly provenPeers = new Set<string>();
  nic: Nic | null = null;
  /** The per-CPU input backlog (netdev_max_backlog), created on first use. */
  backlog: Nic | null = null;
  readonly apps: App[] = [];
  /** Sum of Recv-Q / Send-Q over the host's TCP sockets. */
  recvQTotal = 0;
  sendQTotal = 0;

  constructor(
    readonly model: HostModel,
    readonly addrIds: AddressIds,
    readonly kernel: KernelProfile,
    readonly sysctl: (name: string) => number,
    /** The hot sysctls as numbers (kept current by the host's SysctlTable). */
    readonly sc: HotSysctls,
    mib: Mib,
    tsOffset: number,
    portStart: number,
  ) {
    this.socks = new SockTable(addrIds);
    this.addresses = new Set(model.addresses);
    this.primary = model.addresses[0] ?? '0.0.0.0';
    this.primaryId = addrIds.id(this.primary);
    this.mib = mib;
    this.tsOffset = tsOffset;
    this.nextPort = portStart;
  }

  get name(): string {
    return this.model.name;
  }
}

/** Sockets bound to each local port: a count per port in a typed array made on first use. */
export class PortUse {
  private counts: Int32Array | null = null;
  /** Ports with at least one socket. */
  size = 0;
  has(port: number): boolean {
    return this.counts !== null && this.counts[port] > 0;
  }
  add(port: number): void {
    const c = (this.counts ??= new Int32Array(65536));
    if (c[port]++ === 0) this.size++;
  }
  remove(port: number): void {
    const c = this.counts;
    if (c === null || c[port] === 0) return;
    // Counted on every call: a port's last socket going (rare in a short run) would otherwise be
    // the first use V8 sees of the count, after it compiled the callers, and cost a recompile.
    this.size -= --c[port] === 0 ? 1 : 0;
  }
}

/** A receive queue drained by NAPI: a NIC's RX ring, or the per-CPU backlog. */
export class Nic {
  host!: Host;
  /** Packets waiting in RX descriptors, oldest first. */
  ring: Packet[] = [];
  ringHead = 0;
  /** Most descriptors in use since the timeline last sampled this queue. */
  ringPeak = 0;
  pollScheduled = false;
  /** Packets polled in the current softirq run (net_rx_action budget) and when it started. */
  budgetUsed = 0;
  softirqStartUs = 0;
  /** Until when the CPU is busy with the last packet polled from this queue. */
  busyUntilUs = 0;
  constructor(
    readonly name: string,
    readonly rxRing: number,
    readonly irqDelayUs: number,
  ) {}
  get ringLen(): number {
    return this.ring.length - this.ringHead;
  }
  /** The high-water mark since the last call; the next interval starts from what is queued now. */
  takePeak(): number {
    const peak = Math.max(this.ringPeak, this.ringLen);
    this.ringPeak = this.ringLen;
    return peak;
  }
}

export class App {
  fdsUsed: number;
  readonly fdLimit: number;
  stopped = false;
  killed = false;
  /** Work that came due while the process was stopped, run at SIGCONT. */
  deferred: (() => void)[] = [];
  readonly listeners: Listener[] = [];
  readonly conns: ConnRecord[] = [];
  readonly udpSocks: UdpSock[] = [];
  /** Accepted (server-side) sockets still open. */
  readonly children = new SlotList<TcpSock>();
  accepted = 0;
  acceptErrors = 0;
  bytesRead = 0;
  acceptTimerAt = -1;
  constructor(
    readonly model: AppModel,
    readonly host: Host,
  ) {
    this.fdLimit = model.nofile ? model.nofile.limit : Infinity;
    this.fdsUsed = model.nofile ? model.nofile.used : 0;
  }
  get name(): string {
    return this.model.name;
  }
}

export class Listener {
  readonly acceptQ: TcpSock[] = [];
  acceptHead = 0;
  /** Pending requests (SYN_RECV), in arrival order. */
  readonly synQ = new SlotList<Req>();
  /** Requests whose SYN-ACK has not been retransmitted yet (qlen_young). */
  young = 0;
  /** 3.10: log2 of the request hash table size; the SYN queue is full at 1 << maxQlenLog. */
  readonly maxQlenLog: number;
  /** Last time the SYN queue overflowed into cookies (tcp_synq_overflow), µs. */
  lastOverflowUs = -Infinity;
  /** 3.10: phase of the listener's request-queue timer (TCP_SYNQ_INTERVAL ticks). */
  pruneBaseUs = 0;
  closed = false;
  constructor(
    readonly host: Host,
    readonly app: App,
    readonly port: number,
    readonly backlog: number,
    /** sk_max_ack_backlog: min(backlog, somaxconn). */
    readonly limit: number,
    maxSynBacklog: number,
  ) {
    // reqsk_queue_alloc (3.10): table = roundup_pow_of_two(max(8, min(backlog, max_syn_backlog)) + 1)
    const n = Math.max(8, Math.min(limit, maxSynBacklog)) + 1;
    let log = 3;
    while (1 << log < n) log++;
    this.maxQlenLog = log;
  }
  get acceptLen(): number {
    return this.acceptQ.length - this.acceptHead;
  }
}

/** A request socket (SYN_RECV): what the listener keeps between SYN and final ACK. */
export class Req {
  /** Position in the listener's synQ. */
  listSlot = -1;
  numTimeout = 0;
  acked = false;
  timerGen = 0;
  timerSlot = -1;
  synackAt = 0;
  tsRecent: number;
  constructor(
    readonly listener: Listener,
    /** AddressIds numbers of the local and remote address. */
    readonly laddrId: number,
    readonly lport: number,
    readonly raddrId: number,
    readonly rport: number,
    readonly rec: ConnRecord | null,
    tsRecent: number,
  ) {
    this.tsRecent = tsRecent;
  }
  // Derived rather than kept: a flood makes 100k requests, and each field is 8 bytes of each.
  get laddr(): string {
    return this.listener.host.addrIds.addr(this.laddrId);
  }
  get raddr(): string {
    return this.listener.host.addrIds.addr(this.raddrId);
  }
  get key(): number {
    return this.listener.host.socks.hash(this.laddrId, this.lport, this.raddrId, this.rport);
  }
}

/**
 * A TcpSock's boolean state as bits of one small integer: as eight fields they were 56 bytes of
 * each socket, and a flood's 100k sockets are all copied by the young-generation collector.
 */
const enum SockFlag {
  RttValid = 1,
  FinRcvd = 2,
  FinQueued = 4,
  FinSent = 8,
  FinAcked = 16,
  Accepted = 32,
  ClosedByApp = 64,
  EverHadData = 128,
}

export class TcpSock {
  // Fields are laid out in memory in the order they are declared (after the constructor's
  // parameters: host, address numbers and ports). A flood keeps 100k sockets that do not fit in
  // cache, and each retransmission touches one cold socket: the fields a timer and a segment send
  // read come first, so they share a few cache lines instead of being spread over all of them.
  state: St = St.CLOSE;
  // retransmission timer (icsk_retransmit_timer); timerSlot is its pending event, for cancel
  timerGen = 0;
  timerSlot = -1;
  timerAt = -1;
  rto = 1_000_000;
  retransmits = 0;
  /** Time the oldest unacknowledged segment was first sent (retrans_stamp), µs. */
  retransStamp = -1;
  backoff = 0;
  /** `rec.id`, kept here so sending a SYN touches only this object. */
  recId = -1;
  rec: ConnRecord | null = null;
  /** The boolean state (rttValid, finRcvd, ...: accessors at the end), as SockFlag bits. */
  flags = SockFlag.RttValid;
  lastSendUs = -1;
  tsRecent = -1;
  /** The cookie this side echoes (the SYN-ACK it accepted was a syncookie), or -1. */
  cookieAt = -1;
  // receive side
  rcvNxt = 0;
  rcvbuf: number;
  // send side (bytes; FIN occupies one unit after `written`). Setters keep the host's Send-Q and
  // Recv-Q totals current, so the timeline samples them without walking every socket.
  private _recvQ = 0;
  private _written = 0;
  private _sndUna = 0;
  get written(): number {
    return this._written;
  }
  set written(v: number) {
    this.host.sendQTotal += v - this._written;
    this._written = v;
  }
  get sndUna(): number {
    return this._sndUna;
  }
  set sndUna(v: number) {
    this.host.sendQTotal -= v - this._sndUna;
    this._sndUna = v;
  }
  get recvQ(): number {
    return this._recvQ;
  }
  set recvQ(v: number) {
    this.host.recvQTotal += v - this._recvQ;
    this._recvQ = v;
  }
  sndNxt = 0;
  peerWin = 65535;
  app: App | null = null;
  srttUs = -1;
  mdevUs = 0;
  tsRecentStampSec = -1;
  /** Pending socket error (sk_err), reported once by the next read or write. */
  err: string | null = null;
  readTimerAt = -1;
  /** Position in the app's children. */
  listSlot = -1;
  constructor(
    readonly host: Host,
    /** AddressIds numbers of `laddr` / `raddr`. */
    readonly laddrId: number,
    readonly lport: number,
    readonly raddrId: number,
    readonly rport: number,
  ) {
    this.rcvbuf = host.sc.tcpRmemDefault;
  }
  // Derived rather than kept: every connection makes two sockets, and each field is 8 bytes of each.
  get laddr(): string {
    return this.host.addrIds.addr(this.laddrId);
  }
  get raddr(): string {
    return this.host.addrIds.addr(this.raddrId);
  }
  /** Key in the host's socket tables. */
  get key(): number {
    return this.host.socks.hash(this.laddrId, this.lport, this.raddrId, this.rport);
  }
  get sendQ(): number {
    return this._written - this._sndUna;
  }
  // Boolean state, each a bit of `flags` (accessors defined below the class).
  /** No RTT sample may be taken from a retransmitted segment (Karn). */
  declare rttValid: boolean;
  declare finRcvd: boolean;
  declare finQueued: boolean;
  declare finSent: boolean;
  declare finAckedFlag: boolean;
  declare accepted: boolean;
  /** The app closed its descriptor (orphan). */
  declare closedByApp: boolean;
  declare everHadData: boolean;
}

const FLAG_ACCESSORS: [keyof TcpSock, SockFlag][] = [
  ['rttValid', SockFlag.RttValid],
  ['finRcvd', SockFlag.FinRcvd],
  ['finQueued', SockFlag.FinQueued],
  ['finSent', SockFlag.FinSent],
  ['finAckedFlag', SockFlag.FinAcked],
  ['accepted', SockFlag.Accepted],
  ['closedByApp', SockFlag.ClosedByApp],
  ['everHadData', SockFlag.EverHadData],
];
for (const [name, bit] of FLAG_ACCESSORS) {
  Object.defineProperty(TcpSock.prototype, name, {
    get(this: { flags: number }) {
      return (this.flags & bit) !== 0;
    },
    set(this: { flags: number }, v: boolean) {
      // One expression for both values: clearing a bit first happens late (the first SYN
      // retransmission clears rttValid), and a branch first run then costs its callers a recompile.
      this.flags = (this.flags & ~bit) | (v ? bit : 0);
    },
  });
}

export class UdpSock {
  queue: number[] = [];
  queueHead = 0;
  /** sk_rmem_alloc: truesize of the queued datagrams. */
  rmem = 0;
  queuedBytes = 0;
  received = 0;
  drops = 0;
  readScheduled = false;
  constructor(
    readonly host: Host,
    readonly app: App,
    readonly port: number,
    /** sk_rcvbuf (what getsockopt(SO_RCVBUF) returns). */
    readonly rcvbuf: number,
    readonly readPerSec: number,
  ) {}
}
