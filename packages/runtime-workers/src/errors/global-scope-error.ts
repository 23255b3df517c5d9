import { SchedError } from '@sched/core';

/**
 * Thrown when @sched is asked to schedule work, set a timer or read the clock while the Worker's
 * module is still being evaluated (global scope). Workers forbid timers, I/O and random values
 * there; without this check the failure would be workerd's generic "Disallowed operation called
 * within global scope", thrown from deep inside the scheduler. Move the call into a handler
 * (`fetch`, `scheduled`, `queue`), or wrap the handlers with `withSessions` and spawn from the
 * session it gives each invocation.
 */
export class GlobalScopeError extends SchedError {
  /** What was attempted, e.g. `dispatchForeground` or `timer`. */
  readonly operation: string;

  constructor(operation: string, options?: ErrorOptions) {
    super(
      'ERR_GLOBAL_SCOPE',
      `@sched/runtime-workers: ${operation} was called at global scope (while the Worker module was being evaluated). Workers allow no timers, I/O or random values there: spawn tasks inside a handler (fetch, scheduled, queue) instead.`,
      options,
    );
    this.operation = operation;
  }
}
