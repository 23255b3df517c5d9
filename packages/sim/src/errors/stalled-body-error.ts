import { SchedError, type TaskInfo } from '@sched/core';
import { spawnedAt, taskName } from '@sched/core/host';

/**
 * Thrown by `many`, `once`, `runOne` and `simTest` when the test body is stuck waiting while no
 * run is in progress and the simulator still has work it would run: usually the body awaits a
 * task without ever calling `sim.runUntilIdle()` or `sim.runUntil(task)`, so nothing can move.
 */
export class StalledBodyError extends SchedError {
  /** Tasks with work ready to run (started or not). */
  readonly ready: readonly TaskInfo[];
  /** Started, unfinished tasks. */
  readonly live: readonly TaskInfo[];
  /** Timers not yet fired. */
  readonly pendingTimers: number;

  constructor(ready: readonly TaskInfo[], live: readonly TaskInfo[], pendingTimers: number) {
    const pending = [...new Set([...ready, ...live])];
    const lines = pending.map(
      (t) =>
        `  - ${taskName(t)} ${ready.includes(t) ? (live.includes(t) ? 'ready to resume' : 'ready to start') : 'waiting'}, spawned at ${spawnedAt(t, false)}`,
    );
    super(
      'ERR_SIM_STALLED_BODY',
      `the test body is waiting, but no simulator run is in progress, so nothing can happen: call \`await sim.runUntilIdle()\` or \`await sim.runUntil(task)\` before awaiting tasks (${ready.length} task(s) ready, ${pendingTimers} timer(s) pending). Pending tasks:\n${lines.join('\n') || '  (none)'}`,
    );
    this.ready = ready;
    this.live = live;
    this.pendingTimers = pendingTimers;
  }
}
