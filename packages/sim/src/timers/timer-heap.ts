/** One entry of a {@link TimerHeap}: ordered by deadline, then by insertion sequence. */
export interface TimerEntry<T> {
  readonly deadline: number;
  readonly sequence: number;
  readonly value: T;
  /** 0 while queued; -1 once popped or removed. */
  readonly index: number;
}

/**
 * 8 deadlines: 64 bytes, which V8 keeps on the JS heap (larger typed arrays get an off-heap
 * backing store, a malloc and GC bookkeeping each, too dear for a heap built per simulated run).
 */
const INITIAL_CAPACITY = 8;
/** Shared by every empty heap; never written (the first push grows it). */
const EMPTY = new Float64Array(0);

/**
 * The timers of one deadline, in insertion order, two slots each: `items[2k]` is the entry (or
 * undefined once removed), `items[2k + 1]` its value; `items[head..]` are still stored. Firing
 * reads the value from here, so it never touches the entry object.
 */
interface Bucket<T> {
  readonly heap: TimerHeap<T>;
  readonly items: (HeapEntry<T> | T | undefined)[];
  head: number;
}

/** The entry class: also the cancel handle handed out for the timer (one allocation per timer). */
class HeapEntry<T> implements TimerEntry<T> {
  readonly deadline: number;
  readonly sequence: number;
  readonly value: T;
  /** Where the entry is stored: it is queued while `bucket.items[slot]` is this entry. */
  bucket: Bucket<T>;
  slot: number;

  constructor(bucket: Bucket<T>, slot: number, deadline: number, sequence: number, value: T) {
    this.bucket = bucket;
    this.slot = slot;
    this.deadline = deadline;
    this.sequence = sequence;
    this.value = value;
  }

  get index(): number {
    return this.bucket.items[this.slot] === this ? 0 : -1;
  }

  /** Removes this timer from its heap. Returns false if it already fired or was cancelled. */
  cancel(): boolean {
    return this.bucket.heap.remove(this);
  }
}

/**
 * The timers, keyed by `(deadline, sequence)`: earlier deadlines first, equal deadlines in
 * insertion (FIFO) order. Remove is O(1).
 *
 * Details: timers that share a deadline share a bucket, a FIFO array, found through a map by
 * deadline; only the distinct deadlines sit in a 4-ary min-heap (the deadlines in a
 * `Float64Array`, their buckets in a parallel array). So pushing a timer whose deadline already
 * has a bucket is a map lookup and an array push, and popping one that is not the last of its
 * deadline is an array read: the O(log n) sift is paid once per distinct deadline, not once per
 * timer. With virtual time in whole milliseconds many timers share a deadline (1e5 timers over
 * 10 s: ~10 per millisecond), and ties are the common case in a simulation; with all deadlines
 * distinct it is a plain heap plus one map operation per timer. Emptied buckets are reused.
 * Removal is lazy: the entry's slot is cleared and skipped when it reaches the head of its
 * bucket, and everything is compacted in O(n) once removed slots outnumber queued timers.
 */
export class TimerHeap<T> {
  // Allocated on the first new deadline: a simulator per seed (`many`) often sets no timer at all.
  /** `#deadlines[i]`: the deadline at heap position i. */
  #deadlines: Float64Array = EMPTY;
  /** `#buckets[i]`: the bucket of the deadline at heap position i. */
  readonly #buckets: Bucket<T>[] = [];
  /** The bucket of each deadline in the heap. */
  /** Created on the first push: a run without timers never allocates it. */
  #byDeadline: Map<number, Bucket<T>> | undefined = undefined;
  readonly #spare: Bucket<T>[] = [];
  /** Number of distinct deadlines in the heap. */
  #length = 0;
  /** Queued (not removed) timers. */
  #size = 0;
  /** Removed entries whose slots are still stored in buckets. */
  #removed = 0;
  #sequence = 0;

  /** Number of queued (not removed) timers. */
  get size(): number {
    return this.#size;
  }

