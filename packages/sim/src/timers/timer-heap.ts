/** One entry of a {@link TimerHeap}: ordered by deadline, then by insertion sequence. */
export interface TimerEntry<T> {
  readonly deadline: number;
  readonly sequence: number;
  readonly value: T;
  /** Position in the heap array; -1 once removed. */
  index: number;
}

/**
 * A binary min-heap of timers keyed by `(deadline, sequence)`: earlier deadlines first, equal
 * deadlines in insertion (FIFO) order. Insert, pop and remove are O(log n).
 */
export class TimerHeap<T> {
  readonly #heap: TimerEntry<T>[] = [];
  #sequence = 0;

  get size(): number {
    return this.#heap.length;
  }

  /** Inserts a value due at `deadline` and returns its entry (keep it to remove the timer). */
  push(deadline: number, value: T): TimerEntry<T> {
    const entry: TimerEntry<T> = { deadline, sequence: this.#sequence++, value, index: this.#heap.length };
    this.#heap.push(entry);
    this.#up(entry.index);
    return entry;
  }

  peek(): TimerEntry<T> | undefined {
    return this.#heap[0];
  }

  pop(): TimerEntry<T> | undefined {
    const top = this.#heap[0];
    if (top !== undefined) this.remove(top);
    return top;
  }

  /** Removes an entry. Returns false if it was already removed. */
  remove(entry: TimerEntry<T>): boolean {
    const index = entry.index;
    if (index < 0 || this.#heap[index] !== entry) return false;
    const last = this.#heap.pop() as TimerEntry<T>;
    entry.index = -1;
    if (last !== entry) {
      this.#heap[index] = last;
      last.index = index;
      this.#down(index);
      this.#up(last.index);
    }
    return true;
  }

  #less(a: TimerEntry<T>, b: TimerEntry<T>): boolean {
    return a.deadline < b.deadline || (a.deadline === b.deadline && a.sequence < b.sequence);
  }

  #swap(i: number, j: number): void {
    const heap = this.#heap;
    const a = heap[i] as TimerEntry<T>;
    const b = heap[j] as TimerEntry<T>;
    heap[i] = b;
    heap[j] = a;
    b.index = i;
    a.index = j;
  }

  #up(index: number): void {
    let i = index;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#less(this.#heap[i] as TimerEntry<T>, this.#heap[parent] as TimerEntry<T>)) return;
      this.#swap(i, parent);
      i = parent;
    }
  }

  #down(index: number): void {
    const heap = this.#heap;
    let i = index;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < heap.length && this.#less(heap[left] as TimerEntry<T>, heap[smallest] as TimerEntry<T>)) smallest = left;
      if (right < heap.length && this.#less(heap[right] as TimerEntry<T>, heap[smallest] as TimerEntry<T>)) smallest = right;
      if (smallest === i) return;
      this.#swap(i, smallest);
      i = smallest;
    }
  }
}
