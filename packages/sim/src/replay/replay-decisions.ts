import { ByteTapeSource } from '../decisions/byte-tape-source.js';
import { TapeSource } from '../decisions/tape-source.js';
import { runOne } from '../run/run-one.js';
import type { Outcome, SeedlessOptions, SimFn } from '../run/sim-fn.js';
import type { ReplayDecisions } from './replay-file.js';

/** Runs `fn` once on a fresh simulator whose every decision comes from `decisions`. */
export function replayDecisions<T>(
  fn: SimFn<T>,
  decisions: ReplayDecisions,
  options: SeedlessOptions & { readonly stallTimeoutMs?: number | undefined } = {},
): Promise<Outcome<T>> {
  if (decisions.kind === 'seed') return runOne(fn, { ...options, seed: decisions.seed });
  const source = decisions.kind === 'tape' ? new ByteTapeSource(decisions.tape) : new TapeSource(decisions.schedule);
  return runOne(fn, { ...options, source });
}

/**
 * The schedule of a run: every choice it made, as `TapeSource` replays it. This is how a byte
 * tape or a seed becomes a schedule that `shrinkSchedule` can shrink: the simulator records each
 * choice (already reduced below its number of candidates), so replaying the recorded schedule
 * makes exactly the same run.
 */
export async function scheduleOf<T>(
  fn: SimFn<T>,
  decisions: ReplayDecisions,
  options: SeedlessOptions & { readonly stallTimeoutMs?: number | undefined } = {},
): Promise<{ readonly schedule: number[]; readonly outcome: Outcome<T> }> {
  const outcome = await replayDecisions(fn, decisions, options);
  return { schedule: [...outcome.simulator.schedule], outcome };
}
