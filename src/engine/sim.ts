// The simulation: builds hosts, apps, links and NATs from the checked model, owns the event queue
// and the packet log, and maps event kinds to the modules that handle them.
import { KERNEL_PROFILES, type ConnectModel, type KernelProfile, type LinkModel, type NatModel, type Scenario, type TimedEvent, type UdpSendModel } from '../dsl/model';
import type { PacketEvent } from './result';
import { Mib } from './counters';
import { EventQueue } from './events';
import { Random } from './random';
import { SynLog } from './synlog';
import { ConnTable } from './conntable';
import { SysctlTable } from './sysctl';
import { ACK, AddressIds, App, FIN, Host, Nic, PSH, RST, smi, SYN } from './world';
import type { Listener, TcpSock, UdpSock } from './world';
import type { ConnRecord } from './conntable';
import { PacketPool, type Packet } from './packet';
import { LogTexts } from './logtext';
import { deliverPacket, napiPoll } from './nic';
import { compileDrops, type CompiledDrop } from './network';
import { tcpRetransmitTimer } from './tcp/timers';
import { reqTimer } from './tcp/listen';
import { twExpire } from './tcp/timewait';
import { appAcceptTick, appCloseConn, appConnect, appRead, appSend, runTimedEvent, startApps } from './apps';
import { udpReadOne, udpSendOne } from './udp';

export interface SimOptions {
  seed: number;
  /** The run ends here (µs): nothing later is scheduled. */
  untilUs: number;
  maxEvents: number;
  eventFilter?: (e: PacketEvent) => boolean;
}

export interface UdpGroup {
  app: App;
  sport: number;
  /** AddressIds number of the destination, and its port. */
  dstId: number;
  dport: number;
  spec: UdpSendModel;
}

export interface ConnectGroup {
  app: App;
  /** AddressIds number of spec.address, and spec.port as a small integer (see `smi`). */
  dstId: number;
  port: number;
  spec: ConnectModel;
}

export class Sim {
  readonly q = new EventQueue();
  readonly packets = new PacketPool();
  readonly rng: Random;
  readonly kernel: KernelProfile;
  readonly hosts: Host[] = [];
  readonly hostByName = new Map<string, Host>();
  readonly hostByAddr = new Map<string, Host>();
  /** The same by AddressIds number (undefined for an address no host has). */
  readonly hostById: (Host | undefined)[] = [];
  readonly sysctls = new Map<Host, SysctlTable>();
  readonly addrIds = new AddressIds();
  /** The link from host i to host j at [i * hosts + j] (looked up per packet), or null. */
  private linkTable: (LinkModel | null)[] = [];
  /** Per link direction: when the wire is free again (rate limiting). */
  readonly wireFreeAt = new Map<string, number>();
  readonly natByHost = new Map<string, NatModel>();
  readonly natByAddr = new Map<string, NatModel>();
  /** SNAT mappings: `inner -> outer port` and `outer -> inner`, per NAT. */
  readonly natOut = new Map<string, number>();
  readonly natIn = new Map<string, { host: Host; addr: string; port: number }>();
  readonly natNextPort = new Map<string, number>();
  readonly conns: ConnRecord[] = [];
  readonly syns = new SynLog();
  readonly connTable = new ConnTable(this.syns, this.addrIds, this.hosts);
  readonly listeners: Listener[] = [];
  readonly udpSocks: UdpSock[] = [];
  readonly apps: App[] = [];
  /** The first sockets that held data, in the order they did (the timeline draws these). */
  readonly dataSocks: TcpSock[] = [];
  readonly events: PacketEvent[] = [];
  /** The scenario's `drop` rules, tested per packet. */
  readonly drops: CompiledDrop[];
  /** Every packet kind some drop rule names (network.ts packetKinds bits). */
  readonly dropKinds: number;
  /** Packet events `log` was given, and those the event filter turned down (see `eventsDropped`). */
  private logged = 0;
  private filteredOut = 0;
  private readonly logTexts = new LogTexts();
  private readonly maxEvents: number;
  private readonly eventFilter?: (e: PacketEvent) => boolean;

