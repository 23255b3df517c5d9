import type { Scheduler } from '@sched/core';

/** The simulation control `PlatformRuntime.blockOn` uses (`@sched/sim`'s `Simulator` has it). */
export interface RunHost extends Scheduler {
  /** Runs the simulation until `target` settles and returns its value. */
  runUntil<T>(target: PromiseLike<T>, options?: { readonly autoAdvance?: boolean | undefined }): Promise<T>;
  /** True while a run call is in progress. */
  readonly running: boolean;
}

/** The scheduler as a {@link RunHost} if it can drive a simulated run, else undefined. */
export function runHostOf(scheduler: Scheduler): RunHost | undefined {
  const candidate = scheduler as { runUntil?: unknown; running?: unknown };
  return typeof candidate.runUntil === 'function' && typeof candidate.running === 'boolean'
    ? (scheduler as RunHost)
    : undefined;
}
