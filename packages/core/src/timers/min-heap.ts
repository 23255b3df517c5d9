/** An item a {@link MinHeap} can hold: the heap keeps `heapIndex` up to date (-1 when outside). */
export interface HeapItem {
  heapIndex: number;
}

/**
 * An indexed binary min-heap: O(log n) insert, O(log n) removal of the minimum, and O(log n)
 * removal of any item, because every item carries its own position.
 *
 * When to use: timer queues (earliest deadline first, with cancellation), or any priority queue
 * whose entries can be withdrawn before they reach the front.
 *
 * Details: `less(a, b)` must be a strict total order for deterministic output; timer queues
 * break deadline ties with an insertion sequence number so equal deadlines pop FIFO.
 *
 * Gotchas: an item may be in at most one heap at a time; `heapIndex` is owned by the heap.
 *
 * The one heap of the production hosts: `@sched/runtime-node` keys its timer lists by their front
 * timer, `@sched/runtime-browser` its timers by (deadline, creation). Pinned by test/min-heap.test.ts.
 *
 * @example
 * ```ts
 * import { MinHeap } from '@sched/core/host';
 *
 * interface Job { heapIndex: number; readonly due: number; readonly name: string }
 * const heap = new MinHeap<Job>((a, b) => a.due < b.due);
 * const late: Job = { heapIndex: -1, due: 30, name: 'late' };
 * heap.insert({ heapIndex: -1, due: 20, name: 'soon' });
 * heap.insert(late);
 * heap.insert({ heapIndex: -1, due: 10, name: 'first' });
 * heap.remove(late); // withdrawn before it reached the front
 * console.log(heap.pop()?.name, heap.pop()?.name, heap.size); // first soon 0
 * ```
 */
export class MinHeap<T extends HeapItem> {
  readonly #items: T[] = [];
  readonly #less: (a: T, b: T) => boolean;

  constructor(less: (a: T, b: T) => boolean) {
    this.#less = less;
  }

  /** Number of items. */
  get size(): number {
    return this.#items.length;
  }

  /** The minimum, or `undefined` when empty. */
  peek(): T | undefined {
    return this.#items[0];
  }

  /** Adds `item`. */
  insert(item: T): void {
    const items = this.#items;
    item.heapIndex = items.length;
    items.push(item);
    this.#up(item.heapIndex);
  }

  /** Removes and returns the minimum, or `undefined` when empty. */
  pop(): T | undefined {
    const items = this.#items;
    const top = items[0];
    if (top === undefined) return undefined;
    const last = items.pop() as T;
    if (last !== top) {
      items[0] = last;
      last.heapIndex = 0;
      this.#down(0);
    }
    top.heapIndex = -1;
    return top;
  }

  /** Removes `item` wherever it is. Returns false if it was not in this heap. */
  remove(item: T): boolean {
    const items = this.#items;
    const index = item.heapIndex;
    if (index < 0 || items[index] !== item) return false;
    const last = items.pop() as T;
    item.heapIndex = -1;
    if (last !== item) {
      items[index] = last;
      last.heapIndex = index;
      if (index > 0 && this.#less(last, items[(index - 1) >> 1] as T)) this.#up(index);
      else this.#down(index);
    }
    return true;
  }

  /** Restores heap order after `item`'s key changed (either way). O(log n). */
  update(item: T): void {
    const index = item.heapIndex;
    if (index < 0 || this.#items[index] !== item) return;
    if (index > 0 && this.#less(item, this.#items[(index - 1) >> 1] as T)) this.#up(index);
    else this.#down(index);
  }

  /**
   * Keeps only the items `keep` accepts and restores heap order in O(n) (the others get
   * `heapIndex` -1). Returns how many were dropped.
   */
  retain(keep: (item: T) => boolean): number {
    const items = this.#items;
    let kept = 0;
    for (let i = 0; i < items.length; i++) {
      const item = items[i] as T;
      if (keep(item)) items[kept++] = item;
      else item.heapIndex = -1;
    }
    const dropped = items.length - kept;
    items.length = kept;
    for (let i = 0; i < kept; i++) (items[i] as T).heapIndex = i;
    for (let i = (kept >> 1) - 1; i >= 0; i--) this.#down(i);
    return dropped;
  }

  /**
   * Forgets every item in O(1), without touching them (their `heapIndex` goes stale, which
   * `remove` tolerates). For owners that track membership themselves.
   */
  reset(): void {
    this.#items.length = 0;
  }

  /** Removes every item and returns them in heap (not sorted) order. */
  clear(): T[] {
    const items = this.#items.splice(0);
    for (const item of items) item.heapIndex = -1;
    return items;
  }

  #up(index: number): void {
    const items = this.#items;
    const item = items[index] as T;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = items[parentIndex] as T;
      if (!this.#less(item, parent)) break;
      items[index] = parent;
      parent.heapIndex = index;
      index = parentIndex;
    }
    items[index] = item;
    item.heapIndex = index;
  }

  #down(index: number): void {
    const items = this.#items;
    const length = items.length;
    const item = items[index] as T;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= length) break;
      const right = left + 1;
      let child = left;
      if (right < length && this.#less(items[right] as T, items[left] as T)) child = right;
      const childItem = items[child] as T;
      if (!this.#less(childItem, item)) break;
      items[index] = childItem;
      childItem.heapIndex = index;
      index = child;
    }
    items[index] = item;
    item.heapIndex = index;
  }
}
