// When each connect() sent its SYNs, and when it returned or failed. A flood retransmits a million
// SYNs for 100k connections: an array per connection, or even a field of its record, is one more
// scattered object to touch per SYN, so the times go into one append-only log in typed arrays
// tagged with the connection's id, with the count and the first and last time per id beside it
// (all the run itself reads), and are sorted out per connection only when the result is built.
// The connect and failure times live here too: as fields of the records, the first time that V8
// holds as a double (times pass through Float64Arrays) turns the field's representation from
// small integer to double, and every one of 100k records then migrates to the new layout, one
// runtime call each, when it is next touched.
import { grownF64, grownI32 } from './events';

/**
 * Per connection, one record of RECORD doubles: SYN count, first and last SYN time. A flood's
 * retransmission reads and writes those of a connection last touched seconds ago: in one record
 * that is one or two cache lines, in three arrays it was three.
 */
const RECORD = 3;
const COUNT = 0;
const FIRST = 1;
const LAST = 2;

export class SynLog {
  // The arrays grow: assigned in the constructor, as those of EventQueue (see there).
  private ids: Int32Array;
  private times: Float64Array;
  private n = 0;
  private rec: Float64Array;
  private connect: Float64Array;
  private fail: Float64Array;
  private records = 0;

  constructor() {
    this.ids = new Int32Array(1024);
    this.times = new Float64Array(1024);
    this.rec = new Float64Array(1024 * RECORD);
    this.connect = new Float64Array(1024).fill(-1);
    this.fail = new Float64Array(1024).fill(-1);
  }

  /** A new connection's id. */
  register(): number {
    const id = this.records++;
    if (id === this.fail.length) {
      this.rec = grownF64(this.rec, id * 2 * RECORD);
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
    const r = id * RECORD;
    if (this.rec[r + COUNT]++ === 0) this.rec[r + FIRST] = t;
    this.rec[r + LAST] = t;
  }

  count(id: number): number {
    return this.rec[id * RECORD + COUNT];
  }
  /** When connection `id` sent its first / latest SYN (µs; -1 before any). */
  firstUs(id: number): number {
    return this.count(id) > 0 ? this.rec[id * RECORD + FIRST] : -1;
  }
  lastUs(id: number): number {
    return this.count(id) > 0 ? this.rec[id * RECORD + LAST] : -1;
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

  /**
   * Every connection's SYN times through `f`, in sending order, indexed by id. One or two times
   * are the first and last kept per id (all a short connection has), so only longer lists are
   * gathered from the log, in one pass that skips the rest.
   */
  byId(f: (us: number) => number): number[][] {
    const n = this.records;
    const rec = this.rec;
    const out = new Array<number[]>(n);
    let long = false;
    const templates: number[][] = [];
    for (let id = 0; id < n; id++) {
      const c = rec[id * RECORD + COUNT];
      if (c === 1) out[id] = [f(rec[id * RECORD + FIRST])];
      else if (c === 2) out[id] = [f(rec[id * RECORD + FIRST]), f(rec[id * RECORD + LAST])];
      else if (c === 0) out[id] = [];
      else {
        out[id] = doubles(c, templates);
        long = true;
      }
    }
    if (!long) return out;
    const fill = new Int32Array(n);
    for (let i = 0; i < this.n; i++) {
      const id = this.ids[i];
      if (rec[id * RECORD + COUNT] > 2) out[id][fill[id]++] = f(this.times[i]);
    }
    return out;
  }
}

/**
 * A new array of `n` doubles to overwrite, copied from a template of that length: `new Array(n)`
 * would hold small integers first and reallocate as doubles on the first store (a flood's 100k
 * lists of ten would each be built twice), and pushes would grow it in steps.
 */
function doubles(n: number, templates: number[][]): number[] {
  let t = templates[n];
  if (t === undefined) {
    t = [0.5];
    while (t.length < n) t.push(0.5);
    templates[n] = t;
  }
  return t.slice();
}
