import { SchedError } from '@sched/core';
import { formatTrace } from '../trace/trace.js';
import type { TraceEvent } from '../trace/trace-event.js';

/**
 * Thrown when a run exceeds its step budget without going idle: something keeps waking
 * itself up forever. The message ends with the last steps of the trace.
 */
export class LivelockError extends SchedError {
  /** The step budget that was exceeded. */
  readonly maxSteps: number;
  /** The last events before the budget ran out. */
  readonly tail: readonly TraceEvent[];

  constructor(maxSteps: number, tail: readonly TraceEvent[]) {
    super(
      'ERR_SIM_LIVELOCK',
      `the simulation did not go idle within ${maxSteps} steps (raise maxSteps if this is expected). Last steps:\n${formatTrace(tail)}`,
    );
    this.maxSteps = maxSteps;
    this.tail = tail;
  }
}
