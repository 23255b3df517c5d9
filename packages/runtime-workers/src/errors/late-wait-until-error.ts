import { SchedError, type TaskInfo } from '@sched/core';
import { describeTask } from '@sched/core/host';

/**
 * Reported (never thrown at the caller) when work is handed to `session.waitUntil` after the
 * session's drain has ended: the invocation is over, so nothing keeps it alive any more. Workers
 * accept a finished request's `ctx.waitUntil` without an error and without a guarantee, so the
 * work is still passed on, best effort, but it may be cut off with the isolate. Typically a
 * session object kept past its request (in module state, or by another request's code); hand the
 * work to the current invocation's session instead.
 */
export class LateWaitUntilError extends SchedError {
  /** The work: a task, or host info (`label: "waitUntil promise"`) for a plain promise. */
  readonly task: TaskInfo;
  /** The session (request) whose drain had ended. */
  readonly sessionName: string;

  constructor(task: TaskInfo, sessionName: string) {
    super(
      'ERR_LATE_WAIT_UNTIL',
      `${describeTask(task)} was handed to waitUntil of ${sessionName} after its drain had ended: that invocation is over and nothing keeps it alive. Pass the work to the current invocation's session.`,
    );
    this.task = task;
    this.sessionName = sessionName;
  }
}
