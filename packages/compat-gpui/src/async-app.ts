import type { Scheduler, Session, Task, TaskBody, TaskContext } from '@sched/core';
import { BackgroundExecutor } from './background-executor.js';
import { ForegroundExecutor } from './foreground-executor.js';

/**
 * GPUI's `AsyncApp`: the context async code holds to spawn more work. `spawn` runs on the
 * foreground executor and hands the body this context (GPUI: `cx.spawn(async move |cx| …)`);
 * `backgroundSpawn` runs on the background executor.
 *
 * @example
 * ```ts
 * import { AsyncApp } from '@sched/compat-gpui';
 * import { threadScheduler } from '@sched/runtime-node';
 *
 * const cx = new AsyncApp(threadScheduler());
 * const total = cx.spawn(async (cx) => {
 *   const one = cx.backgroundSpawn(async () => 1);
 *   const two = cx.backgroundSpawn(async () => 2);
 *   return (await one) + (await two);
 * });
 * console.log(await total); // 3
 * ```
 */
export class AsyncApp {
  /** The executor `spawn` uses (GPUI: `cx.foreground_executor()`). */
  readonly foregroundExecutor: ForegroundExecutor;
  /** The executor `backgroundSpawn` uses (GPUI: `cx.background_executor()`). */
  readonly backgroundExecutor: BackgroundExecutor;

  /** An app context on `scheduler` (on the main thread); `session` groups its foreground tasks. */
  constructor(scheduler: Scheduler, session?: Session) {
    this.foregroundExecutor = new ForegroundExecutor(scheduler, session);
    this.backgroundExecutor = new BackgroundExecutor(scheduler);
  }

  /** Spawns `body(cx, ctx)` on the foreground executor, with this context as `cx`. */
  spawn<T>(body: (cx: AsyncApp, ctx: TaskContext) => T | PromiseLike<T>): Task<T> {
    return this.foregroundExecutor.spawn((ctx) => body(this, ctx));
  }

  /** Spawns `body` on the background executor (GPUI: `background_spawn`). */
  backgroundSpawn<T>(body: TaskBody<T>): Task<T> {
    return this.backgroundExecutor.spawn(body);
  }
}
