// The event core: a binary min-heap ordered by (time in µs, sequence number), so events due at the
// same microsecond run in the order they were scheduled and every run is reproducible. Slots live
// in parallel typed arrays (plus one object array for the target) and are recycled through a free
// list, so the heap's memory follows the number of pending events, never the simulated duration.
// Timers are cancelled lazily: an event carries the generation its owner had when it was armed and
// the owner bumps its generation to cancel; stale events are skipped when they surface.

export type EventHandler = (target: any, arg: number, gen: number) => void;

export class EventQueue {
  now = 0;
  private seqCounter = 0;
  private size = 0;
  private heap: Int32Array;
  private time: Float64Array;
  private seq: Float64Array;
  private kind: Int32Array;
  private arg: Float64Array;
  private gen: Float64Array;
  private target: unknown[];
  private free: Int32Array;
  private freeTop = 0;
  private capacity: number;
  private readonly handlers: EventHandler[] = [];
  /** Events run so far. */
  executed = 0;

  constructor(initial = 1024) {
    this.capacity = initial;
    this.heap = new Int32Array(initial);
    this.time = new Float64Array(initial);
    this.seq = new Float64Array(initial);
    this.kind = new Int32Array(initial);
    this.arg = new Float64Array(initial);
    this.gen = new Float64Array(initial);
    this.target = new Array(initial).fill(null);
    this.free = new Int32Array(initial);
    for (let i = 0; i < initial; i++) this.free[i] = initial - 1 - i;
    this.freeTop = initial;
  }

  /** Registers a handler and returns the kind number to schedule it with. */
  define(handler: EventHandler): number {
    this.handlers.push(handler);
    return this.handlers.length - 1;
  }

  get pending(): number {
    return this.size;
  }

  /** Schedules `kind` at absolute time `at` (µs, rounded to an integer, never in the past). */
  at(at: number, kind: number, target: unknown, arg = 0, gen = 0): void {
    if (this.freeTop === 0) this.grow();
    const s = this.free[--this.freeTop];
    this.time[s] = at > this.now ? Math.round(at) : this.now;
    this.seq[s] = this.seqCounter++;
    this.kind[s] = kind;
    this.target[s] = target;
    this.arg[s] = arg;
    this.gen[s] = gen;
    let i = this.size++;
    const heap = this.heap;
    // sift up
    while (i > 0) {
      const p = (i - 1) >> 1;
      const ps = heap[p];
      if (this.less(s, ps)) {
        heap[i] = ps;
        i = p;
      } else break;
    }
    heap[i] = s;
  }

  after(delay: number, kind: number, target: unknown, arg = 0, gen = 0): void {
    this.at(this.now + delay, kind, target, arg, gen);
  }

  /** Time of the next event, or Infinity. */
  peekTime(): number {
    return this.size ? this.time[this.heap[0]] : Infinity;
  }

  /** Runs every event due at or before `until`, or until `maxEvents` ran. Returns false if it stopped early. */
  run(until: number, maxEvents = Infinity): boolean {
    let budget = maxEvents;
    while (this.size > 0) {
      const s = this.heap[0];
      const t = this.time[s];
      if (t > until) return true;
      if (budget-- <= 0) return false;
      this.popRoot();
      this.now = t;
      const target = this.target[s];
      this.target[s] = null;
      this.free[this.freeTop++] = s;
      this.executed++;
      this.handlers[this.kind[s]](target, this.arg[s], this.gen[s]);
    }
    return true;
  }

  private less(a: number, b: number): boolean {
    const ta = this.time[a];
    const tb = this.time[b];
    return ta < tb || (ta === tb && this.seq[a] < this.seq[b]);
  }

  private popRoot(): void {
    const heap = this.heap;
    const last = heap[--this.size];
    const n = this.size;
    if (n === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      if (r < n && this.less(heap[r], heap[l])) c = r;
      if (this.less(heap[c], last)) {
        heap[i] = heap[c];
        i = c;
      } else break;
    }
    heap[i] = last;
  }

  private grow(): void {
    const old = this.capacity;
    const cap = old * 2;
    const grow64 = (a: Float64Array) => {
      const b = new Float64Array(cap);
      b.set(a);
      return b;
    };
    const grow32 = (a: Int32Array) => {
      const b = new Int32Array(cap);
      b.set(a);
      return b;
    };
    this.heap = grow32(this.heap);
    this.time = grow64(this.time);
    this.seq = grow64(this.seq);
    this.kind = grow32(this.kind);
    this.arg = grow64(this.arg);
    this.gen = grow64(this.gen);
    this.target.length = cap;
    this.target.fill(null, old);
    const free = new Int32Array(cap);
    free.set(this.free.subarray(0, this.freeTop));
    for (let i = old; i < cap; i++) free[this.freeTop++] = cap - 1 - (i - old);
    this.free = free;
    this.capacity = cap;
  }
}
