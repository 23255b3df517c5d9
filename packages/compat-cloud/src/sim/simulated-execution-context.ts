import type { Session, Task, TaskBody } from '@sched/core';
import type { Simulator as SimScheduler } from '@sched/sim';
import type { ExecutionContextLike } from '../execution-context.js';
import { startWork, type Work } from '../work.js';

/** The seed's deterministic delay before `wait_until` work starts, in ms of simulated time. */
export const WAIT_UNTIL_DELAY_MS = 1;

/**
 * The cloud simulator's execution context (the seed's `SimulatedExecutionContext`): a session on
 * a simulator, with `waitUntil`. Code written against {@link ExecutionContextLike} (Cloudflare's
 * `ctx`) can be handed one in tests. `finish()` is the request's end, checked by the simulator
 * under the Workers rule.
 *
 * @example
 * ```ts
 * import { SimulatedExecutionContext } from '@sched/compat-cloud/sim';
 * import { Simulator } from '@sched/sim';
 *
 * const sim = new Simulator({ seed: 1 });
 * const ctx = new SimulatedExecutionContext(sim, 'request');
 * const write = ctx.waitUntil(async () => sim.now());
 * await ctx.finish(); // runs the registered work, then validates cleanup
 * console.log(await write); // 1
 * ```
 */
export class SimulatedExecutionContext implements ExecutionContextLike {
  /** The simulator it runs on. */
  readonly scheduler: SimScheduler;
  /** This context's session (one request). */
  readonly session: Session;

  constructor(scheduler: SimScheduler, name?: string) {
    this.scheduler = scheduler;
    this.session = scheduler.session(name);
  }

  /**
   * Starts `work` in this context's session after the seed's deterministic delay
   * ({@link WAIT_UNTIL_DELAY_MS}), registers it with the session for cleanup, and returns the
   * task (await it for the seed's `wait_until(...).await`).
   */
  waitUntil<T>(work: Work<T>): Task<T> {
    const task = startWork(this.scheduler, this.session, work, 'waitUntil', WAIT_UNTIL_DELAY_MS);
    this.session.waitUntil(task);
    return task;
  }

  /** Spawns `body` as a task of this context's session. */
  spawn<T>(body: TaskBody<T>): Task<T> {
    return this.session.spawn(this.scheduler, body);
  }

  /**
   * Ends the request: runs the simulation until every registered work has finished, then fails
   * with `SessionCleanupError` naming each unfinished task not registered with `waitUntil`
   * (Workers would cancel it), and closes the session. Call it from test code, not from a task.
   */
  finish(): Promise<void> {
    return this.scheduler.endSession(this.session, { rule: 'workers', autoAdvance: true });
  }
}
