import type { Task, TaskInfo } from '@sched/core';
import { describeWorkerTask } from '@sched/core/host';

const ignore = (): void => undefined;

/** Where a job is: waiting for a worker, running in one, or settled. @internal */
export type JobState = 'queued' | 'running' | 'done';

/**
 * One `run` call: what to run, and the promise its Task's body awaits.
 * @internal
 */
export class PoolJob {
  readonly id: number;
  readonly module: string;
  readonly exportName: string;
  readonly args: readonly unknown[];
  readonly transfer: readonly Transferable[];
  readonly rank: number;
  state: JobState = 'queued';
  task: Task<unknown> | undefined = undefined;
  /** Called once when the job settles (removes an abort listener). */
  onSettled: (() => void) | undefined = undefined;
  readonly #promise: Promise<unknown>;
  #resolve!: (value: unknown) => void;
  #reject!: (reason: unknown) => void;

  constructor(
    id: number,
    module: string,
    exportName: string,
    args: readonly unknown[],
    transfer: readonly Transferable[],
    rank: number,
  ) {
    this.id = id;
    this.module = module;
    this.exportName = exportName;
    this.args = args;
    this.transfer = transfer;
    this.rank = rank;
    this.#promise = new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    // A task cancelled before its body started never awaits this promise: not an unhandled rejection.
    this.#promise.catch(ignore);
  }

  /** What the Task's body awaits. */
  promise(): Promise<unknown> {
    return this.#promise;
  }

  /** Settles the job once; later calls are ignored. */
  settle(ok: boolean, value: unknown): void {
    if (this.state === 'done') return;
    this.state = 'done';
    if (ok) this.#resolve(value);
    else this.#reject(value);
    this.onSettled?.();
  }

  describe(): string {
    return describeWorkerTask(this.task as TaskInfo | undefined, this.module, this.exportName);
  }
}
