import { SchedError } from './sched-error.js';

/**
 * A worker pool's queue already holds `maxQueue` waiting tasks. Back-pressure: wait for
 * `pool.waitForRoom()` before submitting more, or raise `maxQueue`. Raised by the worker pools of
 * both @sched/runtime-node and @sched/runtime-browser (the same class, so `instanceof` works
 * whichever runtime raised it).
 */
export class QueueFullError extends SchedError {
  /** The configured limit. */
  readonly maxQueue: number;

  constructor(maxQueue: number, what: string) {
    super('ERR_QUEUE_FULL', `cannot queue ${what}: the worker pool queue is full (maxQueue ${maxQueue})`);
    this.maxQueue = maxQueue;
  }
}
