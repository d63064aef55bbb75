// The event core: events ordered by (time in µs, sequence number), so events due at the same
// microsecond run in the order they were scheduled and every run is reproducible.
//
// A two-level calendar queue. The current window of WINDOW µs has one FIFO list per microsecond
// and a bitmap of the non-empty ones, so finding the next due event is a few word scans (a sparse
// window, e.g. a flood's SYNs spread over seconds, would otherwise walk 1024 empty lists per
// event), and scheduling a near event is O(1). Later events are appended to per-window buckets
// ("far") and spread into the per-µs lists when their window comes up; a small heap orders the
// window numbers. A bucket is a list chained through the same `next`/`prev` links as the per-µs
// lists, so retransmission, SYN-ACK and TIME_WAIT timers (seconds away, usually cancelled) cost a
// few typed-array stores and allocate nothing. FIFO order within a microsecond holds because a
// bucket is filled in scheduling order and emptied before anything else can be scheduled into its
// window. Event data lives in typed-array slot records recycled through a free list, so memory
// follows the number of pending events, never the simulated duration. Timers are cancelled
// lazily (an event carries its owner's generation and the owner bumps it to cancel) or at once
// with `cancel`, which unlinks the event from its list: a connection's retransmission and SYN-ACK
// timers are armed and cancelled several times each, and a cancelled one then costs nothing.

export type EventHandler = (target: any, arg: number, gen: number) => void;

/** Width of a window, µs (a multiple of 32: the occupancy bitmap has one bit per µs). */
const WINDOW = 1024;
/** Entries of the recent-windows cache (a power of two). */
const RECENT = 256;

/** The target of a free slot (see `cancel`). */
const FREE = {};

/** Bytes per slot record; doubles and int32s per record; offsets of the fields in each view. */
const SLOT = 40;
const F = SLOT / 8;
const I = SLOT / 4;
const TIME = 0;
const ARG = 1;
const GEN = 2;
const NEXT = 6;
const PREV = 7;
const KIND = 8;

export class EventQueue {
  now = 0;
  /**
   * Events due after this are dropped by `at` (slot -1): the caller never runs past it, and a
   * 2 s run would otherwise hold 100k TIME_WAIT timers of 60 s that cannot fire.
   */
  horizon = Infinity;
  /** Events run so far (cancelled ones are not run). */
  executed = 0;
  private nearCount = 0;
  private farCount = 0;
  private windowStart = 0;
  /**
   * Offset of the next due microsecond in the window. Offsets are taken `| 0` where they come out
   * of Float64Array arithmetic: kept small integers, they keep `now` one, and with it every time
   * field of every socket (a double would make V8 box each such field in each object).
   */
  private cursor = 0;
  private readonly head = new Int32Array(WINDOW).fill(-1);
  private readonly tail = new Int32Array(WINDOW).fill(-1);
  /** Bit i of word i >> 5: the list of microsecond i of the window is non-empty. */
  private readonly occupied = new Int32Array(WINDOW >> 5);
  // The arrays replaced as the queue grows (slots here, buckets below) are assigned in the
  // constructor, not where they are declared: V8 treats a field initialised once as a constant,
  // and the first time it changes, every function compiled on that assumption is thrown away and
  // compiled again, mid-run.
  /**
   * Slot records, SLOT bytes each in one buffer seen through two views: time, arg and gen as
   * doubles at `s * F`, next, prev and kind as int32 at `s * I`. Running or unlinking an event
   * reads all of them; kept in six parallel arrays they were six cache misses per event once a
   * flood's 100k pending timers spread the slots over megabytes, together one or two.
   */
  private f64: Float64Array;
  private i32: Int32Array;
  private target: unknown[];
  private free: Int32Array;
  private freeTop = 0;
  private capacity: number;
  /** Far windows: window number -> bucket, a list of slots (head, tail, length) in scheduling order. */
  private readonly buckets = new Map<number, number>();
  private bucketHead: Int32Array;
  private bucketTail: Int32Array;
  private bucketLen: Int32Array;
  private readonly bucketFree: number[] = [];
  private bucketsUsed = 0;
  /**
   * Far windows used lately and their buckets, direct-mapped by the window number's low bits.
   * Timers are armed for a handful of windows at a time (a flood's SYN retries 1, 2, 4 ... s
   * ahead), so most lookups skip the Map, whose table is large and cold.
   */
  private readonly recentW = new Float64Array(RECENT).fill(-1);
  private readonly recentB = new Int32Array(RECENT);
  /** Min-heap of the window numbers that have a bucket. */
  private readonly bucketHeap: number[] = [];
  private readonly handlers: EventHandler[] = [];

