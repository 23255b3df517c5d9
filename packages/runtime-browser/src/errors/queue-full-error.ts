import { SchedError } from '@sched/core';

/**
 * The pool's queue already holds `maxQueue` waiting tasks. Back-pressure: wait for
 * `pool.waitForRoom()` before submitting more, or raise `maxQueue`.
 */
export class QueueFullError extends SchedError {
  /** The configured limit. */
  readonly maxQueue: number;

  constructor(maxQueue: number, what: string) {
    super('ERR_QUEUE_FULL', `cannot queue ${what}: the worker pool queue is full (maxQueue ${maxQueue})`);
    this.maxQueue = maxQueue;
  }
}
