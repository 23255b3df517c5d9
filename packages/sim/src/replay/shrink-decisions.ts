import { DEFAULT_SHRINK_RUNS, type ShrinkResult, shrinkSchedule } from '../run/shrink.js';
import type { SeedlessOptions, SimFn } from '../run/sim-fn.js';
import { scheduleOf } from './replay-decisions.js';
import type { ReplayDecisions } from './replay-file.js';

/**
 * Shrinks a failing run given by any decisions (a seed, a byte tape or a schedule) to a 1-minimal
 * schedule: the run's recorded choices are its schedule (see {@link scheduleOf}), which
 * `shrinkSchedule` then shrinks. Throws if the decisions do not make the run fail.
 */
export async function shrinkDecisions<T>(
  fn: SimFn<T>,
  decisions: ReplayDecisions,
  options: SeedlessOptions = {},
  maxRuns: number = DEFAULT_SHRINK_RUNS,
): Promise<ShrinkResult> {
  const { schedule } = await scheduleOf(fn, decisions, options);
  return shrinkSchedule(fn, schedule, options, maxRuns);
}
