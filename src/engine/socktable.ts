// A host's table of connected, request and TIME_WAIT sockets (the kernel's established hash),
// keyed by the 4-tuple, addresses as AddressIds numbers (no string is hashed or compared per
// packet). The key is a 30-bit hash, so V8 keeps it a small integer (no boxed double or string
// per packet). The table is open addressing over a typed array of keys (linear probing,
// Fibonacci-hashed slot index), so a lookup touches one key array and the one socket it compares;
// sockets whose keys collide take the next free slots and are told apart tuple by tuple. A
// deletion shifts the rest of its run back (Knuth's algorithm R) instead of leaving a tombstone:
// a server's table sees an insert and a delete per request and per connection, and tombstones
// would make it rebuild (and allocate) over and over at the same size.
import type { AddressIds } from './world';

export interface TupleOwner {
  readonly laddrId: number;
  readonly lport: number;
  readonly raddrId: number;
  readonly rport: number;
}

const EMPTY = -1;

/**
 * The table itself, over entries of any kind: a subclass says how an entry's tuple compares.
 * Entries are objects (SockTable) or row numbers of a table kept in typed arrays (TIME_WAIT).
 */
export abstract class TupleTable<T> {
  private bits = 6;
  // Replaced as the table grows: assigned in the constructor, as the arrays of EventQueue (see there).
  private keys: Int32Array;
  private vals: (T | null)[];
  private live = 0;

  constructor() {
    this.keys = new Int32Array(1 << 6).fill(EMPTY);
    this.vals = new Array<T | null>(1 << 6).fill(null);
  }

  /** Whether entry `v` has the tuple given. */
  protected abstract matches(v: T, laddr: number, lport: number, raddr: number, rport: number): boolean;
  /** Whether two entries have the same tuple. */
  protected abstract sameTuple(a: T, b: T): boolean;

  /** The key of a tuple given by address numbers. */
  hash(laddrId: number, lport: number, raddrId: number, rport: number): number {
    const a = Math.imul(raddrId + 1, 0x9e3779b1) ^ Math.imul(laddrId + 1, 0x85ebca6b);
    return (a ^ ((lport << 16) | rport)) & 0x3fffffff;
  }

  private slot(hash: number): number {
    return Math.imul(hash, 0x9e3779b1) >>> (32 - this.bits);
  }

  get(hash: number, laddr: number, lport: number, raddr: number, rport: number): T | undefined {
    const keys = this.keys;
    const mask = keys.length - 1;
    for (let i = this.slot(hash); ; i = (i + 1) & mask) {
      const k = keys[i];
      if (k === EMPTY) return undefined;
      if (k === hash) {
        const v = this.vals[i]!;
        if (this.matches(v, laddr, lport, raddr, rport)) return v;
      }
    }
  }

  /** Adds `e`, replacing whatever had the same 4-tuple. */
  set(hash: number, e: T): void {
    const keys = this.keys;
    const mask = keys.length - 1;
    let i = this.slot(hash);
    for (; ; i = (i + 1) & mask) {
      const k = keys[i];
      if (k === EMPTY) break;
      if (k === hash && this.sameTuple(this.vals[i]!, e)) {
        this.vals[i] = e;
        return;
      }
    }
    keys[i] = hash;
    this.vals[i] = e;
    this.live++;
    if (this.live * 2 > keys.length) this.grow();
  }

  /** Removes exactly `e` (not another socket that has since taken its tuple). */
  delete(hash: number, e: T): void {
    const keys = this.keys;
    const vals = this.vals;
    const mask = keys.length - 1;
    let i = this.slot(hash);
    for (; ; i = (i + 1) & mask) {
      const k = keys[i];
      if (k === EMPTY) return;
      if (k === hash && vals[i] === e) break;
    }
    this.live--;
    // Close the gap: a later entry of the run moves into it, unless its home slot lies after the
    // gap (cyclically in (gap, j]), where a lookup starting from home never passes the gap.
    for (let j = i; ; ) {
      j = (j + 1) & mask;
      const k = keys[j];
      if (k === EMPTY) break;
      const home = this.slot(k);
      if (i <= j ? i < home && home <= j : i < home || home <= j) continue;
      keys[i] = k;
      vals[i] = vals[j];
      i = j;
    }
    keys[i] = EMPTY;
    vals[i] = null;
  }

  /** Rebuilds at twice the size. */
  private grow(): void {
    const oldKeys = this.keys;
    const oldVals = this.vals;
    this.bits++;
    const size = 1 << this.bits;
    this.keys = new Int32Array(size).fill(EMPTY);
    this.vals = new Array<T | null>(size).fill(null);
    const mask = size - 1;
    for (let j = 0; j < oldKeys.length; j++) {
      const k = oldKeys[j];
      if (k === EMPTY) continue;
      let i = this.slot(k);
      while (this.keys[i] !== EMPTY) i = (i + 1) & mask;
      this.keys[i] = k;
      this.vals[i] = oldVals[j];
    }
  }
}

/** Sockets (and anything else that carries its tuple in fields) by 4-tuple. */
export class SockTable<T extends TupleOwner> extends TupleTable<T> {
  constructor(private readonly ids: AddressIds) {
    super();
  }

  /** The entry for a tuple given by address strings (off the per-packet path). */
  find(laddr: string, lport: number, raddr: string, rport: number): T | undefined {
    const l = this.ids.id(laddr);
    const r = this.ids.id(raddr);
    return this.get(this.hash(l, lport, r, rport), l, lport, r, rport);
  }

  protected matches(e: T, laddr: number, lport: number, raddr: number, rport: number): boolean {
    return e.lport === lport && e.rport === rport && e.raddrId === raddr && e.laddrId === laddr;
  }

  protected sameTuple(a: T, b: T): boolean {
    return this.matches(a, b.laddrId, b.lport, b.raddrId, b.rport);
  }
}
