import type { Scheduler } from './scheduler.js';
import type { TaskInfo } from './task/task-info.js';

/**
 * A type-erased unit of work: the only thing a {@link Scheduler} ever runs.
 *
 * Starting a task, resuming a task after a timer, a yield, a channel message or another task's
 * completion: each is one Runnable. A host decides *when* to call `run()`; it never needs to know
 * what the Runnable does. `kind` and `task` are metadata for ordering, traces and test control.
 */
export interface Runnable {
  /** Runs the work. Called at most once by a host. */
  run(): void;
  /** The task this Runnable belongs to (its id, label, priority, lane, session, spawn location). */
  readonly task: TaskInfo;
  /** What the run does: start a task body, resume an awaiter, fire a timer, or a plain call. */
  readonly kind: RunnableKind;
}

/** What a {@link Runnable} does when run. */
export type RunnableKind = 'start' | 'resume' | 'timer' | 'call';

/** A Runnable that calls a function. Used for plain dispatches and by hosts' own bookkeeping. */
export class CallRunnable implements Runnable {
  readonly task: TaskInfo;
  readonly kind: RunnableKind;
  readonly #fn: () => void;

  constructor(task: TaskInfo, fn: () => void, kind: RunnableKind = 'call') {
    this.task = task;
    this.kind = kind;
    this.#fn = fn;
  }

  run(): void {
    this.#fn();
  }
}

/** Queues `runnable` on its task's lane (`dispatchForeground` or `dispatchBackground`), ready at once. */
export function dispatchOnLane(scheduler: Scheduler, runnable: Runnable): void {
  if (runnable.task.lane === 'foreground') scheduler.dispatchForeground(runnable);
  else scheduler.dispatchBackground(runnable);
}