  // event kinds
  readonly EV_DELIVER: number;
  readonly EV_NAPI: number;
  readonly EV_RTO: number;
  readonly EV_REQ: number;
  readonly EV_TW: number;
  readonly EV_CONNECT: number;
  readonly EV_SEND: number;
  readonly EV_CLOSE: number;
  readonly EV_ACCEPT: number;
  readonly EV_READ: number;
  readonly EV_UDP_SEND: number;
  readonly EV_UDP_READ: number;
  readonly EV_TIMED: number;
  readonly EV_SAMPLE: number;
  readonly EV_EXPECT: number;
  /** Set by runScenario: the timeline sampler and the at-time expectation check. */
  onSample: () => void = () => {};
  onExpectAt: (atUs: number) => void = () => {};

  constructor(
    readonly model: Scenario,
    opts: SimOptions,
  ) {
    // The profile name as the module's own constant: hot paths compare it per packet, and two
    // identical literal strings compare by pointer, a name cut from the source text by content.
    this.kernel = KERNEL_PROFILES.find((k) => k === model.kernel) ?? model.kernel;
    this.rng = new Random(opts.seed);
    this.q.horizon = opts.untilUs;
    this.maxEvents = opts.maxEvents;
    this.eventFilter = opts.eventFilter;
    this.drops = compileDrops(model.drops, this.addrIds);
    this.dropKinds = this.drops.reduce((k, d) => k | d.kinds, 0);
    const q = this.q;
    this.EV_DELIVER = q.define((p: Packet) => deliverPacket(this, p));
    this.EV_NAPI = q.define((n: Nic) => napiPoll(this, n));
    this.EV_RTO = q.define((s: TcpSock, _a, gen) => s.timerGen === gen && tcpRetransmitTimer(this, s));
    this.EV_REQ = q.define((r, _a, gen) => r.timerGen === gen && reqTimer(this, r));
    this.EV_TW = q.define((h: Host, row, gen) => h.timeWait.gen[row] === gen && twExpire(this, h, row));
    this.EV_CONNECT = q.define((g: ConnectGroup, i) => appConnect(this, g, i));
    this.EV_SEND = q.define((s: TcpSock, left) => appSend(this, s, left));
    this.EV_CLOSE = q.define((s: TcpSock) => appCloseConn(this, s));
    this.EV_ACCEPT = q.define((a: App) => appAcceptTick(this, a));
    this.EV_READ = q.define((s: TcpSock) => appRead(this, s));
    this.EV_UDP_SEND = q.define((g: UdpGroup, i) => udpSendOne(this, g, i));
    this.EV_UDP_READ = q.define((u: UdpSock) => udpReadOne(this, u));
    this.EV_TIMED = q.define((e: TimedEvent) => runTimedEvent(this, e));
    this.EV_SAMPLE = q.define(() => this.onSample());
    this.EV_EXPECT = q.define((_t, atUs) => this.onExpectAt(atUs));
    this.build();
  }

  private build(): void {
    const m = this.model;
    for (const hm of m.hosts) {
      const table = new SysctlTable(hm, this.kernel);
      const range = table.vec('net.ipv4.ip_local_port_range');
      const lo = range[0] ?? 32768;
      const hi = range[1] ?? 60999;
      // Each host's timestamp clock started at its own boot: an arbitrary offset (up to ~6 days of
      // uptime, which keeps timestamps small integers for V8 and changes no comparison).
      const tsOffset = this.rng.nextU32() >>> 3;
      const portStart = smi(lo + (this.rng.nextU32() % Math.max(1, hi - lo + 1)));
      const h = new Host(hm, this.addrIds, this.kernel, table.num, table.hot, new Mib(this.kernel), tsOffset, portStart);
      this.sysctls.set(h, table);
      if (hm.nics.length > 0) {
        const n = hm.nics[0];
        h.nic = new Nic(n.name, n.rxRing, n.irqDelayUs);
        h.nic.host = h;
      }
      h.index = this.hosts.length;
      this.hosts.push(h);
      this.hostByName.set(hm.name, h);
      for (const a of hm.addresses) {
        this.hostByAddr.set(a, h);
        this.hostById[this.addrIds.id(a)] = h;
      }
    }
    const n = this.hosts.length;
    this.linkTable = new Array<LinkModel | null>(n * n).fill(null);
    for (const l of m.links) {
      const a = this.hostByName.get(l.a);
      const b = this.hostByName.get(l.b);
      if (!a || !b) continue;
      this.linkTable[a.index * n + b.index] = l;
      this.linkTable[b.index * n + a.index] = l;
    }
    for (const n of m.nats) {
      this.natByAddr.set(n.address, n);
      for (const h of n.hosts) this.natByHost.set(h, n);
    }
    for (const h of this.hosts) {
      for (const am of h.model.apps) {
        const app = new App(am, h);
        h.apps.push(app);
        this.apps.push(app);
      }
    }
    startApps(this);
    for (const e of m.events) this.q.at(e.atUs, this.EV_TIMED, e);
  }