  constructor(initial = 4096) {
    this.capacity = initial;
    const buf = new ArrayBuffer(initial * SLOT);
    this.f64 = new Float64Array(buf);
    this.i32 = new Int32Array(buf);
    this.target = new Array<unknown>(initial).fill(FREE);
    this.free = new Int32Array(initial);
    this.bucketHead = new Int32Array(64);
    this.bucketTail = new Int32Array(64);
    this.bucketLen = new Int32Array(64);
    for (let i = 0; i < initial; i++) this.free[this.freeTop++] = initial - 1 - i;
  }

  /** Registers a handler and returns the kind number to schedule it with. */
  define(handler: EventHandler): number {
    this.handlers.push(handler);
    return this.handlers.length - 1;
  }

  get pending(): number {
    return this.nearCount + this.farCount;
  }

  /** Schedules `kind` at absolute time `at` (µs, rounded to an integer, never in the past); returns its slot for `cancel` (-1 past the horizon). */
  at(at: number, kind: number, target: unknown, arg = 0, gen = 0): number {
    const t = at > this.now ? Math.round(at) : this.now;
    if (t > this.horizon) return -1;
    if (this.freeTop === 0) this.grow();
    const s = this.free[--this.freeTop];
    this.f64[s * F + TIME] = t;
    this.i32[s * I + KIND] = kind;
    this.target[s] = target;
    this.f64[s * F + ARG] = arg;
    this.f64[s * F + GEN] = gen;
    if (t < this.windowStart) this.rewind(t);
    if (t < this.windowStart + WINDOW) {
      const i = (t - this.windowStart) | 0;
      if (i < this.cursor) this.cursor = i;
      this.append(s, i);
    } else {
      const w = windowOf(t);
      let b = this.bucketOf(w);
      if (b < 0) this.addBucket(w, (b = this.newBucket()));
      this.bucketAppend(b, s);
      this.farCount++;
    }
    return s;
  }

  /**
   * Removes the event `at` returned as `slot`, if that slot still holds that event (same kind,
   * target and generation: it has not run and been reused). Order among the others is unchanged.
   */
  cancel(slot: number, kind: number, target: unknown, gen: number): void {
    // Targets are compared last, and a free slot holds FREE rather than null: the comparison then
    // only ever sees objects, the case V8 compiles it for (a null there cost a recompile).
    if (slot < 0 || this.i32[slot * I + KIND] !== kind || this.f64[slot * F + GEN] !== gen || this.target[slot] !== target) return;
    const n = this.i32[slot * I + NEXT];
    const p = this.i32[slot * I + PREV];
    const t = this.f64[slot * F + TIME];
    if (t < this.windowStart + WINDOW) {
      const i = (t - this.windowStart) | 0;
      if (p < 0) this.head[i] = n;
      else this.i32[p * I + NEXT] = n;
      if (n < 0) this.tail[i] = p;
      else this.i32[n * I + PREV] = p;
      if (this.head[i] < 0) this.occupied[i >> 5] &= ~(1 << (i & 31));
      this.nearCount--;
    } else {
      const w = windowOf(t);
      const b = this.bucketOf(w);
      if (p < 0) this.bucketHead[b] = n;
      else this.i32[p * I + NEXT] = n;
      if (n < 0) this.bucketTail[b] = p;
      else this.i32[n * I + PREV] = p;
      // An emptied bucket stays in the heap: its window comes up with nothing in it.
      this.bucketLen[b]--;
      this.farCount--;
    }
    this.target[slot] = FREE;
    this.free[this.freeTop++] = slot;
  }

