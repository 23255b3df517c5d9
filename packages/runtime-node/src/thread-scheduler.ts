import { InvalidArgumentError } from '@sched/core';
import { NodeScheduler, type NodeSchedulerOptions } from './node-scheduler.js';

let shared: NodeScheduler | undefined;
let sharedOptions: NodeSchedulerOptions = {};

/**
 * Every option, once. The type requires each key of `NodeSchedulerOptions` and no other, so a new
 * option that is not listed here (or a stale one) fails to compile instead of being ignored when
 * `threadScheduler` compares options.
 */
const EVERY_OPTION: { readonly [Key in keyof Required<NodeSchedulerOptions>]: true } = {
  clock: true,
  sliceMs: true,
  refTimers: true,
  onError: true,
};
const OPTION_KEYS = Object.keys(EVERY_OPTION) as ReadonlyArray<keyof NodeSchedulerOptions>;

function sameOptions(a: NodeSchedulerOptions, b: NodeSchedulerOptions): boolean {
  return OPTION_KEYS.every((key) => a[key] === b[key]);
}

/**
 * The shared {@link NodeScheduler} of the current thread, created on first use.
 *
 * When to use: whenever you do not need a scheduler of your own. Inside a `WorkerPool` worker it
 * is the scheduler that worker runs, so worker code can `spawn(threadScheduler(), …)` too (and
 * `threadScheduler().isMainThread()` is false there).
 *
 * Details: the first call creates the scheduler, with `options` if given (defaults otherwise).
 * Later calls return the same scheduler: without options, or with options equal field by field
 * (`===`) to the first call's. A later call with different options throws
 * `InvalidArgumentError` rather than silently ignoring them: configure the shared scheduler once,
 * at start-up, before anything else uses it (a `WorkerPool` created without a `scheduler` uses
 * it too). Inside pool workers the scheduler is created, with defaults, before your module loads.
 *
 * @example
 * ```ts
 * import { spawn } from '@sched/core';
 * import { threadScheduler } from '@sched/runtime-node';
 *
 * const scheduler = threadScheduler({ sliceMs: 4 }); // configured once, at start-up
 * const total = await spawn(threadScheduler(), () => 1 + 1); // the same scheduler
 * console.log(total, scheduler === threadScheduler()); // 2 true
 * ```
 */
export function threadScheduler(options?: NodeSchedulerOptions): NodeScheduler {
  if (shared === undefined) {
    shared = new NodeScheduler(options);
    sharedOptions = { ...options };
    return shared;
  }
  if (options !== undefined && !sameOptions(options, sharedOptions)) {
    throw new InvalidArgumentError(
      'options',
      options,
      "the options this thread's scheduler was created with (threadScheduler() is configured by its first call; omit options in later calls, or create a NodeScheduler of your own)",
    );
  }
  return shared;
}
