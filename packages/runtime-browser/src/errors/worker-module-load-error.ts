import { SchedError, type TaskInfo } from '@sched/core';
import { describeWorkerTask } from './describe-worker-task.js';

/**
 * A worker task's module failed to load inside the worker: a 404, a syntax error, a missing
 * import, or an exception thrown by its top-level code. The worker itself survives; `cause` is
 * the error the dynamic `import()` raised.
 */
export class WorkerModuleLoadError extends SchedError {
  /** The module URL. */
  readonly module: string;

  constructor(task: TaskInfo | undefined, module: string, exportName: string, cause: unknown) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    super(
      'ERR_WORKER_MODULE_LOAD',
      `cannot run ${describeWorkerTask(task, module, exportName)}: the module failed to load: ${detail}`,
      { cause },
    );
    this.module = module;
  }
}
