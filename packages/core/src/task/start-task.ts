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
 * import { startTask } from '@sched/core/host';
 * import { threadScheduler } from '@sched/runtime-node';
 *
 * // Work done outside the scheduler (here a timer; in the worker pool, a worker) that can be stopped.
 * function startJob(ms: number) {
 *   let stop: (error: Error) => void = () => {};
 *   const promise = new Promise<string>((resolve, reject) => {
 *     const timer = setTimeout(resolve, ms, 'resized');
 *     stop = (error) => { clearTimeout(timer); reject(error); };
 *   });
 *   return { promise: () => promise, stop: (error: Error) => stop(error) };
 * }
 *
 * const scheduler = threadScheduler();
 * const job = startJob(60_000);
 * const task = startTask(scheduler, () => job.promise(), {
 *   label: 'resize', priority: 'normal', lane: 'background', session: undefined,
 *   onCancel: (error) => job.stop(error), // stops the outside work: the process can exit at once
 * });
 * await scheduler.timer(5); // the task is running
 * task.cancel('no longer needed');
 * console.log(await task.fallible(), task.state); // undefined cancelled
 * ```
 */
export function startTask<T>(scheduler: Scheduler, body: TaskBody<T>, spec: TaskSpec): Task<T> {
  const task = new Task<T>(scheduler, body, spec);
  dispatchOnLane(scheduler, new StartRunnable(task as Task<unknown>, scheduler));
  return task;
}
