import { SchedError, type TaskInfo } from '@sched/core';
import { describeTask, lacksCapture, SPAWN_LOCATION_HINT } from '@sched/core/host';

/**
 * Thrown by `runUntil` when the simulation goes idle (nothing ready, no timer it may fire)
 * while the awaited promise is still pending: nothing can ever settle it.
 */
export class DeadlockError extends SchedError {
  /** Tasks that were still unfinished. */
  readonly blocked: readonly TaskInfo[];

  constructor(blocked: readonly TaskInfo[], pendingTimers: number) {
    const lines = blocked.map((t) => `  - ${describeTask(t, false)}`);
    super(
      'ERR_SIM_DEADLOCK',
      `the simulation went idle but the awaited promise never settled (${pendingTimers} timer(s) pending; enable autoAdvance or call advanceTime to fire them). Unfinished tasks:\n${lines.join('\n') || '  (none)'}${blocked.some(lacksCapture) ? `\n(${SPAWN_LOCATION_HINT})` : ''}`,
    );
    this.blocked = blocked;
  }
}
