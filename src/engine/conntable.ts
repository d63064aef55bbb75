// Client connections as the results track them: the ConnRecord of each connect() call, and the
// ConnTable beside it. What the results need of a connection (outcome, errors, the server's view
// of the tuple, the destination) lives in the table's arrays, indexed by the record's id, rather
// than in fields of the record. A short run's 100k records all live to the end, and the
// young-generation collector copies every record twice (within the young space, then out of it):
// each field moved out is 8 bytes less to copy per record, while the arrays, past a few thousand
// entries, sit in the large-object space where nothing is copied. The record keeps getters and
// setters of the same names, so the modules that read and write them do not change.
import type { ConnectionOutcome } from './result';
import type { SynLog } from './synlog';
import type { App, Host, TcpSock, Tw } from './world';
import { grownI32 } from './events';

/** Outcomes by code; code 0 is the initial `pending`. */
export const OUTCOMES: readonly ConnectionOutcome[] = ['pending', 'established', 'refused', 'timedout', 'reset'];

export function outcomeCode(r: ConnectionOutcome): number {
  switch (r) {
    case 'pending':
      return 0;
    case 'established':
      return 1;
    case 'refused':
      return 2;
    case 'timedout':
      return 3;
    case 'reset':
      return 4;
  }
}

export class ConnTable {
  /** OUTCOMES code, and accepted (1) or not, by id. */
  result: Int32Array = new Int32Array(1024);
  accepted: Int32Array = new Int32Array(1024);
  serverRport: Int32Array = new Int32Array(1024);
  remotePort: Int32Array = new Int32Array(1024);
  // Filled by push in id order (ids are handed out one by one as records are made).
  readonly errno: (string | null)[] = [];
  readonly lastErrno: (string | null)[] = [];
  readonly serverRaddr: string[] = [];
  readonly serverHost: (Host | null)[] = [];
  readonly remoteAddr: string[] = [];

  constructor(
    /** SYN, connect and failure times of the same ids. */
    readonly syns: SynLog,
  ) {}

  /** Row `id` (the next one) for a connection to `remoteAddr:remotePort`. */
  add(id: number, remoteAddr: string, remotePort: number): void {
    if (id === this.result.length) {
      const cap = id * 2;
      this.result = grownI32(this.result, cap);
      this.accepted = grownI32(this.accepted, cap);
      this.serverRport = grownI32(this.serverRport, cap);
      this.remotePort = grownI32(this.remotePort, cap);
    }
    this.remotePort[id] = remotePort;
    this.errno.push(null);
    this.lastErrno.push(null);
    this.serverRaddr.push('');
    this.serverHost.push(null);
    this.remoteAddr.push(remoteAddr);
  }
}

/**
 * One client connection (one connect() call), tracked for the results. Only what the run follows
 * per packet is a field; the rest lives in the simulation's ConnTable under `id` (conntable.ts).
 */
export class ConnRecord {
  /** The client socket; once it is in TIME_WAIT with nothing queued, `tw` stands in for it. */
  sock: TcpSock | null = null;
  /**
   * The TIME_WAIT socket the client's socket became. The app closed it before, so nothing about
   * it changes any more: the record keeps this small socket and lets the full one go (with 100k
   * connections, most of the memory a run would otherwise hold to the end).
   */
  tw: Tw | null = null;
  constructor(
    /** Position in the simulation's list of connections, and its row in `table`. */
    readonly id: number,
    private readonly table: ConnTable,
    readonly app: App,
    readonly index: number,
    /** Destination as written in the scenario. */
    remoteAddr: string,
    remotePort: number,
  ) {
    table.add(id, remoteAddr, remotePort);
  }
  get result(): ConnectionOutcome {
    return OUTCOMES[this.table.result[this.id]];
  }
  set result(r: ConnectionOutcome) {
    this.table.result[this.id] = outcomeCode(r);
  }
  get errno(): string | null {
    return this.table.errno[this.id];
  }
  set errno(e: string | null) {
    this.table.errno[this.id] = e;
  }
  get lastErrno(): string | null {
    return this.table.lastErrno[this.id];
  }
  set lastErrno(e: string | null) {
    this.table.lastErrno[this.id] = e;
  }
  /**
   * The server's view of the tuple (after NAT): its local endpoint is the destination as written
   * (`serverLaddr` / `serverLport`), its remote one the client's address as the server sees it.
   */
  get serverRaddr(): string {
    return this.table.serverRaddr[this.id];
  }
  set serverRaddr(a: string) {
    this.table.serverRaddr[this.id] = a;
  }
  get serverRport(): number {
    return this.table.serverRport[this.id];
  }
  set serverRport(p: number) {
    this.table.serverRport[this.id] = p;
  }
  get serverHost(): Host | null {
    return this.table.serverHost[this.id];
  }
  set serverHost(h: Host | null) {
    this.table.serverHost[this.id] = h;
  }
  get accepted(): boolean {
    return this.table.accepted[this.id] === 1;
  }
  set accepted(a: boolean) {
    this.table.accepted[this.id] = a ? 1 : 0;
  }
  get remoteAddr(): string {
    return this.table.remoteAddr[this.id];
  }
  get remotePort(): number {
    return this.table.remotePort[this.id];
  }
  /** When connect() returned, µs, or -1 (kept in the SynLog, see synlog.ts). */
  get connectUs(): number {
    return this.table.syns.connectUs(this.id);
  }
  set connectUs(t: number) {
    this.table.syns.setConnectUs(this.id, t);
  }
  /** When connect() failed (refused, timed out), µs, or -1. */
  get failUs(): number {
    return this.table.syns.failUs(this.id);
  }
  set failUs(t: number) {
    this.table.syns.setFailUs(this.id, t);
  }
  get synCount(): number {
    return this.table.syns.count(this.id);
  }
  get firstSynUs(): number {
    return this.table.syns.firstUs(this.id);
  }
  /** `host/app#index`, the name packet events use (built only when asked for). */
  get label(): string {
    return `${this.app.host.name}/${this.app.name}#${this.index}`;
  }
  /** Send-Q / Recv-Q of the client socket (0 once `tw` stands in for it). */
  get sendQ(): number {
    return this.sock ? this.sock.sendQ : 0;
  }
  get recvQ(): number {
    return this.sock ? this.sock.recvQ : 0;
  }
  get serverLaddr(): string {
    return this.remoteAddr;
  }
  get serverLport(): number {
    return this.remotePort;
  }
  get remote(): string {
    return `${this.remoteAddr}:${this.remotePort}`;
  }
}
