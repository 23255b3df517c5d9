import { SchedError, type TaskInfo } from '@sched/core';
import { describeTask, spawnLocationHint } from '@sched/core/host';

/**
 * Thrown by `runUntil` when the simulation goes idle (nothing ready, no timer it may fire)
 * while the awaited promise is still pending: nothing can ever settle it.
 */
export class DeadlockError extends SchedError {
  /** Tasks that were still unfinished. */
  readonly blocked: readonly TaskInfo[];

  constructor(blocked: readonly TaskInfo[], pendingTimers: number) {
    const lines = blocked.map((t) => `  - ${describeTask(t, false)}`);
    // Suggest firing timers only when there are some: with none pending, the tasks wait on each
    // other (or on something never settled), and no clock advance can help.
    const timers =
      pendingTimers === 0
        ? 'no timer pending, so nothing can settle it'
        : `${pendingTimers} timer${pendingTimers === 1 ? '' : 's'} pending; enable autoAdvance or call advanceTime to fire them`;
    const hint = spawnLocationHint(blocked);
    super(
      'ERR_SIM_DEADLOCK',
      `the simulation went idle but the awaited promise never settled (${timers}). Unfinished tasks:\n${lines.join('\n') || '  (none)'}${hint === undefined ? '' : `\n${hint}`}`,
    );
    this.blocked = blocked;
  }
}
