import { ByteTapeSource, encodeByteTape } from '../decisions/byte-tape-source.js';
import { RecordingSource } from '../decisions/recording-source.js';
import { SeededSource } from '../decisions/seeded-source.js';
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

/**
 * The byte tape of a run: every choice it made, written so that `ByteTapeSource` replays the same
 * run (each choice in the width its number of candidates needs; the header's seed is 0, and no
 * decision is ever left to it). This turns a shrunk schedule back into fuzzer input, e.g. to seed
 * an AFL++ corpus with the minimal failing interleaving.
 */
export async function byteTapeOf<T>(
  fn: SimFn<T>,
  decisions: ReplayDecisions,
  options: SeedlessOptions & { readonly stallTimeoutMs?: number | undefined } = {},
): Promise<Uint8Array> {
  const inner =
    decisions.kind === 'tape'
      ? new ByteTapeSource(decisions.tape)
      : decisions.kind === 'schedule'
        ? new TapeSource(decisions.schedule)
        : new SeededSource(decisions.seed);
  const recording = new RecordingSource(inner);
  await runOne(fn, { ...options, source: recording });
  return encodeByteTape(recording.choices, recording.counts);
}
