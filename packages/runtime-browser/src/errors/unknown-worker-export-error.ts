import { SchedError, type TaskInfo } from '@sched/core';
import { describeWorkerTask } from './describe-worker-task.js';

/** A worker task names an export its module does not have (or one that is not a function). */
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
