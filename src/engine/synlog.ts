// When each connect() sent its SYNs. A flood retransmits a million SYNs for 100k connections: an
// array per connection, or even a field of its record, is one more scattered object to touch per
// SYN, so the times go into one append-only log in typed arrays tagged with the connection's id,
// with the count and the first and last time per id beside it (all the run itself reads), and
// are sorted out per connection only when the result is built.
import type { ConnRecord } from './world';
import { grownF64, grownI32 } from './events';

export class SynLog {
  private ids: Int32Array = new Int32Array(1024);
  private times: Float64Array = new Float64Array(1024);
  private n = 0;
  private counts: Int32Array = new Int32Array(1024);
  private first: Float64Array = new Float64Array(1024);
  private last: Float64Array = new Float64Array(1024);
  private records = 0;

  /** A new connection's id. */
  register(): number {
    const id = this.records++;
    if (id === this.counts.length) {
      this.counts = grownI32(this.counts, id * 2);
      this.first = grownF64(this.first, id * 2);
      this.last = grownF64(this.last, id * 2);
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
