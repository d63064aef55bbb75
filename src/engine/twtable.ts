// A host's TIME_WAIT mini-sockets (inet_timewait_sock) as rows of typed arrays, indexed by 4-tuple
// with the same open-addressing table as the established hash. A client's TIME_WAIT sockets
// outlive a short run (100k of them in the 100k-connection benchmark), and its connection records
// keep them to the end: as objects, every one was copied twice by the young-generation collector
// and then marked by each full collection, about a tenth of that run's time; as rows they are a
// few numbers in arrays the collector never looks into. The kernel keeps them in the established
// hash itself; a tuple is never in both tables here, so looking in `socks` first and then here
// finds what its lookup finds, while the table every segment looks up first stays small. The
// tuple index is built on the first look-up and kept from then on: a client host's TIME_WAIT
// sockets are mostly never looked up (no segment reaches them), and indexing 100k of them was a
// hash-table insert, with a cache miss, per connection.
import { TupleTable } from './socktable';
import { grownF64, grownI32 } from './events';
import type { ConnRecord } from './conntable';

const DEAD = 1;
/** Expires after the full TCP_TIMEWAIT_LEN (else recycled early by tcp_tw_recycle). */
const FULL = 2;
/** A connection record refers to the row (its client went to TIME_WAIT): never reused. */
const PINNED = 4;

export class TimeWaitTable extends TupleTable<number> {
  // The columns grow: assigned in the constructor, as the arrays of EventQueue (see there).
  private key: Int32Array;
  laddrId: Int32Array;
  lport: Int32Array;
  raddrId: Int32Array;
  rport: Int32Array;
  /** The peer's last timestamp (ts_recent), or -1. */
  tsRecent: Float64Array;
  /** Generation of the row's expiry event: bumped when the socket goes early (RST, new SYN). */
  gen: Int32Array;
  private flags: Int32Array;
  /** The client connection the socket belongs to, for packets it sends. */
  readonly rec: (ConnRecord | null)[] = [];
  private rows = 0;
  /** Rows of sockets gone that no record refers to. */
  private readonly free: number[] = [];
  /** Whether the tuple index holds the live rows (it does from the first look-up on). */
  private indexed = false;

  constructor() {
    super();
    this.key = new Int32Array(64);
    this.laddrId = new Int32Array(64);
    this.lport = new Int32Array(64);
    this.raddrId = new Int32Array(64);
    this.rport = new Int32Array(64);
    this.tsRecent = new Float64Array(64);
    this.gen = new Int32Array(64);
    this.flags = new Int32Array(64);
  }

  /** A TIME_WAIT socket for the tuple; returns its row. */
  add(key: number, laddrId: number, lport: number, raddrId: number, rport: number, tsRecent: number, rec: ConnRecord | null, fullTimeout: boolean): number {
    let row = this.free.pop();
    if (row === undefined) {
      row = this.rows++;
      if (row === this.key.length) this.growRows(row * 2);
      this.rec.push(null);
    }
    this.key[row] = key;
    this.laddrId[row] = laddrId;
    this.lport[row] = lport;
    this.raddrId[row] = raddrId;
    this.rport[row] = rport;
    this.tsRecent[row] = tsRecent;
    this.rec[row] = rec;
    this.flags[row] = fullTimeout ? FULL : 0;
    this.gen[row]++;
    if (this.indexed) this.set(key, row);
    return row;
  }

  /** The row of the tuple's TIME_WAIT socket, if there is one (the way to look up: not `get`). */
  lookup(hash: number, laddr: number, lport: number, raddr: number, rport: number): number | undefined {
    if (!this.indexed) this.index();
    return this.get(hash, laddr, lport, raddr, rport);
  }

  private index(): void {
    this.indexed = true;
    for (let row = 0; row < this.rows; row++) if ((this.flags[row] & DEAD) === 0) this.set(this.key[row], row);
  }

  isDead(row: number): boolean {
    return (this.flags[row] & DEAD) !== 0;
  }

  fullTimeout(row: number): boolean {
    return (this.flags[row] & FULL) !== 0;
  }

  /** A connection record keeps the row, to report the socket's address and fate. */
  pin(row: number): void {
    this.flags[row] |= PINNED;
  }

  /** The socket is gone: out of the index, its row free unless a record keeps it. */
  kill(row: number): void {
    this.flags[row] |= DEAD;
    if (this.indexed) this.delete(this.key[row], row);
    if ((this.flags[row] & PINNED) === 0) {
      this.rec[row] = null;
      this.free.push(row);
    }
  }

  protected matches(row: number, laddr: number, lport: number, raddr: number, rport: number): boolean {
    return this.lport[row] === lport && this.rport[row] === rport && this.raddrId[row] === raddr && this.laddrId[row] === laddr;
  }

  protected sameTuple(a: number, b: number): boolean {
    return this.matches(a, this.laddrId[b], this.lport[b], this.raddrId[b], this.rport[b]);
  }

  private growRows(cap: number): void {
    this.key = grownI32(this.key, cap);
    this.laddrId = grownI32(this.laddrId, cap);
    this.lport = grownI32(this.lport, cap);
    this.raddrId = grownI32(this.raddrId, cap);
    this.rport = grownI32(this.rport, cap);
    this.tsRecent = grownF64(this.tsRecent, cap);
    this.gen = grownI32(this.gen, cap);
    this.flags = grownI32(this.flags, cap);
  }
}
