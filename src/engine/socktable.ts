// A host's table of connected, request and TIME_WAIT sockets (the kernel's established hash),
// keyed by the 4-tuple. The key is a 30-bit hash, so V8 keeps it a small integer (no boxed double
// or string per packet). The table is open addressing over a typed array of keys (linear probing,
// Fibonacci-hashed slot index, tombstones for deletions), so a lookup touches one key array and
// the one socket it compares; sockets whose keys collide take the next free slots and are told
// apart tuple by tuple.
import type { AddressIds } from './world';

export interface TupleOwner {
  readonly laddr: string;
  readonly lport: number;
  readonly raddr: string;
  readonly rport: number;
}

const EMPTY = -1;
const DELETED = -2;

export class SockTable<T extends TupleOwner> {
  private bits = 6;
  private keys = new Int32Array(1 << 6).fill(EMPTY);
  private vals: (T | null)[] = new Array<T | null>(1 << 6).fill(null);
  private live = 0;
  /** Live entries plus tombstones: what probing has to walk past. */
  private used = 0;
  constructor(private readonly ids: AddressIds) {}

  hash(laddr: string, lport: number, raddr: string, rport: number): number {
    const a = Math.imul(this.ids.id(raddr) + 1, 0x9e3779b1) ^ Math.imul(this.ids.id(laddr) + 1, 0x85ebca6b);
    return (a ^ ((lport << 16) | rport)) & 0x3fffffff;
  }

  private slot(hash: number): number {
    return Math.imul(hash, 0x9e3779b1) >>> (32 - this.bits);
  }

  get(hash: number, laddr: string, lport: number, raddr: string, rport: number): T | undefined {
    const keys = this.keys;
    const mask = keys.length - 1;
    for (let i = this.slot(hash); ; i = (i + 1) & mask) {
      const k = keys[i];
      if (k === EMPTY) return undefined;
      if (k === hash) {
        const v = this.vals[i]!;
        if (same(v, laddr, lport, raddr, rport)) return v;
      }
    }
  }

  /** Adds `e`, replacing whatever had the same 4-tuple. */
  set(hash: number, e: T): void {
    const keys = this.keys;
    const mask = keys.length - 1;
    let free = -1;
    let i = this.slot(hash);
    for (; ; i = (i + 1) & mask) {
      const k = keys[i];
      if (k === EMPTY) break;
      if (k === DELETED) {
        if (free < 0) free = i;
      } else if (k === hash && same(this.vals[i]!, e.laddr, e.lport, e.raddr, e.rport)) {
        this.vals[i] = e;
        return;
      }
    }
    if (free < 0) {
      free = i;
      this.used++;
    }
    keys[free] = hash;
    this.vals[free] = e;
    this.live++;
    if (this.used * 2 > keys.length) this.rehash();
  }

  /** Removes exactly `e` (not another socket that has since taken its tuple). */
  delete(hash: number, e: T): void {
    const keys = this.keys;
    const mask = keys.length - 1;
    for (let i = this.slot(hash); ; i = (i + 1) & mask) {
      const k = keys[i];
      if (k === EMPTY) return;
      if (k === hash && this.vals[i] === e) {
        keys[i] = DELETED;
        this.vals[i] = null;
        this.live--;
        return;
      }
    }
  }

  /** Rebuilds at a size where the live entries fill at most a quarter (dropping tombstones). */
  private rehash(): void {
    const oldKeys = this.keys;
    const oldVals = this.vals;
    let bits = 6;
    while (1 << bits < this.live * 4) bits++;
    this.bits = bits;
    this.keys = new Int32Array(1 << bits).fill(EMPTY);
    this.vals = new Array<T | null>(1 << bits).fill(null);
    const mask = (1 << bits) - 1;
    for (let j = 0; j < oldKeys.length; j++) {
      const k = oldKeys[j];
      if (k < 0) continue;
      let i = this.slot(k);
      while (this.keys[i] !== EMPTY) i = (i + 1) & mask;
      this.keys[i] = k;
      this.vals[i] = oldVals[j];
    }
    this.used = this.live;
  }
}

function same(e: TupleOwner, laddr: string, lport: number, raddr: string, rport: number): boolean {
  return e.lport === lport && e.rport === rport && e.raddr === raddr && e.laddr === laddr;
}
