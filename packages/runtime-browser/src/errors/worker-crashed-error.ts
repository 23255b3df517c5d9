import { SchedError, type TaskInfo } from '@sched/core';
import { describeWorkerTask } from '@sched/core/host';

/**
 * How a Web Worker failed while running a task:
 * - `uncaught-exception`: an exception escaped to the worker's top level (thrown from a timer or
 *   event callback): the worker's `error` event;
 * - `unhandled-rejection`: a promise rejected with no handler inside the worker;
 * - `message-error`: the worker's result could not be deserialized (`messageerror`).
 *
 * A worker's entry script that cannot start (a Content-Security-Policy without `worker-src blob:`)
 * shows as an `uncaught-exception` of the task it was given.
 */
export type WorkerFaultKind = 'uncaught-exception' | 'unhandled-rejection' | 'message-error';

/**
 * The rejection of a worker task whose worker failed while running it. The pool terminates that
 * worker and starts a replacement; tasks queued behind it are not affected.
 *
 * When to use: catch it to retry, or to tell a crash apart from an error the worker function
 * threw (which rejects with that error itself).
 */
export class WorkerCrashedError extends SchedError {
  /** Id of the task that was running. */
  readonly taskId: number | undefined;
  /** Label of the task that was running. */
  readonly label: string | undefined;
  /** How the worker failed. */
  readonly kind: WorkerFaultKind;

  constructor(task: TaskInfo | undefined, module: string, exportName: string, kind: WorkerFaultKind, cause?: unknown) {
    const detail = cause instanceof Error ? `: ${cause.message}` : typeof cause === 'string' ? `: ${cause}` : '';
    const how =
      kind === 'uncaught-exception'
        ? `threw an uncaught exception${detail}`
        : kind === 'unhandled-rejection'
          ? `had an unhandled promise rejection${detail}`
          : 'sent a result that could not be deserialized';
    super(
      'ERR_WORKER_CRASHED',
      `the worker running ${describeWorkerTask(task, module, exportName)} ${how}`,
      cause === undefined ? undefined : { cause },
    );
    this.taskId = task?.id;
    this.label = task?.label;
    this.kind = kind;
  }
}
