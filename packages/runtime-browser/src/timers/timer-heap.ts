/** One pending timer: fires at `deadline`; `seq` breaks ties in creation order. @internal */
export interface TimerEntry {
  readonly deadline: number;
  readonly seq: number;
  /** Cleared when the timer fires or is cancelled; a cleared entry is skipped at the top. */
  live: boolean;
}

function before(a: TimerEntry, b: TimerEntry): boolean {
  return a.deadline < b.deadline || (a.deadline === b.deadline && a.seq < b.seq);
}

/**
 * A binary min-heap of timers by (deadline, seq): `push`, `peek`, `pop`.
 * @internal
 */
export class TimerHeap<E extends TimerEntry> {
  readonly #items: E[] = [];

  /** Number of entries, cancelled ones included until they reach the top. */
  get length(): number {
    return this.#items.length;
  }

  push(entry: E): void {
    const items = this.#items;
    let i = items.length;
    items.push(entry);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const above = items[parent] as E;
      if (!before(entry, above)) break;
      items[i] = above;
      i = parent;
    }
    items[i] = entry;
  }

  peek(): E | undefined {
    return this.#items[0];
  }

  pop(): E | undefined {
    const items = this.#items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    const n = items.length;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && before(items[right] as E, items[left] as E) ? right : left;
      if (!before(items[child] as E, last)) break;
      items[i] = items[child] as E;
      i = child;
    }
    items[i] = last;
    return top;
  }

  clear(): void {
    this.#items.length = 0;
  }
}
