import { describeTask } from '../task/describe-task.js';
import type { TaskInfo } from '../task/task-info.js';
import { errorText } from './error-text.js';
import { SchedError } from './sched-error.js';

/** One task that failed with nobody observing its error. */
export interface UnobservedFailure {
  readonly task: TaskInfo;
  readonly error: unknown;
}

/**
 * A task failed and nobody observed its error: it was not awaited (or `then`-ed, or adopted),
 * not detached, and not registered with `waitUntil`. `cause` is the task's error; the message
 * names the task (`task #id "label"`) and where it was spawned.
 *
 * Under the simulator, a run whose body returns while such a failure exists fails with this
 * error (`also` lists any further ones). On production hosts it is what the default error
 * reporter raises as an unhandled rejection, and what an installed reporter receives.
 */
export class UnobservedTaskError extends SchedError {
  /** The task that failed (not enumerable, so printing the error stays short). */
  declare readonly task: TaskInfo;
  /** Further unobserved failures found at the same check (not enumerable). */
  declare readonly also: readonly UnobservedFailure[];

  constructor(task: TaskInfo, cause: unknown, also: readonly UnobservedFailure[] = []) {
    const more =
      also.length === 0
        ? ''
        : `\n${also.length} more unobserved failure(s):\n${also.map((f) => `  - ${describeTask(f.task, false)}: ${errorText(f.error)}`).join('\n')}`;
    super(
      'ERR_UNOBSERVED_TASK_FAILURE',
      `${describeTask(task)} failed and nobody observed its error (it was not awaited, detached or registered with waitUntil): ${errorText(cause)}${more}`,
      { cause },
    );
    Object.defineProperty(this, 'task', { value: task, enumerable: false });
    Object.defineProperty(this, 'also', { value: also, enumerable: false });
  }
}
