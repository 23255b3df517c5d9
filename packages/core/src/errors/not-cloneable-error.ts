import { SchedError } from './sched-error.js';

/**
 * Thrown before anything is sent when a worker task's arguments (or result) cannot be
 * structured-cloned: functions, class instances with private state, DOM nodes, and so on.
 * The simulator throws the same error as the real worker pools, so tests catch it early.
 */
export class NotCloneableError extends SchedError {
  /** Which value failed: `'arguments'` or `'result'`. */
  readonly what: 'arguments' | 'result';

  constructor(what: 'arguments' | 'result', taskName: string, cause: unknown) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    super('ERR_NOT_CLONEABLE', `${what} of worker task ${taskName} cannot be structured-cloned: ${detail}`, { cause });
    this.what = what;
  }
}