  after(delay: number, kind: number, target: unknown, arg = 0, gen = 0): number {
    return this.at(this.now + delay, kind, target, arg, gen);
  }

  /** Runs every event due at or before `until`, or until `maxEvents` ran. Returns false if it stopped early. */
  run(until: number, maxEvents = Infinity): boolean {
    let budget = maxEvents;
    for (;;) {
      if (this.nearCount === 0) {
        if (!this.advance(until)) return true;
        continue;
      }
      // Read here, not once before the loop: a run is called once per slice of 200,000 events,
      // so a read there has no type feedback when V8 compiles the loop, and its first use after
      // that throws the compiled code away.
      const head = this.head;
      let c = this.cursor;
      if (head[c] < 0) c = this.nextOccupied(c);
      this.cursor = c;
      const t = this.windowStart + c;
      if (t > until) return true;
      if (budget-- <= 0) return false;
      const s = head[c];
      const n = this.i32[s * I + NEXT];
      head[c] = n;
      if (n < 0) {
        this.tail[c] = -1;
        this.occupied[c >> 5] &= ~(1 << (c & 31));
      } else this.i32[n * I + PREV] = -1;
      this.nearCount--;
      this.now = t;
      const target = this.target[s];
      this.target[s] = FREE;
      this.free[this.freeTop++] = s;
      this.executed++;
      this.handlers[this.i32[s * I + KIND]](target, this.f64[s * F + ARG], this.f64[s * F + GEN]);
    }
  }

  /** The first non-empty microsecond list at or after `c` (there is one: nearCount > 0). */
  private nextOccupied(c: number): number {
    const occ = this.occupied;
    let w = c >> 5;
    let bits = occ[w] & (-1 << (c & 31));
    while (bits === 0) bits = occ[++w];
    return (w << 5) + 31 - Math.clz32(bits & -bits);
  }

  private append(s: number, i: number): void {
    this.i32[s * I + NEXT] = -1;
    const tl = this.tail[i];
    this.i32[s * I + PREV] = tl;
    if (tl < 0) {
      this.head[i] = s;
      this.occupied[i >> 5] |= 1 << (i & 31);
    } else this.i32[tl * I + NEXT] = s;
    this.tail[i] = s;
    this.nearCount++;
  }

  /** Spreads the next far window into the per-µs lists; false when nothing is due by `until`. */
  private advance(until: number): boolean {
    if (this.bucketHeap.length === 0) return false;
    const w = this.bucketHeap[0];
    if (w * WINDOW > until) return false;
    heapPop(this.bucketHeap);
    const b = this.buckets.get(w)!;
    this.buckets.delete(w);
    const r = w & (RECENT - 1);
    if (this.recentW[r] === w) this.recentW[r] = -1;
    this.farCount -= this.bucketLen[b];
    this.windowStart = w * WINDOW;
    this.cursor = WINDOW;
    for (let s = this.bucketHead[b]; s >= 0; ) {
      const n = this.i32[s * I + NEXT];
      const i = (this.f64[s * F + TIME] - this.windowStart) | 0;
      if (i < this.cursor) this.cursor = i;
      this.append(s, i);
      s = n;
    }
    this.bucketFree.push(b);
    return true;
  }

  /**
   * The bucket of far window `w`, or -1. A miss is cached too (`at` then adds the bucket, which
   * overwrites it): the first far timer runs every line here, so V8 has seen them all before it
   * compiles `at` (a line first run after that throws the compiled code away).
   */
  private bucketOf(w: number): number {
    const r = w & (RECENT - 1);
    if (this.recentW[r] !== w) {
      this.recentW[r] = w;
      this.recentB[r] = this.buckets.get(w) ?? -1;
    }
    return this.recentB[r];
  }

  private addBucket(w: number, b: number): void {
    this.buckets.set(w, b);
    heapPush(this.bucketHeap, w);
    const r = w & (RECENT - 1);
    this.recentW[r] = w;
    this.recentB[r] = b;
  }

