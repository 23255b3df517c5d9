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

/**
 * A binary min-heap of timers keyed by `(deadline, sequence)`: earlier deadlines first, equal
 * deadlines in insertion (FIFO) order. Push and pop are O(log n); remove is O(1).
 *
 * Details: the keys live in two contiguous `Float64Array`s, so sifting compares numbers
 * without touching the entry objects (with 1e5 timers, chasing entry pointers was the cost of a
 * pop). Removal is lazy: the entry is marked and skipped when it reaches the top, and the heap
 * is compacted in O(n) once more than half of it is removed entries.
 */
export class TimerHeap<T> {
  // Allocated on the first push: a simulator per seed (`many`) often sets no timer at all.
  #deadlines: Float64Array = EMPTY;
  #sequences: Float64Array = EMPTY;
  #entries: TimerEntry<T>[] = [];
  /** Physical length, including removed entries not yet dropped. */
  #length = 0;
  #removed = 0;
  #sequence = 0;

  /** Number of queued (not removed) timers. */
  get size(): number {
    return this.#length - this.#removed;
  }

  /**
   * Inserts a value due at `deadline` and returns its entry; keep it to remove the timer, or call
   * its `cancel()`.
   */
  push(deadline: number, value: T): TimerEntry<T> & { cancel(): boolean } {
    const entry = new HeapEntry(this, deadline, this.#sequence++, value);
    if (this.#length === this.#deadlines.length) this.#grow();
    this.#siftUp(entry, this.#length++);
    return entry;
  }

  /** The earliest queued entry, without removing it. */
  peek(): TimerEntry<T> | undefined {
    this.#dropRemovedTop();
    return this.#length === 0 ? undefined : this.#entries[0];
  }

  /** Removes and returns the earliest queued entry. */
  pop(): TimerEntry<T> | undefined {
    this.#dropRemovedTop();
    if (this.#length === 0) return undefined;
    const top = this.#entries[0] as TimerEntry<T>;
    this.#removeTop();
    top.index = -1;
    return top;
  }

  /** Removes an entry. Returns false if it was already popped or removed. */
  remove(entry: TimerEntry<T>): boolean {
    if (entry.index < 0) return false;
    entry.index = -1;
    this.#removed++;
    if (this.#removed > 32 && this.#removed * 2 > this.#length) this.#compact();
    return true;
  }

  #dropRemovedTop(): void {
    while (this.#length > 0 && (this.#entries[0] as TimerEntry<T>).index < 0) {
      this.#removeTop();
      this.#removed--;
    }
  }

  #removeTop(): void {
    const moving = this.#entries.pop() as TimerEntry<T>;
    if (--this.#length > 0) this.#siftDown(moving, 0);
  }

  // Both sifts move a "hole" along the path and write the moving entry once at the end.
  #siftUp(entry: TimerEntry<T>, start: number): void {
    const deadlines = this.#deadlines;
    const sequences = this.#sequences;
    const entries = this.#entries;
    const deadline = entry.deadline;
    const sequence = entry.sequence;
    let i = start;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const d = deadlines[parent] as number;
      if (d < deadline || (d === deadline && (sequences[parent] as number) < sequence)) break;
      deadlines[i] = d;
      sequences[i] = sequences[parent] as number;
      entries[i] = entries[parent] as TimerEntry<T>;
      i = parent;
    }
    deadlines[i] = deadline;
    sequences[i] = sequence;
    entries[i] = entry;
  }

  #siftDown(entry: TimerEntry<T>, start: number): void {
    const deadlines = this.#deadlines;
    const sequences = this.#sequences;
    const entries = this.#entries;
    const length = this.#length;
    const deadline = entry.deadline;
    const sequence = entry.sequence;
    let i = start;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= length) break;
      let cd = deadlines[child] as number;
      let cs = sequences[child] as number;
      const right = child + 1;
      if (right < length) {
        const rd = deadlines[right] as number;
        const rs = sequences[right] as number;
        if (rd < cd || (rd === cd && rs < cs)) {
          child = right;
          cd = rd;
          cs = rs;
        }
      }
      if (deadline < cd || (deadline === cd && sequence < cs)) break;
      deadlines[i] = cd;
      sequences[i] = cs;
      entries[i] = entries[child] as TimerEntry<T>;
      i = child;
    }
    deadlines[i] = deadline;
    sequences[i] = sequence;
    entries[i] = entry;
  }

  #grow(): void {
    const capacity = Math.max(INITIAL_CAPACITY, this.#deadlines.length * 2);
    const deadlines = new Float64Array(capacity);
    const sequences = new Float64Array(capacity);
    deadlines.set(this.#deadlines);
    sequences.set(this.#sequences);
    this.#deadlines = deadlines;
    this.#sequences = sequences;
  }

  /** Drops every removed entry and rebuilds the heap bottom-up in O(n). */
  #compact(): void {
    const live = this.#entries.filter((entry) => entry.index >= 0);
    this.#entries = live;
    this.#length = live.length;
    this.#removed = 0;
    for (let i = 0; i < live.length; i++) {
      this.#deadlines[i] = (live[i] as TimerEntry<T>).deadline;
      this.#sequences[i] = (live[i] as TimerEntry<T>).sequence;
    }
    for (let i = (live.length >> 1) - 1; i >= 0; i--) this.#siftDown(live[i] as TimerEntry<T>, i);
  }
}
