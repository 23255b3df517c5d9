import { NodeScheduler } from './node-scheduler.js';

let shared: NodeScheduler | undefined;

/**
 * The shared {@link NodeScheduler} of the current thread, created on first use with default
 * options.
 *
 * When to use: whenever you do not need a scheduler of your own. Inside a `WorkerPool` worker it
 * is the scheduler that worker runs, so worker code can `spawn(threadScheduler(), …)` too (and
 * `threadScheduler().isMainThread()` is false there).
 *
 * @example
 * ```ts
 * import { spawn } from '@sched/core';
 * import { threadScheduler } from '@sched/runtime-node';
 * const total = await spawn(threadScheduler(), () => 1 + 1);
 * ```
 */
export function threadScheduler(): NodeScheduler {
  shared ??= new NodeScheduler();
  return shared;
}