  /** An empty bucket. */
  private newBucket(): number {
    let b = this.bucketFree.pop();
    if (b === undefined) {
      b = this.bucketsUsed++;
      if (b === this.bucketHead.length) {
        const cap = this.bucketHead.length * 2;
        this.bucketHead = grownI32(this.bucketHead, cap);
        this.bucketTail = grownI32(this.bucketTail, cap);
        this.bucketLen = grownI32(this.bucketLen, cap);
      }
    }
    this.bucketHead[b] = -1;
    this.bucketTail[b] = -1;
    this.bucketLen[b] = 0;
    return b;
  }

  /** Appends slot `s` to bucket `b`, which may be empty (new, or emptied by `cancel`). */
  private bucketAppend(b: number, s: number): void {
    const tl = this.bucketTail[b];
    this.i32[s * I + NEXT] = -1;
    this.i32[s * I + PREV] = tl;
    if (tl < 0) this.bucketHead[b] = s;
    else this.i32[tl * I + NEXT] = s;
    this.bucketTail[b] = s;
    this.bucketLen[b]++;
  }

  /**
   * Scheduling before the current window (only possible from outside a run, after `advance` looked
   * ahead): put the window's events back into their bucket and move the window to `t`.
   */
  private rewind(t: number): void {
    const w = this.windowStart / WINDOW;
    if (this.nearCount > 0) {
      // Chain the per-µs lists one after another: time order, FIFO within a microsecond.
      let first = -1;
      let last = -1;
      for (let i = 0; i < WINDOW; i++) {
        const h = this.head[i];
        if (h >= 0) {
          if (last < 0) first = h;
          else {
            this.i32[last * I + NEXT] = h;
            this.i32[h * I + PREV] = last;
          }
          last = this.tail[i];
        }
        this.head[i] = -1;
        this.tail[i] = -1;
      }
      this.occupied.fill(0);
      const b = this.newBucket();
      this.i32[first * I + PREV] = -1;
      this.bucketHead[b] = first;
      this.bucketTail[b] = last;
      this.bucketLen[b] = this.nearCount;
      this.addBucket(w, b);
      this.farCount += this.nearCount;
      this.nearCount = 0;
    }
    this.windowStart = windowOf(t) * WINDOW;
    this.cursor = (t - this.windowStart) | 0;
  }

  private grow(): void {
    const old = this.capacity;
    const cap = old * 2;
    this.f64 = grownF64(this.f64, cap * F);
    this.i32 = new Int32Array(this.f64.buffer);
    // Made as in the constructor (`new Array(n)`, a "holey" array to V8): an array of another
    // kind would not be the one `run`, `at` and `cancel` were compiled for.
    const target = new Array<unknown>(cap).fill(FREE);
    for (let i = 0; i < old; i++) target[i] = this.target[i];
    this.target = target;
    const free = new Int32Array(cap);
    free.set(this.free.subarray(0, this.freeTop));
    for (let i = cap - 1; i >= old; i--) free[this.freeTop++] = i;
    this.free = free;
    this.capacity = cap;
  }
}

/**
 * The window number of time `t`, as a small integer while it is one (below 2^31 windows, 25 days):
 * a double would be boxed as a Map key and turn the number fields it reaches into boxed doubles.
 */
function windowOf(t: number): number {
  const w = Math.floor(t / WINDOW);
  return (w | 0) === w ? w | 0 : w;
}

export function grownI32(a: Int32Array, cap: number): Int32Array {
  const b = new Int32Array(cap);
  b.set(a);
  return b;
}

export function grownF64(a: Float64Array, cap: number): Float64Array {
  const b = new Float64Array(cap);
  b.set(a);
  return b;
}

function heapPush(h: number[], v: number): void {
  let i = h.length;
  h.push(v);
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (h[p] <= v) break;
    h[i] = h[p];
    i = p;
  }
  h[i] = v;
}

function heapPop(h: number[]): void {
  const last = h.pop()!;
  const n = h.length;
  if (n === 0) return;
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= n) break;
    const c = l + 1 < n && h[l + 1] < h[l] ? l + 1 : l;
    if (h[c] < last) {
      h[i] = h[c];
      i = c;
    } else break;
  }
  h[i] = last;
}
