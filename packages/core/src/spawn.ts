import { InvalidArgumentError } from './errors/invalid-argument-error.js';
import { checkPriority, type TaskPriority } from './priority.js';
import type { Scheduler } from './scheduler.js';
import type { Session } from './session.js';
import { startTask } from './task/start-task.js';
import type { Task } from './task/task.js';
import type { TaskBody } from './task/task-context.js';
import type { Lane } from './task/task-info.js';

/** Options for {@link spawn}. Every field is optional. */
export interface SpawnOptions {
  /** Human label shown in traces and cleanup reports. */
  readonly label?: string | undefined;
  /** Default `'normal'`. Unknown values throw `InvalidArgumentError`. */
  readonly priority?: TaskPriority | undefined;
  /** Default `'foreground'`. */
  readonly lane?: Lane | undefined;
  /** Session to spawn in. */
  readonly session?: Session | undefined;
}

/**
 * Spawns `body` as a task on `scheduler`. The body starts when the scheduler runs its start
 * Runnable, never synchronously inside `spawn`.
 *
 * @example
 * ```ts
 * import { spawn } from '@sched/core';
 * import { threadScheduler } from '@sched/runtime-node';
 *
 * const scheduler = threadScheduler(); // a host: this thread's NodeScheduler
 * const task = spawn(scheduler, async ({ sleep }) => { await sleep(10); return 42; }, { label: 'answer' });
 * console.log(await task); // 42
 * ```
 */
export function spawn<T>(scheduler: Scheduler, body: TaskBody<T>, options?: SpawnOptions): Task<T> {
  const lane = options?.lane ?? 'foreground';
  if (lane !== 'foreground' && lane !== 'background') {
    throw new InvalidArgumentError('lane', lane, "'foreground' or 'background'");
  }
  return startTask(scheduler, body, {
    label: options?.label,
    priority: checkPriority(options?.priority),
    lane,
    session: options?.session,
  });
}

/** Spawns on the foreground lane (the main thread). */
export function spawnForeground<T>(scheduler: Scheduler, body: TaskBody<T>, options?: SpawnOptions): Task<T> {
  return spawn(scheduler, body, { ...options, lane: 'foreground' });
}

/** Spawns on the background lane. */
export function spawnBackground<T>(scheduler: Scheduler, body: TaskBody<T>, options?: SpawnOptions): Task<T> {
  return spawn(scheduler, body, { ...options, lane: 'background' });
}

/** Spawns with a label (foreground unless `options.lane` says otherwise). */
export function spawnLabeled<T>(
  scheduler: Scheduler,
  label: string,
  body: TaskBody<T>,
  options?: SpawnOptions,
): Task<T> {
  return spawn(scheduler, body, { ...options, label });
}

/** Spawns with a priority. */
export function spawnWithPriority<T>(
  scheduler: Scheduler,
  priority: TaskPriority,
  body: TaskBody<T>,
  options?: SpawnOptions,
): Task<T> {
  return spawn(scheduler, body, { ...options, priority });
}

/** Spawns inside a session, so session cleanup validation tracks the task. */
export function spawnInSession<T>(
  scheduler: Scheduler,
  session: Session,
  body: TaskBody<T>,
  options?: SpawnOptions,
): Task<T> {
  return spawn(scheduler, body, { ...options, session });
}
