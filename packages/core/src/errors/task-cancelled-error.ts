import { taskName } from '../task/describe-task.js';
import { SchedError } from './sched-error.js';

/**
 * The rejection of awaiting a cancelled task. Carries the task's id and label, and the
 * `reason` given to `Task.cancel(reason)` (also available as `cause`).
 */
export class TaskCancelledError extends SchedError {
  /** Id of the cancelled task. */
  readonly taskId: number;
  /** Label of the cancelled task, if it had one. */
  readonly label: string | undefined;
  /** The reason passed to `cancel()`, if any. */
  readonly reason: unknown;

  constructor(taskId: number, label: string | undefined, reason?: unknown) {
    super(
      'ERR_TASK_CANCELLED',
      `${taskName({ id: taskId, label })} was cancelled`,
      reason === undefined ? undefined : { cause: reason },
    );
    this.taskId = taskId;
    this.label = label;
    this.reason = reason;
  }
}
