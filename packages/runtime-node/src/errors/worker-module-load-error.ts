import { SchedError, type TaskInfo } from '@sched/core';
import { describeWorkerTask } from './describe-task.js';

/**
 * A worker task's module exists but failed to load inside the worker: a syntax error, a missing
 * import, or an exception thrown by its top-level code. The worker itself survives; `cause` is
 * the error the import raised. Raised before the task's arguments are sent.
 */
export class WorkerModuleLoadError extends SchedError {
  /** The module URL. */
  readonly module: string;

  constructor(task: TaskInfo | undefined, module: string, exportName: string, cause: unknown) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    super(
      'ERR_WORKER_MODULE_LOAD',
      `cannot run ${describeWorkerTask(task, module, exportName)}: the module failed to load: ${detail}`,
      {
        cause,
      },
    );
    this.module = module;
  }
}
