import { SchedError, type TaskInfo } from '@sched/core';
import { describeTask, spawnLocationHint } from '@sched/core/host';

/**
 * Thrown when a blocking call (`block`, `blockWithTimeout`) can make no progress: nothing is
 * ready, no timer is pending, and the awaited work is still pending, while parking is forbidden
 * (the default, as in GPUI). It lists the unfinished tasks and where each was spawned. Call
 * `allowParking()` when a test really waits on something outside the simulation (real I/O).
 */
export class ParkingForbiddenError extends SchedError {
  /** The tasks that were still unfinished. */
  readonly pending: readonly TaskInfo[];

  constructor(pending: readonly TaskInfo[]) {
    const lines = pending.map((task) => `  - ${describeTask(task, false)}`);
    const hint = spawnLocationHint(pending);
    super(
      'ERR_GPUI_PARKING_FORBIDDEN',
      `Parking forbidden: nothing is left to run, but the blocked work is still pending (call allowParking() if the test waits on real I/O). Pending tasks:\n${lines.join('\n') || '  (none)'}${hint === undefined ? '' : `\n${hint}`}`,
    );
    this.pending = pending;
  }
}
