import type { RunOneOptions } from '@sched/sim';

/** Options of {@link Simulator.tape}: those of `@sched/sim`'s `runTape`. */
export type CloudTapeOptions = Omit<RunOneOptions, 'seed' | 'schedule' | 'source' | 'observer'>;

/**
 * The result of one tape-driven run ({@link Simulator.tape}): the body's value or error, and what
 * identifies the run, so a fuzzer can tell runs apart and a test can check a replay.
 */
export type TapeResult<T> = (
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: unknown }
) & {
  /** The tape header's fallback seed (decisions past the tape's end are drawn from it). */
  readonly seed: number;
  /** Every choice the run made: equal tapes give equal schedules. */
  readonly schedule: readonly number[];
  /** The run's 32-bit trace hash: equal runs give equal hashes. */
  readonly traceHash: number;
  /** The interleaving coverage points reached, ascending (for a fuzzer's coverage map). */
  readonly coverage: readonly number[];
  /** Tape bytes consumed, header included. */
  readonly consumed: number;
  /** Whether the tape ran out and later decisions came from the header's seed. */
  readonly exhausted: boolean;
};
