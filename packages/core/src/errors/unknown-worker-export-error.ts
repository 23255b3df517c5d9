import type { TaskInfo } from '../task/task-info.js';
import { describeWorkerTask } from '../workers/describe-worker-task.js';
import { SchedError } from './sched-error.js';

/**
 * A worker task names an export its module does not have (or one that is not a function).
 * Raised before the task's arguments are sent: a worker pool learns a module's exports once, when
 * a worker first loads it, and checks every later task against that list. Raised by the worker
 * pools of both @sched/runtime-node and @sched/runtime-browser (the same class, so `instanceof`
 * works whichever runtime raised it).
 */
export class UnknownWorkerExportError extends SchedError {
  /** The module URL. */
  readonly module: string;
  /** The missing export. */
  readonly exportName: string;
  /** The function exports the module does have. */
  readonly available: readonly string[];

  constructor(task: TaskInfo | undefined, module: string, exportName: string, available: readonly string[]) {
    const list =
      available.length === 0 ? 'it exports no functions' : `its function exports are: ${available.join(', ')}`;
    super(
      'ERR_UNKNOWN_WORKER_EXPORT',
      `cannot run ${describeWorkerTask(task, module, exportName)}: no exported function "${exportName}"; ${list}`,
    );
    this.module = module;
    this.exportName = exportName;
    this.available = available;
  }
}
