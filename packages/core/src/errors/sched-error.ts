/**
 * Base class of every error thrown by @sched. `code` is stable and machine-readable;
 * `message` is for people.
 *
 * @example
 * ```ts
 * import { SchedError, spawn } from '@sched/core';
 * import { threadScheduler } from '@sched/runtime-node';
 *
 * const task = spawn(threadScheduler(), async ({ sleep }) => { await sleep(1000); });
 * task.cancel();
 * try {
 *   await task;
 * } catch (e) {
 *   if (e instanceof SchedError) console.log(e.code); // ERR_TASK_CANCELLED
 * }
 * ```
 */
export class SchedError extends Error {
  /** Stable identifier, e.g. `"ERR_TASK_CANCELLED"`. */
  readonly code: string;

  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}
