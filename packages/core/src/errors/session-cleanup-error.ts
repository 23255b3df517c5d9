import { spawnLocationHint } from '../spawn-location.js';
import { describeTask } from '../task/describe-task.js';
import type { TaskInfo } from '../task/task-info.js';
import { errorText } from './error-text.js';
import { SchedError } from './sched-error.js';

/**
 * Thrown when a session is validated or closed while some of its tasks are dangling: not
 * finished, not awaited, not detached on purpose, not cancelled and not registered with
 * `waitUntil`, or failed with an error nobody observed. The message lists every such task with
 * its label and spawn location (and the error, for failures).
 */
export class SessionCleanupError extends SchedError {
  /** Id of the session that was validated. */
  readonly sessionId: number;
  /** Every dangling task, in spawn order. */
  readonly danglingTasks: readonly TaskInfo[];

  /** Tasks that failed while nobody observed them, with their errors. */
  readonly failedTasks: ReadonlyArray<{ readonly task: TaskInfo; readonly error: unknown }>;

  constructor(
    sessionId: number,
    sessionName: string | undefined,
    dangling: readonly TaskInfo[],
    failed: ReadonlyArray<{ readonly task: TaskInfo; readonly error: unknown }> = [],
  ) {
    const title = sessionName === undefined ? `session #${sessionId}` : `session #${sessionId} "${sessionName}"`;
    const parts: string[] = [];
    if (dangling.length > 0) {
      parts.push(
        `${title} ended with ${dangling.length} dangling task(s) (not finished, awaited, detached, cancelled or registered with waitUntil):\n${dangling.map((t) => `  - ${describeTask(t, false)}`).join('\n')}`,
      );
    }
    if (failed.length > 0) {
      parts.push(
        `${title} has ${failed.length} task(s) that failed with nobody observing the error:\n${failed.map((f) => `  - ${describeTask(f.task, false)}: ${errorText(f.error)}`).join('\n')}`,
      );
    }
    const hint = spawnLocationHint([...dangling, ...failed.map((f) => f.task)]);
    if (hint !== undefined) parts.push(hint);
    super('ERR_SESSION_CLEANUP', parts.join('\n'));
    this.sessionId = sessionId;
    this.danglingTasks = dangling;
    this.failedTasks = failed;
  }
}
