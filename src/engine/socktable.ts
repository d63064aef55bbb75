// A host's table of connected, request and TIME_WAIT sockets (the kernel's established hash),
// keyed by the 4-tuple. The key is a 30-bit hash, so V8 keeps it a small integer (no boxed double
// or string per packet); the rare collisions share a slot as a short list checked tuple by tuple.
import type { AddressIds } from './world';

export interface TupleOwner {
  readonly laddr: string;
  readonly lport: number;
  readonly raddr: string;
  readonly rport: number;
}

export class SockTable<T extends TupleOwner> {
  private readonly slots = new Map<number, T | T[]>();
  constructor(private readonly ids: AddressIds) {}

  hash(laddr: string, lport: number, raddr: string, rport: number): number {
    const a = Math.imul(this.ids.id(raddr) + 1, 0x9e3779b1) ^ Math.imul(this.ids.id(laddr) + 1, 0x85ebca6b);
    return (a ^ ((lport << 16) | rport)) & 0x3fffffff;
  }

  get(hash: number, laddr: string, lport: number, raddr: string, rport: number): T | undefined {
    const v = this.slots.get(hash);
    if (v === undefined) return undefined;
    if (!Array.isArray(v)) return same(v, laddr, lport, raddr, rport) ? v : undefined;
    return v.find((e) => same(e, laddr, lport, raddr, rport));
  }

  /** Adds `e`, replacing whatever had the same 4-tuple. */
  set(hash: number, e: T): void {
    const v = this.slots.get(hash);
    if (v === undefined || (!Array.isArray(v) && same(v, e.laddr, e.lport, e.raddr, e.rport))) {
      this.slots.set(hash, e);
      return;
    }
    const list = Array.isArray(v) ? v.filter((x) => !same(x, e.laddr, e.lport, e.raddr, e.rport)) : [v];
    list.push(e);
    this.slots.set(hash, list);
  }

  /** Removes exactly `e` (not another socket that has since taken its tuple). */
  delete(hash: number, e: T): void {
    const v = this.slots.get(hash);
    if (v === e) this.slots.delete(hash);
    else if (Array.isArray(v)) {
      const rest = v.filter((x) => x !== e);
      if (rest.length === 0) this.slots.delete(hash);
      else this.slots.set(hash, rest.length === 1 ? rest[0] : rest);
    }
  }
}

function same(e: TupleOwner, laddr: string, lport: number, raddr: string, rport: number): boolean {
  return e.lport === lport && e.rport === rport && e.raddr === raddr && e.laddr === laddr;
}
