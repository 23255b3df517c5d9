import { SchedError } from '@sched/core';
import { formatEvent } from '../trace/trace.js';
import type { TraceEvent } from '../trace/trace-event.js';

/** Two runs with the same seed (or schedule) made different decisions. */
export class NonDeterminismError extends SchedError {
  /** Index (0-based) of the first divergent step. */
  readonly step: number;

  constructor(description: string, step: number, first: TraceEvent | undefined, second: TraceEvent | undefined) {
    super(
      'ERR_SIM_NONDETERMINISM',
      `${description} is not deterministic: runs diverge at step ${step + 1}:\n  first run:  ${first === undefined ? '(ended)' : formatEvent(first)}\n  second run: ${second === undefined ? '(ended)' : formatEvent(second)}`,
    );
    this.step = step;
  }
}
