import type { Runnable, TaskPriority } from '@sched/core';
import { priorityRank, RingQueue } from '@sched/core/host';

/**
 * Three FIFOs (core's `RingQueue`), one per priority. Both lanes share them: a Worker has one thread, so
 * "background" work runs on it too, in priority order with everything else.
 */
export class PriorityQueues {
  readonly #byRank = [new RingQueue<Runnable>(), new RingQueue<Runnable>(), new RingQueue<Runnable>()] as const;

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
