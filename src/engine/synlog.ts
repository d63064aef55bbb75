// When each connect() sent its SYNs, and when it returned or failed. A flood retransmits a million
// SYNs for 100k connections: an array per connection, or even a field of its record, is one more
// scattered object to touch per SYN, so the times go into one append-only log in typed arrays
// tagged with the connection's id, with the count and the first and last time per id beside it
// (all the run itself reads), and are sorted out per connection only when the result is built.
// The connect and failure times live here too: as fields of the records, the first time that V8
// holds as a double (times pass through Float64Arrays) turns the field's representation from
// small integer to double, and every one of 100k records then migrates to the new layout, one
// runtime call each, when it is next touched.
import type { ConnRecord } from './world';
import { grownF64, grownI32 } from './events';

export class SynLog {
  private ids: Int32Array = new Int32Array(1024);
  private times: Float64Array = new Float64Array(1024);
  private n = 0;
  private counts: Int32Array = new Int32Array(1024);
  private first: Float64Array = new Float64Array(1024);
  private last: Float64Array = new Float64Array(1024);
  private connect: Float64Array = new Float64Array(1024).fill(-1);
  private fail: Float64Array = new Float64Array(1024).fill(-1);
  private records = 0;

  /** A new connection's id. */
  register(): number {
    const id = this.records++;
    if (id === this.counts.length) {
      this.counts = grownI32(this.counts, id * 2);
      this.first = grownF64(this.first, id * 2);
      this.last = grownF64(this.last, id * 2);
      this.connect = grownF64(this.connect, id * 2).fill(-1, id);
      this.fail = grownF64(this.fail, id * 2).fill(-1, id);
    }
    return id;
  }

  add(id: number, t: number): void {
    if (this.n === this.ids.length) {
      this.ids = grownI32(this.ids, this.n * 2);
      this.times = grownF64(this.times, this.n * 2);
    }
    this.ids[this.n] = id;
    this.times[this.n++] = t;
    if (this.counts[id]++ === 0) this.first[id] = t;
    this.last[id] = t;
  }

  count(id: number): number {
    return this.counts[id];
  }
  /** When connection `id` sent its first / latest SYN (µs; -1 before any). */
  firstUs(id: number): number {
    return this.counts[id] > 0 ? this.first[id] : -1;
  }
  lastUs(id: number): number {
    return this.counts[id] > 0 ? this.last[id] : -1;
  }

  /** When connect() of `id` returned (µs), or -1. */
  connectUs(id: number): number {
    return this.connect[id];
  }
  setConnectUs(id: number, t: number): void {
    this.connect[id] = t;
  }
  /** When connect() of `id` failed (refused, timed out), µs, or -1. */
  failUs(id: number): number {
    return this.fail[id];
  }
  setFailUs(id: number, t: number): void {
    this.fail[id] = t;
  }

  /** Every record's SYN times in sending order through `f`, indexed by record id (`conns[i].id === i`). */
  byRecord(conns: readonly ConnRecord[], f: (us: number) => number): number[][] {
    const out: number[][] = conns.map((r) => new Array<number>(this.counts[r.id]));
    const fill = new Int32Array(conns.length);
    for (let i = 0; i < this.n; i++) {
      const id = this.ids[i];
      out[id][fill[id]++] = f(this.times[i]);
    }
    return out;
  }
}
