import type { Runnable } from '@sched/core';
import type { DecisionSource } from '../decisions/decision-source.js';

/** The Runnables that are ready to run, and the rule for picking the next one. */
export interface ReadySet {
  readonly size: number;
  push(runnable: Runnable): void;
  /** Removes and returns the next Runnable, asking `source` when there is a real choice. */
  pick(source: DecisionSource): Runnable | undefined;
  /** Every ready Runnable, in no particular order (for reports). */
  runnables(): Runnable[];
}
