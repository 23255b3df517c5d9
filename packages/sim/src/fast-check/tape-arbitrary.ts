import fc from 'fast-check';
import { BYTE_TAPE_HEADER } from '../decisions/byte-tape-source.js';

/** Options of {@link tapeArbitrary} and {@link byteTapeArbitrary}. */
export interface TapeArbitraryOptions {
  /** Most decisions in a generated tape (default 64). */
  readonly maxLength?: number | undefined;
  /** Largest choice generated (default 7; a choice is taken modulo the number of candidates). */
  readonly maxChoice?: number | undefined;
}

/**
 * A fast-check arbitrary of schedules: lists of choices that `TapeSource` (the `schedule` option
 * of `runOne`, `Simulator`, `SCHEDULE=`) replays, every decision past the end taking the default
 * (FIFO) candidate. fast-check shrinks a list toward fewer and smaller entries, and here that means
 * toward fewer deviations from the default order, so a failing property is reported with a small
 * interleaving that still fails.
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { runOne } from '@sched/sim';
 * import { tapeArbitrary } from '@sched/sim/fast-check';
 *
 * // Two tasks each read a counter, yield, then write: some orders lose an update.
 * const details = await fc.check(
 *   fc.asyncProperty(tapeArbitrary(), async (schedule) => {
 *     const outcome = await runOne(async (sim) => {
 *       const state = { n: 0 };
 *       const bump = () => sim.spawn(async (ctx) => { const seen = state.n; await ctx.yieldNow(); state.n = seen + 1; });
 *       const tasks = [bump(), bump()];
 *       await sim.runUntilIdle();
 *       await Promise.all(tasks);
 *       if (state.n !== 2) throw new Error('lost update');
 *     }, { schedule });
 *     return outcome.ok;
 *   }),
 *   { seed: 1 },
 * );
 * console.log(details.failed, details.counterexample); // true [ [] ]
 * ```
 * ```
 */
export function tapeArbitrary(options: TapeArbitraryOptions = {}): fc.Arbitrary<number[]> {
  return fc.array(fc.nat({ max: options.maxChoice ?? 7 }), { maxLength: options.maxLength ?? 64 });
}

/**
 * A fast-check arbitrary of byte tapes for `ByteTapeSource`: the same bytes AFL++ or a
 * libFuzzer-style engine feeds a target, so a property and a fuzzer share one input format. The
 * header's fallback seed is 0 and its flags byte is `flags` (default 0); then one byte per
 * decision (`maxChoice` is at most 255). Decisions past the end come from the fallback seed, so
 * for the smallest shrunk interleavings prefer {@link tapeArbitrary}.
 */
export function byteTapeArbitrary(
  options: TapeArbitraryOptions & { readonly flags?: number } = {},
): fc.Arbitrary<Uint8Array> {
  const max = Math.min(255, options.maxChoice ?? 255);
  return fc
    .array(fc.nat({ max }), { maxLength: options.maxLength ?? 64 })
    .map((choices) => Uint8Array.from([0, 0, 0, 0, (options.flags ?? 0) & 0xff, ...choices]));
}

/** Bytes of a byte tape's header (re-exported for tools that slice tapes). */
export const TAPE_HEADER_BYTES: number = BYTE_TAPE_HEADER;
