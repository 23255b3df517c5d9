import type { Runnable, TaskPriority } from '@sched/core';
import { priorityRank } from '@sched/core/host';

/** One FIFO: an array with a read index, compacted when the read half is large. */
class Fifo {
  #items: (Runnable | undefined)[] = [];
  #head = 0;

  get length(): number {
    return this.#items.length - this.#head;
  }

  push(runnable: Runnable): void {
    this.#items.push(runnable);
  }

  shift(): Runnable | undefined {
    if (this.#head === this.#items.length) return undefined;
    const runnable = this.#items[this.#head];
    this.#items[this.#head++] = undefined;
    if (this.#head === this.#items.length) {
      this.#items = [];
      this.#head = 0;
    } else if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return runnable;
  }
}

/**
 * Three FIFOs, one per priority. Both lanes share them: a Worker has one thread, so
 * "background" work runs on it too, in priority order with everything else.
 */
export class PriorityQueues {
  readonly #byRank = [new Fifo(), new Fifo(), new Fifo()] as const;

  push(priority: TaskPriority, runnable: Runnable): void {
    this.#byRank[priorityRank(priority)].push(runnable);
  }

  /** The most urgent Runnable of rank `maxRank` or more urgent, FIFO among equals. */
  shift(maxRank: 0 | 1 | 2): Runnable | undefined {
    for (let rank = 0; rank <= maxRank; rank++) {
      const runnable = this.#byRank[rank as 0 | 1 | 2].shift();
      if (runnable !== undefined) return runnable;
    }
    return undefined;
  }

  /** Number of queued Runnables of rank `rank`. */
  lengthOf(rank: 0 | 1 | 2): number {
    return this.#byRank[rank].length;
  }
}
