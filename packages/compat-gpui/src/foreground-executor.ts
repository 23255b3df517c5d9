import type { Scheduler, Session, Task, TaskBody } from '@sched/core';
import { spawn } from '@sched/core';
import { OffMainThreadError } from './errors/off-main-thread-error.js';
import { type BlockResult, block, blockWithTimeout } from './test-control/block.js';

/**
 * GPUI's `ForegroundExecutor`: spawns on the foreground lane, bound to the main thread. Creating
 * or using one on a scheduler that is not on the main thread (a worker's) throws
 * {@link OffMainThreadError}, the JavaScript form of GPUI's `!Send`.
 *
 * With a `session`, its tasks belong to that session (for cleanup checks, and for the per-session
 * FIFO order of a simulator created with `order: 'session-fifo'`, as in GPUI's test dispatcher).
 *
 * @example
 * ```ts
 * import { ForegroundExecutor } from '@sched/compat-gpui';
 * import { threadScheduler } from '@sched/runtime-node';
 *
 * const executor = new ForegroundExecutor(threadScheduler());
 * console.log(await executor.spawn(async () => 'hello')); // hello
 * ```
 */
export class ForegroundExecutor {
  /** The host this executor dispatches to. */
  readonly scheduler: Scheduler;
  /** The session its tasks belong to, if any. */
  readonly session: Session | undefined;

  constructor(scheduler: Scheduler, session?: Session) {
    if (!scheduler.isMainThread()) throw new OffMainThreadError('new ForegroundExecutor');
    this.scheduler = scheduler;
    this.session = session;
  }

  /** Spawns `body` on the main thread's foreground lane (GPUI: `spawn(future)`). */
  spawn<T>(body: TaskBody<T>): Task<T> {
    if (!this.scheduler.isMainThread()) throw new OffMainThreadError('ForegroundExecutor.spawn');
    return spawn(this.scheduler, body, { lane: 'foreground', session: this.session });
  }

  /** GPUI's `block_on(future)`: as `BackgroundExecutor.block` (a step loop on a simulator, an await in production). */
  blockOn<T>(target: PromiseLike<T>): Promise<T> {
    return block(this.scheduler, target);
  }

  /** GPUI's `block_with_timeout(duration, future)`: as `BackgroundExecutor.blockWithTimeout` (a step budget on a simulator, real time in production). */
  blockWithTimeout<T>(timeoutMs: number, target: PromiseLike<T>): Promise<BlockResult<T>> {
    return blockWithTimeout(this.scheduler, timeoutMs, target);
  }
}
