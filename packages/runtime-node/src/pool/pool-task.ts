import { type Scheduler, Task, type TaskContext } from '@sched/core';
import type { TaskSpec } from '@sched/core/host';
import type { PoolJob } from './pool-job.js';

/** The body of every worker task (shared, so a task costs no closure): await the job's outcome. */
function awaitJob(ctx: TaskContext): Promise<unknown> {
  return (ctx.task as PoolTask<unknown>).job.promise();
}

/**
 * The {@link Task} a `WorkerPool` returns: an ordinary Task whose body awaits the worker's
 * result, and whose `cancel()` also tells the pool, synchronously, to drop or stop the work.
 *
 * Details: hooking `cancel()` directly (rather than listening to the task's AbortSignal) costs
 * nothing per task, which matters at tens of thousands of worker tasks per second.
 * @internal
 */
export class PoolTask<T> extends Task<T> {
  /** @internal The pool's record of this task's work. */
  readonly job: PoolJob;
  readonly #onCancel: (job: PoolJob, reason: unknown) => void;

  constructor(scheduler: Scheduler, job: PoolJob, spec: TaskSpec, onCancel: (job: PoolJob, reason: unknown) => void) {
    super(scheduler, awaitJob as (ctx: TaskContext) => Promise<T>, spec);
    this.job = job;
    this.#onCancel = onCancel;
  }

  /** Cancels the task (see `Task.cancel`) and drops its queued work or stops its running worker. */
  override cancel(reason?: unknown): boolean {
    if (!super.cancel(reason)) return false;
    // The TaskCancelledError awaiters got; rejecting the body with it marks it as the cancellation.
    this.#onCancel(this.job, this.signal().reason);
    return true;
  }
}
