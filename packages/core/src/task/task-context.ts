import type { Scheduler, Timer } from '../scheduler.js';
import type { TaskInfo } from './task-info.js';

/**
 * What a task body receives. `signal` aborts when the task is cancelled; pass it to anything
 * that accepts an AbortSignal. `sleep` and `yieldNow` are bound to the task and its signal.
 */
export interface TaskContext {
  /** Aborted (with a `TaskCancelledError` as reason) when the task is cancelled. */
  readonly signal: AbortSignal;
  /** The running task's metadata. */
  readonly task: TaskInfo;
  /** The scheduler the task runs on. */
  readonly scheduler: Scheduler;
  /** A timer that is cancelled together with the task. */
  sleep(delayMs: number): Timer;
  /** Lets other ready work of the same lane run, then resumes. */
  yieldNow(): PromiseLike<void>;
}

/** The body of a task. Its return value (or the value its promise resolves to) is the result. */
export type TaskBody<T> = (ctx: TaskContext) => T | PromiseLike<T>;
