import type { TaskInfo } from '../task/task-info.js';
import { SchedError } from './sched-error.js';

/**
 * Thrown when a session is validated or closed while some of its tasks are dangling: not
 * finished, not awaited, not detached on purpose, not cancelled and not registered with
 * `waitUntil`. The message lists every dangling task with its label and spawn location.
 */
export class SessionCleanupError extends SchedError {
  /** Id of the session that was validated. */
  readonly sessionId: number;
  /** Every dangling task, in spawn order. */
  readonly danglingTasks: readonly TaskInfo[];

  constructor(sessionId: number, sessionName: string | undefined, dangling: readonly TaskInfo[]) {
    const title = sessionName === undefined ? `session #${sessionId}` : `session #${sessionId} "${sessionName}"`;
    const lines = dangling.map(
      (t) =>
        `  - task #${t.id}${t.label === undefined ? '' : ` "${t.label}"`} spawned at ${t.spawnLocation ?? '<unknown location>'}`,
    );
    super(
      'ERR_SESSION_CLEANUP',
      `${title} ended with ${dangling.length} dangling task(s) (not finished, awaited, detached, cancelled or registered with waitUntil):\n${lines.join('\n')}`,
    );
    this.sessionId = sessionId;
    this.danglingTasks = dangling;
  }
}
