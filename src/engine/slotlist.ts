// An insertion-ordered set of objects that each remember their position in it (`listSlot`): add,
// delete and has are O(1), nothing is hashed, and a deleted member is let go at once. A server's
// children and a listener's requests come and go by the hundred thousand; kept in JS Sets, every
// one of them survived the young-generation collections (V8 copied and then promoted each), which
// was a large part of the garbage collector's time for 100k short connections.

export interface Slotted {
  /** Position in the SlotList holding this object, or -1. */
  listSlot: number;
}

export class SlotList<T extends Slotted> {
  private items: (T | null)[] = [];
  size = 0;

  add(x: T): void {
    x.listSlot = this.items.length;
    this.items.push(x);
    this.size++;
  }

  has(x: T): boolean {
    return x.listSlot >= 0 && this.items[x.listSlot] === x;
  }

  delete(x: T): void {
    if (!this.has(x)) return;
    this.items[x.listSlot] = null;
    x.listSlot = -1;
    this.size--;
    // Compact once holes are the majority: amortised O(1), order kept.
    if (this.items.length > 32 && this.size * 2 < this.items.length) this.compact();
  }

  /**
   * Apart from `delete`, which V8 inlines into every caller: a rare loop there would be compiled
   * into each of them. An index loop, not for-of: the iterator is one more map to check.
   */
  private compact(): void {
    const items = this.items;
    let n = 0;
    for (let k = 0; k < items.length; k++) {
      const y = items[k];
      if (y === null) continue;
      y.listSlot = n;
      items[n++] = y;
    }
    items.length = n;
  }

  /** The members in insertion order, as a copy (so the list may change while it is walked). */
  [Symbol.iterator](): Iterator<T> {
    return this.items.filter((x): x is T => x !== null)[Symbol.iterator]();
  }
}
