import type { Transferable } from 'node:worker_threads';
import type { TaskInfo } from '@sched/core';
import { describeWorkerTask } from '@sched/core/host';
import type { PoolWorker } from './pool-worker.js';

/** Waiting for the pool to learn its module's exports. */
export const JOB_WAITING = 0;
/** In the pool's queue. */
export const JOB_QUEUED = 1;
/** Posted to a worker (maybe running). */
export const JOB_SENT = 2;
/** Settled: succeeded, failed or cancelled. */
export const JOB_DONE = 3;

let nextSeq = 1;

/**
 * One submitted worker task, as the pool tracks it (the user holds the `Task`).
 *
 * Details: the outcome is stored on the job and handed to the task through {@link then} only if
 * the task's body runs, so a task cancelled before it started leaves no rejected promise behind.
 * @internal
 */
export class PoolJob {
  /** Submission order, used to re-queue jobs of a dead worker in their original order. */
  readonly seq: number = nextSeq++;
  readonly module: string;
  readonly exportName: string;
  args: readonly unknown[] | undefined;
  readonly transfer: readonly Transferable[] | undefined;
  /** Priority rank, 0 (most urgent) to 2. */
  readonly rank: number;
  task: TaskInfo | undefined = undefined;
  /** Pool-wide id of (module, exportName), once the module's exports are known. */
  fnId = -1;
  state: number = JOB_QUEUED;
  /** Worker it was posted to and its in-flight slot there, while `JOB_SENT`. */
  worker: PoolWorker | undefined = undefined;
  slot = -1;
  /** Called once when the job settles (removes listeners from external signals). */
  onSettled: (() => void) | undefined = undefined;
  #ok = false;
  #value: unknown = undefined;
  #resolve: ((value: unknown) => void) | undefined = undefined;
  #reject: ((reason: unknown) => void) | undefined = undefined;

  constructor(
    module: string,
    exportName: string,
    args: readonly unknown[],
    transfer: readonly Transferable[] | undefined,
    rank: number,
  ) {
    this.module = module;
    this.exportName = exportName;
    this.args = args;
    this.transfer = transfer;
    this.rank = rank;
  }

  /** `#12 "label" (export in module)`, for messages that say "worker task …" themselves. */
  describe(): string {
    return describeWorkerTask(this.task, this.module, this.exportName).replace(/^task /, '');
  }

  /**
   * Hands the outcome to the task's body: the body returns the job itself, and core's task calls
   * this once with its settle callbacks. They are called synchronously when the job settles (at
   * once if it already has), so no promise is made and no microtask lies between a worker's
   * message and the task settling.
   */
  then(onValue: (value: unknown) => void, onError: (reason: unknown) => void): void {
    if (this.state === JOB_DONE) {
      if (this.#ok) onValue(this.#value);
      else onError(this.#value);
      return;
    }
    this.#resolve = onValue;
    this.#reject = onError;
  }

  /** Records the outcome. Returns false if the job had already settled. */
  settle(ok: boolean, value: unknown): boolean {
    if (this.state === JOB_DONE) return false;
    this.state = JOB_DONE;
    this.#ok = ok;
    this.#value = value;
    this.args = undefined;
    this.worker = undefined;
    if (ok) this.#resolve?.(value);
    else this.#reject?.(value);
    this.#resolve = this.#reject = undefined;
    const onSettled = this.onSettled;
    this.onSettled = undefined;
    onSettled?.();
    return true;
  }
}
