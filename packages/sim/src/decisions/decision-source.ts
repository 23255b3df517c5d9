import type { Runnable } from '@sched/core';

/**
 * The ready Runnables a scheduling decision chooses among, by index: `at(i)` is the Runnable
 * that choice `i` would run. Only valid during the `choose` call it is passed to.
 */
export interface Candidates {
  /** The Runnable that choice `index` (in `[0, n)`) would run. */
  at(index: number): Runnable;
}

/**
 * Where every scheduling decision comes from: which ready Runnable runs next, and the jitter
 * added to a delay. One small interface, several strategies (seeded, FIFO, tape), in the
 * spirit of shuttle's schedulers.
 */
export interface DecisionSource {
  /**
   * Returns an integer in `[0, n)`. Called only with `n >= 2`. When the decision is which ready
   * Runnable runs next, `candidates` names them (a source that ranks tasks, such as PCT, reads
   * it); it is absent for other decisions (delay jitter, simulated I/O latency).
   */
  choose(n: number, candidates?: Candidates): number;
  /** Short description for traces and replay hints, e.g. `seed 42`. */
  readonly description: string;
}
