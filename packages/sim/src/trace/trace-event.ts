import type { Lane, RunnableKind } from '@sched/core';

/**
 * One scheduling decision: at step `step`, on virtual time `time`, the simulator ran a
 * Runnable of kind `kind` belonging to task `task`.
 *
 * Task and session numbers are local to the run (1, 2, 3 … in order of first appearance; 0 is
 * the host itself, e.g. a timer firing), so two runs of the same seed give identical traces
 * even though global task ids differ.
 */
export interface TraceEvent {
  readonly step: number;
  readonly time: number;
  readonly task: number;
  readonly label: string | undefined;
  readonly kind: RunnableKind;
  readonly lane: Lane;
  readonly session: number | undefined;
  /** When this step was a real choice: which candidate (0-based) of how many. */
  choice: { readonly index: number; readonly of: number } | undefined;
  /** Milliseconds of seed-drawn jitter added to timers set during this step. */
  jitter: number | undefined;
  /**
   * Delays drawn during this step with `sim.delay(min, max)` (directly, or by simulated I/O):
   * each is one decision, `ms` in `[min, max]`. Absent when none was drawn.
   */
  delays?: Array<{ readonly ms: number; readonly min: number; readonly max: number }> | undefined;
  /** Annotations made with `sim.annotate()` while this step ran. */
  notes: string[] | undefined;
}