  /**
   * Inserts a value due at `deadline` and returns its entry; keep it to remove the timer, or call
   * its `cancel()`.
   */
  push(deadline: number, value: T): TimerEntry<T> & { cancel(): boolean } {
    const byDeadline = (this.#byDeadline ??= new Map<number, Bucket<T>>());
    let bucket = byDeadline.get(deadline);
    if (bucket === undefined) {
      bucket = this.#spare.pop() ?? { heap: this, items: [], head: 0 };
      byDeadline.set(deadline, bucket);
      if (this.#length === this.#deadlines.length) this.#grow();
      this.#siftUp(bucket, deadline, this.#length++);
    }
    const items = bucket.items;
    const entry = new HeapEntry(bucket, items.length, deadline, this.#sequence++, value);
    items.push(entry, value);
    this.#size++;
    return entry;
  }

  /** The earliest queued deadline, or `Infinity` if there is no timer. */
  nextDeadline(): number {
    return this.#settleTop() === 0 ? Number.POSITIVE_INFINITY : (this.#deadlines[0] as number);
  }

  /**
   * Removes the earliest queued timer and returns its value (undefined if there is none): what
   * firing needs, without reading the entry object.
   */
  popValue(): T | undefined {
    return this.#settleTop() === 0 ? undefined : this.#take();
  }

  /** Removes an entry. Returns false if it was already popped or removed. */
  remove(entry: TimerEntry<T>): boolean {
    if (!(entry instanceof HeapEntry) || entry.bucket.heap !== this) return false;
    const items = entry.bucket.items;
    if (items[entry.slot] !== entry) return false;
    items[entry.slot] = undefined;
    this.#size--;
    this.#removed++;
    if (this.#removed > 32 && this.#removed > this.#size) this.#compact();
    return true;
  }

  /** Drops removed slots and emptied deadlines from the top; returns the number of deadlines left. */
  #settleTop(): number {
    while (this.#length > 0) {
      const bucket = this.#buckets[0] as Bucket<T>;
      const items = bucket.items;
      let head = bucket.head;
      while (head < items.length) {
        if (items[head] !== undefined) {
          bucket.head = head;
          return this.#length;
        }
        items[head + 1] = undefined;
        head += 2;
        this.#removed--;
      }
      this.#dropTop();
    }
    return 0;
  }

  /** Takes the top bucket's head (queued: call `#settleTop` first) and returns its value. */
  #take(): T {
    const bucket = this.#buckets[0] as Bucket<T>;
    const items = bucket.items;
    const head = bucket.head;
    const value = items[head + 1] as T;
    items[head] = undefined;
    items[head + 1] = undefined;
    bucket.head = head + 2;
    if (head + 2 === items.length) this.#dropTop();
    this.#size--;
    return value;
  }

  /** Drops the earliest deadline, whose bucket holds nothing queued any more. */
  #dropTop(): void {
    this.#byDeadline?.delete(this.#deadlines[0] as number);
    this.#recycle(this.#buckets[0] as Bucket<T>);
    const last = --this.#length;
    const lastBucket = this.#buckets.pop() as Bucket<T>;
    if (last > 0) this.#siftDown(lastBucket, this.#deadlines[last] as number, 0);
  }

  #recycle(bucket: Bucket<T>): void {
    bucket.items.length = 0;
    bucket.head = 0;
    if (this.#spare.length < 64) this.#spare.push(bucket);
  }

  // Both sifts move a "hole" along the path and write the moving deadline once at the end.
  #siftUp(bucket: Bucket<T>, deadline: number, start: number): void {
    const deadlines = this.#deadlines;
    const buckets = this.#buckets;
    let i = start;
    while (i > 0) {
      const parent = (i - 1) >> 2;
      const d = deadlines[parent] as number;
      if (d < deadline) break;
      deadlines[i] = d;
      buckets[i] = buckets[parent] as Bucket<T>;
      i = parent;
    }
    deadlines[i] = deadline;
    buckets[i] = bucket;
  }

  #siftDown(bucket: Bucket<T>, deadline: number, start: number): void {
    const deadlines = this.#deadlines;
    const buckets = this.#buckets;
    const length = this.#length;
    let i = start;
    for (;;) {
      const first = 4 * i + 1;
      if (first >= length) break;
      // The least of up to four children (deadlines in the heap are distinct).
      let child = first;
      let cd = deadlines[first] as number;
      const end = Math.min(first + 4, length);
      for (let c = first + 1; c < end; c++) {
        const d = deadlines[c] as number;
        if (d < cd) {
          child = c;
          cd = d;
        }
      }
      if (deadline < cd) break;
      deadlines[i] = cd;
      buckets[i] = buckets[child] as Bucket<T>;
      i = child;
    }
    deadlines[i] = deadline;
    buckets[i] = bucket;
  }

  #grow(): void {
    const deadlines = new Float64Array(Math.max(INITIAL_CAPACITY, this.#deadlines.length * 2));
    deadlines.set(this.#deadlines);
    this.#deadlines = deadlines;
  }

  /** Drops every removed slot and every bucket left empty, then rebuilds the heap in O(n). */
  #compact(): void {
    const deadlines = this.#deadlines;
    const buckets = this.#buckets;
    let kept = 0;
    for (let i = 0; i < this.#length; i++) {
      const bucket = buckets[i] as Bucket<T>;
      const items = bucket.items;
      let live = 0;
      for (let j = bucket.head; j < items.length; j += 2) {
        const entry = items[j] as HeapEntry<T> | undefined;
        if (entry === undefined) continue;
        entry.slot = live;
        items[live++] = entry;
        items[live++] = items[j + 1];
      }
      items.length = live;
      bucket.head = 0;
      if (live === 0) {
        this.#byDeadline?.delete(deadlines[i] as number);
        this.#recycle(bucket);
        continue;
      }
      deadlines[kept] = deadlines[i] as number;
      buckets[kept++] = bucket;
    }
    buckets.length = kept;
    this.#length = kept;
    this.#removed = 0;
    for (let i = (kept - 2) >> 2; i >= 0; i--) {
      this.#siftDown(buckets[i] as Bucket<T>, deadlines[i] as number, i);
    }
  }
}
