import { SchedError } from './sched-error.js';

/**
 * A worker pool was closed: thrown for tasks submitted after `close()`, and the cancellation
 * reason (the `cause` of the `TaskCancelledError`) of tasks dropped by
 * `close({ pending: 'cancel' })`. Raised by the worker pools of both @sched/runtime-node and
 * @sched/runtime-browser (the same class, so `instanceof` works whichever runtime raised it).
 */
export class PoolClosedError extends SchedError {
  constructor(detail = 'the worker pool is closed') {
    super('ERR_POOL_CLOSED', detail);
  }
}
