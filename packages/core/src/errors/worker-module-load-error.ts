import type { TaskInfo } from '../task/task-info.js';
import { describeWorkerTask } from '../workers/describe-worker-task.js';
import { SchedError } from './sched-error.js';

/**
 * A worker task's module failed to load inside the worker: a 404 (browser), a syntax error, a
 * missing import, or an exception thrown by its top-level code. The worker itself survives;
 * `cause` is the error the dynamic `import()` raised. Raised before the task's arguments are sent,
 * by the worker pools of both @sched/runtime-node and @sched/runtime-browser.
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
