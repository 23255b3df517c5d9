import type { Runnable } from '@sched/core';
import { priorityRank } from '@sched/core/host';
import { Fifo } from './fifo.js';
import type { ReadySet } from './ready-set.js';

/**
 * No randomization: the most urgent priority first, FIFO among equal priorities, across all
 * lanes, the same order a production host aims for. For debugging a failure step by step.
 */
export class FifoReadySet implements ReadySet {
  readonly #queues: [Fifo<Runnable>, Fifo<Runnable>, Fifo<Runnable>] = [new Fifo(), new Fifo(), new Fifo()];
  #size = 0;

  get size(): number {
    return this.#size;
  }

  push(runnable: Runnable): void {
    this.#size++;
    this.#queues[priorityRank(runnable.task.priority)].push(runnable);
  }

  pick(): Runnable | undefined {
    for (const queue of this.#queues) {
      const runnable = queue.shift();
      if (runnable !== undefined) {
        this.#size--;
        return runnable;
      }
    }
    return undefined;
  }

  runnables(): Runnable[] {
    return this.#queues.flatMap((queue) => [...queue]);
  }
}
