import { yieldNow } from './control/yield-now.js';
import type { TaskPriority } from './priority.js';
import type { Scheduler, Timer } from './scheduler.js';
import { type SpawnOptions, spawn } from './spawn.js';
import type { Task } from './task/task.js';
import type { TaskBody } from './task/task-context.js';

/**
 * Spawn helpers bound to one scheduler and default options: the `SchedulerExt` idea as a class.
 * Holds nothing but the scheduler, so it is cheap to create and to copy.
 *
 * @example
 * ```ts
 * import { Executor } from '@sched/core';
 * import { threadScheduler } from '@sched/runtime-node';
 *
 * const values = [1, 2, 3, 4];
 * const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
 *
 * const background = new Executor(threadScheduler(), { lane: 'background' });
 * const total = await background.spawn(async () => sum(values));
 * console.log(total); // 10
 * ```
 */
export class Executor {
  /** The scheduler every spawn goes to. */
  readonly scheduler: Scheduler;
  readonly #defaults: SpawnOptions;

  constructor(scheduler: Scheduler, defaults: SpawnOptions = {}) {
    this.scheduler = scheduler;
    this.#defaults = defaults;
  }

  /** Spawns with this executor's defaults, overridden by `options`. */
  spawn<T>(body: TaskBody<T>, options?: SpawnOptions): Task<T> {
    return spawn(this.scheduler, body, options === undefined ? this.#defaults : { ...this.#defaults, ...options });
  }

  /** Spawns with a label. */
  spawnLabeled<T>(label: string, body: TaskBody<T>): Task<T> {
    return this.spawn(body, { label });
  }

  /** Spawns with a priority. */
  spawnWithPriority<T>(priority: TaskPriority, body: TaskBody<T>): Task<T> {
    return this.spawn(body, { priority });
  }

  /** An awaitable timer on this executor's scheduler. */
  timer(delayMs: number, signal?: AbortSignal): Timer {
    return this.scheduler.timer(delayMs, signal);
  }

  /** Lets other ready work run first. */
  yieldNow(): PromiseLike<void> {
    return yieldNow(this.scheduler);
  }

  /** The scheduler's clock. */
  now(): number {
    return this.scheduler.now();
  }
}
