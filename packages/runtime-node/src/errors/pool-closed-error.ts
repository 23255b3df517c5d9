import { SchedError } from '@sched/core';

/**
 * The pool was closed: thrown for tasks submitted after `close()`, and the cancellation reason
 * (the `cause` of the `TaskCancelledError`) of tasks dropped by `close({ pending: 'cancel' })`.
 */
export class PoolClosedError extends SchedError {
  constructor(detail = 'the worker pool is closed') {
    super('ERR_POOL_CLOSED', detail);
  }
}
