/** One entry of a {@link TimerHeap}: ordered by deadline, then by insertion sequence. */
export interface TimerEntry<T> {
  readonly deadline: number;
  readonly sequence: number;
  readonly value: T;
  /** 0 while queued; -1 once popped or removed. */
  index: number;
}

const INITIAL_CAPACITY = 64;
/** Shared by every empty heap; never written (the first push grows it). */
const EMPTY = new Float64Array(0);

/** The entry class: also the cancel handle handed out for the timer (one allocation per timer). */
class HeapEntry<T> implements TimerEntry<T> {
  readonly deadline: number;
  readonly sequence: number;
  readonly value: T;
  index = 0;
  readonly #heap: TimerHeap<T>;

  constructor(heap: TimerHeap<T>, deadline: number, sequence: number, value: T) {
    this.#heap = heap;
    this.deadline = deadline;
    this.sequence = sequence;
    this.value = value;
  }

  /** Removes this timer from its heap. Returns false if it already fired or was cancelled. */
  cancel(): boolean {
    return this.#heap.remove(this);
  }
}

/** The timers of one deadline, in insertion order: `entries[head..]` are still queued (or removed). */
interface Bucket<T> {
  readonly entries: (HeapEntry<T> | undefined)[];
  head: number;
}

/**
 * The timers, keyed by `(deadline, sequence)`: earlier deadlines first, equal deadlines in
 * insertion (FIFO) order. Remove is O(1).
 *
 * Details: timers that share a deadline share a bucket, a FIFO array, found through a map by
 * deadline; only the distinct deadlines sit in a 4-ary min-heap (the deadlines interleaved in one
 * `Float64Array`, the buckets in a parallel array). So pushing a timer whose deadline already
 * has a bucket is a map lookup and an array push, and popping one that is not the last of its
 * deadline is an array read: the O(log n) sift is paid once per distinct deadline, not once per
 * timer. With virtual time in whole milliseconds many timers share a deadline (1e5 timers over
 * 10 s: ~10 per millisecond), and ties in a simulation are the common case; with all deadlines
 * distinct it is a plain heap plus one map operation per timer. Emptied buckets are reused.
 * Removal is lazy: the entry is marked and skipped when it reaches the head of its bucket, and
 * everything is compacted in O(n) once more than half of the stored entries are removed ones.
 */
export class TimerHeap<T> {
  // Allocated on the first new deadline: a simulator per seed (`many`) often sets no timer at all.
  /** `#deadlines[i]`: the deadline at heap position i. */
  #deadlines: Float64Array = EMPTY;
  /** `#buckets[i]`: the bucket of the deadline at heap position i. */
  #buckets: Bucket<T>[] = [];
  /** The bucket of each deadline in the heap. */
  readonly #byDeadline = new Map<number, Bucket<T>>();
  readonly #spare: Bucket<T>[] = [];
  /** Number of distinct deadlines in the heap. */
  #length = 0;
  /** Queued (not removed) timers. */
  #size = 0;
  /** Removed entries still stored in buckets. */
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
    const entry = new HeapEntry(this, deadline, this.#sequence++, value);
    let bucket = this.#byDeadline.get(deadline);
    if (bucket === undefined) {
      bucket = this.#spare.pop() ?? { entries: [], head: 0 };
      this.#byDeadline.set(deadline, bucket);
      if (this.#length === this.#deadlines.length) this.#grow();
      this.#siftUp(bucket, deadline, this.#length++);
    }
    bucket.entries.push(entry);
    this.#size++;
    return entry;
  }

  /** The earliest queued entry, without removing it. */
  peek(): TimerEntry<T> | undefined {
    while (this.#length > 0) {
      const bucket = this.#buckets[0] as Bucket<T>;
      const entries = bucket.entries;
      let head = bucket.head;
      while (head < entries.length) {
        const entry = entries[head] as HeapEntry<T>;
        if (entry.index >= 0) {
          bucket.head = head;
          return entry;
        }
        entries[head++] = undefined;
        this.#removed--;
      }
      this.#dropTop();
    }
    return undefined;
  }

  /** Removes and returns the earliest queued entry. */
  pop(): TimerEntry<T> | undefined {
    const top = this.peek();
    if (top === undefined) return undefined;
    const bucket = this.#buckets[0] as Bucket<T>;
    bucket.entries[bucket.head++] = undefined;
    if (bucket.head === bucket.entries.length) this.#dropTop();
    this.#size--;
    top.index = -1;
    return top;
  }

  /** Removes an entry. Returns false if it was already popped or removed. */
  remove(entry: TimerEntry<T>): boolean {
    if (entry.index < 0) return false;
    entry.index = -1;
    this.#size--;
    this.#removed++;
    if (this.#removed > 32 && this.#removed > this.#size) this.#compact();
    return true;
  }

  /** Drops the earliest deadline, whose bucket holds nothing queued any more. */
  #dropTop(): void {
    const bucket = this.#buckets[0] as Bucket<T>;
    this.#byDeadline.delete(this.#deadlines[0] as number);
    this.#recycle(bucket);
    const last = --this.#length;
    const lastBucket = this.#buckets.pop() as Bucket<T>;
    if (last > 0) this.#siftDown(lastBucket, this.#deadlines[last] as number, 0);
  }

  #recycle(bucket: Bucket<T>): void {
    bucket.entries.length = 0;
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

  /** Drops every removed entry and every bucket left empty, then rebuilds the heap in O(n). */
  #compact(): void {
    const deadlines = this.#deadlines;
    const buckets = this.#buckets;
    let kept = 0;
    for (let i = 0; i < this.#length; i++) {
      const bucket = buckets[i] as Bucket<T>;
      const entries = bucket.entries;
      let live = 0;
      for (let j = bucket.head; j < entries.length; j++) {
        const entry = entries[j] as HeapEntry<T>;
        if (entry.index >= 0) entries[live++] = entry;
      }
      entries.length = live;
      bucket.head = 0;
      if (live === 0) {
        this.#byDeadline.delete(deadlines[i] as number);
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