  link(a: Host, b: Host): LinkModel | null {
    return this.linkTable[a.index * this.hosts.length + b.index];
  }

  sysctlTable(h: Host): SysctlTable {
    return this.sysctls.get(h)!;
  }

  /** Bumps counter `id` (an index from counters.ts `C`). */
  inc(h: Host, id: number, by = 1): void {
    h.mib.values[id] += by;
  }

  /**
   * Whether `log` would look at an event now. Once the log is full (and unfiltered) events are only
   * counted: a caller whose reason is built per packet builds it only when this is true.
   */
  get logging(): boolean {
    // The filter is tested first so that both tests run from the first event on: a test that
    // V8 first meets when the log fills up (10,000 events in) throws away the compiled code of
    // every function it was inlined into.
    return this.eventFilter !== undefined || this.events.length < this.maxEvents;
  }

  /** Events past maxEvents (or past the filter and the log was full): counted, not kept. */
  get eventsDropped(): number {
    return this.logged - this.filteredOut - this.events.length;
  }

  /** Records a packet event (bounded by maxEvents; the rest are only counted). */
  log(kind: PacketEvent['kind'], host: Host, p: Packet, reason?: string, counter?: string): void {
    // Small enough for V8 to inline into every caller: once the log is full, a packet costs a
    // count. The count is of every event, so nothing here first runs when the log fills up.
    this.logged++;
    if (this.logging) this.record(kind, host, p, reason, counter);
  }

  private record(kind: PacketEvent['kind'], host: Host, p: Packet, reason: string | undefined, counter: string | undefined): void {
    const e: PacketEvent = {
      t: this.q.now / 1000,
      kind,
      host: host.name,
      src: this.logTexts.endpoint(p.src, p.srcId, p.sport),
      dst: this.logTexts.endpoint(p.dst, p.dstId, p.dport),
      proto: p.tcp ? 'tcp' : 'udp',
      flags: p.tcp ? flagText(p.flags, p.len) : 'udp',
      len: p.len,
    };
    if (p.rec) e.conn = this.logTexts.label(p.rec);
    if (p.retransmit) e.retransmit = true;
    if (reason !== undefined) e.reason = reason;
    if (counter !== undefined) e.counter = counter;
    if (this.eventFilter && !this.eventFilter(e)) {
      this.filteredOut++;
      return;
    }
    if (this.events.length < this.maxEvents) this.events.push(e);
  }
}

/** TCP flags as tcpdump prints them. */
export function flagText(flags: number, len: number): string {
  return FLAG_TEXT[(flags & (SYN | ACK | RST | FIN | PSH)) | (len > 0 ? PSH : 0)];
}

/**
 * The text of every combination of the five flags, made once: built per event, the branch of a
 * flag V8 first met after compiling (the first FIN comes 5 ms into a run) cost a recompile.
 */
const FLAG_TEXT: readonly string[] = Array.from({ length: 32 }, (_, f) => {
  let s = '';
  if (f & SYN) s += 'S';
  if (f & FIN) s += 'F';
  if (f & RST) s += 'R';
  if (f & PSH) s += 'P';
  if (f & ACK) s += '.';
  return s || '.';
});
