import type { Runnable } from '@sched/core';

/**
 * Watches the steps of a simulation, e.g. to measure interleaving coverage while exploring.
 * Called synchronously just before each step's Runnable runs, so it must be cheap and must not
 * touch the simulator. A simulator without an observer pays one field check per step.
 */
export interface StepObserver {
  /** `runnable` is about to run as the next step. */
  onStep(runnable: Runnable): void;
  /**
   * The step that runs now read or wrote a tracked shared cell (see `cell`, named by the cell's
   * name) or used a sync primitive (a lock request or receive reads, a release or send writes;
   * named `Mutex#1`, `Channel#2`, … in order of first use): the raw material of reads-from
   * coverage.
   */
  onAccess?(cell: string, access: 'read' | 'write'): void;
}
