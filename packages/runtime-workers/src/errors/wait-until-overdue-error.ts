import { SchedError, type TaskInfo } from '@sched/core';
import { describeTask } from '@sched/core/host';

/**
 * Reported (never thrown at the caller) when work handed to `waitUntil` has not settled
 * `afterMs` milliseconds after the response. Cloudflare cancels `waitUntil` work 30 s after the
 * response; the report comes earlier (20 s by default) so the work and its spawn site are named
 * before it is lost.
 */
export class WaitUntilOverdueError extends SchedError {
  /** The pending task, or host info (`label: "waitUntil promise"`) for a plain promise. */
  readonly task: TaskInfo;
  /** Milliseconds after the response at which the report was made. */
  readonly afterMs: number;

  constructor(task: TaskInfo, afterMs: number) {
    super(
      'ERR_WAIT_UNTIL_OVERDUE',
      `${describeTask(task)} was handed to waitUntil and has not settled ${afterMs} ms after the response; Cloudflare cancels waitUntil work 30 s after the response.`,
    );
    this.task = task;
    this.afterMs = afterMs;
  }
}
