import { type Scheduler, Session, SessionCleanupError, spawn, type Task, type TaskBody } from '@sched/core';
import type { ExecutionContextLike } from './execution-context.js';
import { startWork, type Work } from './work.js';

/**
 * One request's tasks in production, on an injected Workers context: tasks spawned here belong to
 * one session, `waitUntil` registers work with the session and hands it to `ctx.waitUntil`, and
 * `finish()` validates cleanup by the Workers rule (work not handed to `waitUntil` dies with the
 * response). Pass Cloudflare's `ExecutionContext` (or `@sched/runtime-workers`' host) as `ctx`.
 *
 * @example
 * ```ts
 * import { ExecutionSession } from '@sched/compat-cloud';
 * import { threadScheduler } from '@sched/runtime-node';
 *
 * const kept: Promise<unknown>[] = [];
 * const ctx = { waitUntil: (p: Promise<unknown>) => void kept.push(p) }; // Cloudflare's ctx in a Worker
 * const request = new ExecutionSession(threadScheduler(), ctx, 'GET /');
 * request.waitUntil(async () => 'audit written');
 * request.finish(); // passes: the only work is registered
 * console.log(kept.length, await kept[0]); // 1 audit written
 * ```
 */
export class ExecutionSession {
  /** The host its tasks run on. */
  readonly scheduler: Scheduler;
  /** The request's session: its tasks, and the work registered with `waitUntil`. */
  readonly session: Session;
  readonly #ctx: ExecutionContextLike;

  constructor(scheduler: Scheduler, ctx: ExecutionContextLike, name?: string) {
    this.scheduler = scheduler;
    this.#ctx = ctx;
    this.session = new Session(name);
  }

  /** Spawns `body` as a task of this request. */
  spawn<T>(body: TaskBody<T>): Task<T> {
    return spawn(this.scheduler, body, { session: this.session });
  }

  /** Starts `work` in this request's session, registers it, and hands it to `ctx.waitUntil`. */
  waitUntil<T>(work: Work<T>): Task<T> {
    const task = startWork(this.scheduler, this.session, work, 'waitUntil');
    this.session.waitUntil(task);
    // Workers reports a rejected waitUntil promise itself, as it would the original work's.
    this.#ctx.waitUntil(Promise.resolve(task));
    return task;
  }

  /**
   * Ends the request: throws {@link SessionCleanupError} naming every unfinished task that was not
   * registered with `waitUntil` (Workers would cancel it), or any failure nobody observed; then
   * closes the session.
   */
  finish(): void {
    const dangling = this.session.unregisteredTasks();
    if (dangling.length > 0) throw new SessionCleanupError(this.session.id, this.session.name, dangling);
    this.session.close();
  }
}
