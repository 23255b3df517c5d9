const MIN_CAPACITY = 16;
/** Above this capacity an emptied queue gives its backing array back. */
const SHRINK_ABOVE = 1024;

/**
 * A growable FIFO queue backed by one power-of-two array used as a ring.
 *
 * When to use: the hot path of a scheduler lane, where `Array.prototype.shift` (O(n)) and
 * linked lists (one node allocation per item) are too slow.
 *
 * Details: `push` and `shift` are O(1) amortized and allocate nothing except when the ring
 * doubles. Shifted slots are cleared so the queue never retains a finished item. Each time the
 * queue becomes empty with more than 1024 slots, it drops to an eighth of its size, so a burst of
 * a million items does not pin megabytes for the rest of the process, while back-to-back bursts
 * do not regrow from nothing every time.
 *
 * Gotchas: `undefined` cannot be stored (it is the "empty" answer of `shift`).
 */
export class RingQueue<T> {
  #items: Array<T | undefined>;
  #mask: number;
  #head = 0;
  #size = 0;

  constructor(initialCapacity: number = MIN_CAPACITY) {
    let capacity = MIN_CAPACITY;
    while (capacity < initialCapacity) capacity *= 2;
    this.#items = new Array<T | undefined>(capacity).fill(undefined);
    this.#mask = capacity - 1;
  }

  /** Number of queued items. */
  get length(): number {
    return this.#size;
  }

  /** Current size of the backing array (for tests and diagnostics). */
  get capacity(): number {
    return this.#mask + 1;
  }

  /** Appends `item` at the back. */
  push(item: T): void {
    if (this.#size > this.#mask) this.#grow();
    this.#items[(this.#head + this.#size) & this.#mask] = item;
    this.#size++;
  }

  /** Inserts `item` at the front (it will be the next `shift`). */
  unshift(item: T): void {
    if (this.#size > this.#mask) this.#grow();
    this.#head = (this.#head - 1) & this.#mask;
    this.#items[this.#head] = item;
    this.#size++;
  }

  /** Removes and returns the front item, or `undefined` when empty. */
  shift(): T | undefined {
    if (this.#size === 0) return undefined;
    const head = this.#head;
    const item = this.#items[head];
    this.#items[head] = undefined;
    this.#head = (head + 1) & this.#mask;
    if (--this.#size === 0) {
      this.#head = 0;
      if (this.#mask >= SHRINK_ABOVE) {
        // Give most of it back, not all: a queue that just drained a burst often gets another.
        const capacity = Math.max(MIN_CAPACITY, (this.#mask + 1) >> 3);
        this.#items = new Array<T | undefined>(capacity).fill(undefined);
        this.#mask = capacity - 1;
      }
    }
    return item;
  }

  /** Returns the front item without removing it. */
  peek(): T | undefined {
    return this.#size === 0 ? undefined : this.#items[this.#head];
  }

  /** Removes every item, in FIFO order, and returns them. */
  drainAll(): T[] {
    const out: T[] = [];
    for (let item = this.shift(); item !== undefined; item = this.shift()) out.push(item);
    return out;
  }

  #grow(): void {
    const old = this.#items;
    const oldCapacity = this.#mask + 1;
    const next = new Array<T | undefined>(oldCapacity * 2).fill(undefined);
    for (let i = 0; i < this.#size; i++) next[i] = old[(this.#head + i) & this.#mask];
    this.#items = next;
    this.#head = 0;
    this.#mask = oldCapacity * 2 - 1;
  }
}
