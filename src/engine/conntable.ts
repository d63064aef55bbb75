// Client connections as the results track them: the ConnRecord of each connect() call, and the
// ConnTable beside it. What the results need of a connection (outcome, errors, the server's view
// of the tuple, the destination) lives in the table's rows of numbers, indexed by the record's
// id, rather than in fields of the record. A short run's 100k records all live to the end, and the
// young-generation collector copies every record twice (within the young space, then out of it):
// each field moved out is 8 bytes less to copy per record, while the rows are one typed array the
// collector never looks into. The record keeps getters and setters of the same names, so the
// modules that read and write them do not change.
import type { ConnectionOutcome } from './result';
import type { SynLog } from './synlog';
import type { AddressIds, App, Host, TcpSock } from './world';
import { grownI32 } from './events';

/** Outcomes by code; code 0 is the initial `pending`. */
export const OUTCOMES: readonly ConnectionOutcome[] = ['pending', 'established', 'refused', 'timedout', 'reset'];

function outcomeCode(r: ConnectionOutcome): number {
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

// A row of the table: one int32 per field, ROW of them per connection, all 0 at first. A field
// that refers to something by position or number holds that number + 1, so 0 is "none".
const RESULT = 0;
const ACCEPTED = 1;
const SERVER_RPORT = 2;
const REMOTE_PORT = 3;
/** TIME_WAIT row of the client's socket in its host's timeWait. */
const TW_ROW = 4;
/** Codes (positions in ConnTable's errno names) of the first and the latest error (0: none). */
const ERRNO = 5;
const LAST_ERRNO = 6;
/** AddressIds numbers. */
const SERVER_RADDR = 7;
const REMOTE_ADDR = 8;
/** Position of the server host in the simulation's host list. */
const SERVER_HOST = 9;
/** The connection's position in its app's list. */
const INDEX = 10;
const ROW = INDEX + 1;

export class ConnTable {
  /**
   * The rows, by id. Numbers only (strings and hosts as small numbers): pointers stored here would
   * make the collector visit every row, and each store of a new one would be a write barrier.
   */
  private rows: Int32Array;
  /** Errno names by code, code 0 for none (a handful ever occur). */
  private readonly errnos: (string | null)[] = [null];

  constructor(
    /** SYN, connect and failure times of the same ids. */
    readonly syns: SynLog,
    private readonly ids: AddressIds,
    /** The simulation's hosts, by position. */
    private readonly hosts: readonly Host[],
  ) {
    // Assigned here, not where declared, as the arrays of EventQueue (see there): it grows.
    this.rows = new Int32Array(1024 * ROW);
  }

  /** Row `id` (the next one) for connection `index` of its app, to address number `remoteAddrId`, port `remotePort`. */
  add(id: number, index: number, remoteAddrId: number, remotePort: number): void {
    if ((id + 1) * ROW > this.rows.length) this.rows = grownI32(this.rows, id * 2 * ROW);
    const r = id * ROW;
    this.rows[r + REMOTE_PORT] = remotePort;
    this.rows[r + REMOTE_ADDR] = remoteAddrId + 1;
    this.rows[r + INDEX] = index;
  }

  get(id: number, field: number): number {
    return this.rows[id * ROW + field];
  }
  set(id: number, field: number, v: number): void {
    this.rows[id * ROW + field] = v;
  }
  /** A field holding a number + 1 (0: none), as the number or -1. */
  ref(id: number, field: number): number {
    return this.rows[id * ROW + field] - 1;
  }
  setRef(id: number, field: number, n: number): void {
    this.rows[id * ROW + field] = n + 1;
  }
  address(id: number, field: number): string {
    const a = this.ref(id, field);
    return a < 0 ? '' : this.ids.addr(a);
  }
  errno(id: number, field: number): string | null {
    return this.errnos[this.get(id, field)];
  }
  setErrno(id: number, field: number, e: string | null): void {
    let c = this.errnos.indexOf(e);
    if (c < 0) c = this.errnos.push(e) - 1;
    this.set(id, field, c);
  }
  host(id: number): Host | null {
    const h = this.ref(id, SERVER_HOST);
    return h < 0 ? null : this.hosts[h];
  }
}

/**
 * One client connection (one connect() call), tracked for the results. Only what the run follows
 * per packet is a field; the rest lives in the simulation's ConnTable under `id` (conntable.ts).
 */
export class ConnRecord {
  /** The client socket; once it is in TIME_WAIT with nothing queued, `twRow` stands in for it. */
  sock: TcpSock | null = null;
  constructor(
    /** Position in the simulation's list of connections, and its row in `table`. */
    readonly id: number,
    private readonly table: ConnTable,
    readonly app: App,
    index: number,
    /** Destination as written in the scenario (its address as an AddressIds number). */
    remoteAddrId: number,
    remotePort: number,
  ) {
    table.add(id, index, remoteAddrId, remotePort);
  }
  /** Position in the app's connections (`app[index]` in expectations). */
  get index(): number {
    return this.table.get(this.id, INDEX);
  }
  get result(): ConnectionOutcome {
    return OUTCOMES[this.table.get(this.id, RESULT)];
  }
  set result(r: ConnectionOutcome) {
    this.table.set(this.id, RESULT, outcomeCode(r));
  }
  get errno(): string | null {
    return this.table.errno(this.id, ERRNO);
  }
  set errno(e: string | null) {
    this.table.setErrno(this.id, ERRNO, e);
  }
  get lastErrno(): string | null {
    return this.table.errno(this.id, LAST_ERRNO);
  }
  set lastErrno(e: string | null) {
    this.table.setErrno(this.id, LAST_ERRNO, e);
  }
  /**
   * The server's view of the tuple (after NAT), addresses as AddressIds numbers: its local
   * endpoint is the destination as written (`serverLaddrId` / `serverLport`), its remote one the
   * client's address as the server sees it (-1 before connect() got a socket).
   */
  get serverRaddrId(): number {
    return this.table.ref(this.id, SERVER_RADDR);
  }
  set serverRaddrId(a: number) {
    this.table.setRef(this.id, SERVER_RADDR, a);
  }
  get serverRport(): number {
    return this.table.get(this.id, SERVER_RPORT);
  }
  set serverRport(p: number) {
    this.table.set(this.id, SERVER_RPORT, p);
  }
  get serverHost(): Host | null {
    return this.table.host(this.id);
  }
  set serverHost(h: Host | null) {
    this.table.setRef(this.id, SERVER_HOST, h ? h.index : -1);
  }
  /**
   * The row in the client host's timeWait of the TIME_WAIT socket the client's socket became, or
   * -1. The app closed it before, so nothing about it changes any more: the record keeps this
   * row and lets the full socket go (with 100k connections, most of the memory a run would
   * otherwise hold to the end).
   */
  get twRow(): number {
    return this.table.ref(this.id, TW_ROW);
  }
  set twRow(row: number) {
    this.table.setRef(this.id, TW_ROW, row);
  }
  get accepted(): boolean {
    return this.table.get(this.id, ACCEPTED) === 1;
  }
  set accepted(a: boolean) {
    this.table.set(this.id, ACCEPTED, a ? 1 : 0);
  }
  get remoteAddr(): string {
    return this.table.address(this.id, REMOTE_ADDR);
  }
  get remoteAddrId(): number {
    return this.table.ref(this.id, REMOTE_ADDR);
  }
  get remotePort(): number {
    return this.table.get(this.id, REMOTE_PORT);
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
  /** Send-Q / Recv-Q of the client socket (0 once `twRow` stands in for it). */
  get sendQ(): number {
    return this.sock ? this.sock.sendQ : 0;
  }
  get recvQ(): number {
    return this.sock ? this.sock.recvQ : 0;
  }
  get serverLaddrId(): number {
    return this.remoteAddrId;
  }
  get serverLport(): number {
    return this.remotePort;
  }
  /** Whether `other` connects to the same destination. */
  sameRemote(other: ConnRecord): boolean {
    const t = this.table;
    return t.get(this.id, REMOTE_ADDR) === t.get(other.id, REMOTE_ADDR) && t.get(this.id, REMOTE_PORT) === t.get(other.id, REMOTE_PORT);
  }
  get remote(): string {
    return `${this.remoteAddr}:${this.remotePort}`;
  }
}
