import { type Scheduler, spawn, type TaskBody } from '@sched/core';
import { runHostOf } from './run-host.js';
import { startWork, type Work } from './work.js';

/**
 * The cloud runtime's `PlatformRuntime` over any `@sched` host. `blockOn` is an awaitable
 * run-to-completion: on a simulator it runs the simulation until the work is done; on a
 * production host it awaits it. `spawn` starts a task and returns its id.
 *
 * @example
 * ```ts
 * import { PlatformRuntime } from '@sched/compat-cloud';
 * import { threadScheduler } from '@sched/runtime-node';
 *
 * const runtime = new PlatformRuntime(threadScheduler());
 * let ran = false;
 * const id = runtime.spawn(async () => {
 *   ran = true;
 * });
 * console.log(typeof id); // number
 * console.log(await runtime.blockOn(async (ctx) => { await ctx.sleep(5); return 'done'; })); // done
 * console.log(ran); // true
 * ```
 */
export class PlatformRuntime {
  /** The host it runs on. */
  readonly scheduler: Scheduler;

  constructor(scheduler: Scheduler) {
    this.scheduler = scheduler;
  }

  /**
   * Runs `work` to completion and returns its value (the seed's `block_on`). An async function is
   * started as a task. On a simulator: called from test code, it drives the simulation (jumping
   * the clock to timers) until the work is done, throwing the simulator's `DeadlockError` if it
   * never can be; called from inside a task, it awaits, the run already in progress drives it.
   */
  async blockOn<T>(work: Work<T>): Promise<T> {
    const task = startWork(this.scheduler, undefined, work, 'blockOn');
    const host = runHostOf(this.scheduler);
    if (host === undefined || host.running) return await task;
    return host.runUntil(task, { autoAdvance: true });
  }

  /**
   * Starts `body` as a detached task and returns its id (the seed's `spawn`). Its failure reaches
   * the error reporter (on a simulator, it fails the run).
   */
  spawn(body: TaskBody<unknown>): number {
    const task = spawn(this.scheduler, body, { lane: 'background' });
    task.detach();
    return task.id;
  }
}
