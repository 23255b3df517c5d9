import { SchedError, type TaskInfo } from '@sched/core';
import { describeWorkerTask } from '@sched/core/host';

/**
 * A worker task names a module that does not exist (or a module specifier the pool cannot load).
 * Raised before the task's arguments are sent anywhere.
 *
 * Gotchas: pass a URL (`new URL('./jobs.mjs', import.meta.url)`) or an absolute path; relative
 * paths and bare package names are ambiguous from inside a worker and are rejected. Worker
 * modules must be JavaScript Node can load (`.js`/`.mjs`): Node 20 workers cannot load `.ts`.
 */
export class UnknownWorkerModuleError extends SchedError {
  /** The module as given (normalized to a URL string when possible). */
  readonly module: string;

  constructor(task: TaskInfo | undefined, module: string, exportName: string, reason: string) {
    super('ERR_UNKNOWN_WORKER_MODULE', `cannot run ${describeWorkerTask(task, module, exportName)}: ${reason}`);
    this.module = module;
  }
}
