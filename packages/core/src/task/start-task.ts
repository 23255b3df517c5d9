import { dispatchOnLane } from '../runnable.js';
import type { Scheduler } from '../scheduler.js';
import { StartRunnable, Task, type TaskSpec } from './task.js';
import type { TaskBody } from './task-context.js';

/**
 * Creates a task and dispatches its start Runnable on its lane: the one spawn path, under every
 * spawn helper and `Executor`. Prefer `spawn()`; hosts call this to pass what `spawn` does not,
 * such as a cancel hook (`spec.onCancel`), instead of subclassing `Task`.
 *
 * @example
 * ```ts
 * const task = startTask(scheduler, () => job.promise(), {
 *   label: 'resize', priority: 'normal', lane: 'background', session: undefined,
 *   onCancel: (error) => job.stop(error),
 * });
 * ```
 */
export function startTask<T>(scheduler: Scheduler, body: TaskBody<T>, spec: TaskSpec): Task<T> {
  const task = new Task<T>(scheduler, body, spec);
  dispatchOnLane(scheduler, new StartRunnable(task as Task<unknown>));
  return task;
}
