import { SchedError } from '@sched/core';

/** The pool was closed: thrown for tasks submitted after `close()`, and the reason of tasks it dropped. */
export class PoolClosedError extends SchedError {
  constructor(detail = 'the worker pool is closed') {
    super('ERR_POOL_CLOSED', detail);
  }
}
