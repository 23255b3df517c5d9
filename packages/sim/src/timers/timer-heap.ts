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
const EMPTY_IDS = new Int32Array(0);

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
 * A 4-ary min-heap of timers keyed by `(deadline, sequence)`: earlier deadlines first, equal
 * deadlines in insertion (FIFO) order. Push and pop are O(log n); remove is O(1).
 *
 * Details: the heap itself is numbers only. Each position holds its keys interleaved in one
 * `Float64Array` (`deadline, sequence`) and the id of its entry in an `Int32Array`; the entry
 * objects stay put in `#byId` (ids are reused through a free list). So sifting compares and
 * moves numbers without touching entry objects or writing pointers (with 1e5 timers, chasing
 * and moving entry pointers was the cost of a pop), and the four children of a position share
 * one or two cache lines: half the levels of a binary heap.
 * Removal is lazy: the entry is marked and skipped when it reaches the top, and the heap is
 * compacted in O(n) once more than half of it is removed entries.
 */
export class TimerHeap<T> {
  // Allocated on the first push: a simulator per seed (`many`) often sets no timer at all.
  /** `#keys[2 * i]` is slot i's deadline, `#keys[2 * i + 1]` its sequence. */
  #keys: Float64Array = EMPTY;
  /** `#ids[i]`: the id of the entry at position i. */
  #ids: Int32Array = EMPTY_IDS;
  /** Entries by id; a popped or compacted entry's id goes to `#freeIds`. */
  readonly #byId: Array<TimerEntry<T> | undefined> = [];
  readonly #freeIds: number[] = [];
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
    if (2 * this.#length === this.#keys.length) this.#grow();
    const id = this.#freeIds.length > 0 ? (this.#freeIds.pop() as number) : this.#byId.length;
    if (id === this.#byId.length) this.#byId.push(entry);
    else this.#byId[id] = entry;
    this.#siftUp(id, entry.deadline, entry.sequence, this.#length++);
    return entry;
  }

  /** The earliest queued entry, without removing it. */
  peek(): TimerEntry<T> | undefined {
    this.#dropRemovedTop();
    return this.#length === 0 ? undefined : this.#byId[this.#ids[0] as number];
  }

  /** Removes and returns the earliest queued entry. */
  pop(): TimerEntry<T> | undefined {
    this.#dropRemovedTop();
    if (this.#length === 0) return undefined;
    const top = this.#byId[this.#ids[0] as number] as TimerEntry<T>;
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
    while (this.#length > 0 && (this.#byId[this.#ids[0] as number] as TimerEntry<T>).index < 0) {
      this.#removeTop();
      this.#removed--;
    }
  }

  #removeTop(): void {
    const id = this.#ids[0] as number;
    this.#byId[id] = undefined;
    this.#freeIds.push(id);
    const last = --this.#length;
    if (last > 0) {
      const keys = this.#keys;
      this.#siftDown(this.#ids[last] as number, keys[2 * last] as number, keys[2 * last + 1] as number, 0);
    }
  }

  // Both sifts move a "hole" along the path and write the moving entry once at the end.
  #siftUp(id: number, deadline: number, sequence: number, start: number): void {
    const keys = this.#keys;
    const ids = this.#ids;
    let i = start;
    while (i > 0) {
      const parent = (i - 1) >> 2;
      const d = keys[2 * parent] as number;
      const s = keys[2 * parent + 1] as number;
      if (d < deadline || (d === deadline && s < sequence)) break;
      keys[2 * i] = d;
      keys[2 * i + 1] = s;
      ids[i] = ids[parent] as number;
      i = parent;
    }
    keys[2 * i] = deadline;
    keys[2 * i + 1] = sequence;
    ids[i] = id;
  }

  #siftDown(id: number, deadline: number, sequence: number, start: number): void {
    const keys = this.#keys;
    const ids = this.#ids;
    const length = this.#length;
    let i = start;
    for (;;) {
      const first = 4 * i + 1;
      if (first >= length) break;
      // The least of up to four children.
      let child = first;
      let cd = keys[2 * first] as number;
      let cs = keys[2 * first + 1] as number;
      const end = Math.min(first + 4, length);
      for (let c = first + 1; c < end; c++) {
        const d = keys[2 * c] as number;
        const s = keys[2 * c + 1] as number;
        if (d < cd || (d === cd && s < cs)) {
          child = c;
          cd = d;
          cs = s;
        }
      }
      if (deadline < cd || (deadline === cd && sequence < cs)) break;
      keys[2 * i] = cd;
      keys[2 * i + 1] = cs;
      ids[i] = ids[child] as number;
      i = child;
    }
    keys[2 * i] = deadline;
    keys[2 * i + 1] = sequence;
    ids[i] = id;
  }

  #grow(): void {
    const capacity = Math.max(INITIAL_CAPACITY, this.#ids.length * 2);
    const keys = new Float64Array(2 * capacity);
    keys.set(this.#keys);
    this.#keys = keys;
    const ids = new Int32Array(capacity);
    ids.set(this.#ids);
    this.#ids = ids;
  }

  #compact(): void {
    const keys = this.#keys;
    const ids = this.#ids;
    const byId = this.#byId;
    let kept = 0;
    for (let i = 0; i < this.#length; i++) {
      const id = ids[i] as number;
      const entry = byId[id] as TimerEntry<T>;
      if (entry.index < 0) {
        byId[id] = undefined;
        this.#freeIds.push(id);
        continue;
      }
      keys[2 * kept] = entry.deadline;
      keys[2 * kept + 1] = entry.sequence;
      ids[kept++] = id;
    }
    this.#length = kept;
    this.#removed = 0;
    for (let i = (kept - 2) >> 2; i >= 0; i--) {
      this.#siftDown(ids[i] as number, keys[2 * i] as number, keys[2 * i + 1] as number, i);
    }
  }
}
