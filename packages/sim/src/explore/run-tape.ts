import { ByteTapeSource } from '../decisions/byte-tape-source.js';
import { type RunOneOptions, runOne } from '../run/run-one.js';
import type { Outcome, SimFn } from '../run/sim-fn.js';
import { CoverageRecorder } from './coverage-recorder.js';

/** The result of {@link runTape}. */
export interface TapeRun<T> {
  /** The scenario's outcome (`ok: false` with the error when it failed). */
  readonly outcome: Outcome<T>;
  /** The interleaving coverage points the run reached, ascending (32-bit hashes). */
  readonly coverage: readonly number[];
  /** The choices the run made: `{ schedule }` replays it too. */
  readonly schedule: readonly number[];
  /** Tape bytes consumed, header included. */
  readonly consumed: number;
  /** Whether the tape ran out and later decisions came from its header's seed. */
  readonly exhausted: boolean;
}

/**
 * Runs `scenario` once with every decision read from `bytes` (see `ByteTapeSource`), and
 * reports its outcome and interleaving coverage: the entry point for external fuzzers (an AFL++
 * or libFuzzer-style harness maps `coverage` into its own map and a failed outcome to a crash).
 * Any byte string is a valid tape and the same tape always gives the same run. Never throws for
 * a failing scenario; a run that never settles is cut by `maxSteps` (a `LivelockError`).
 */
export async function runTape<T>(
  scenario: SimFn<T>,
  bytes: Uint8Array,
  options: Omit<RunOneOptions, 'seed' | 'schedule' | 'source' | 'observer'> = {},
): Promise<TapeRun<T>> {
  const source = new ByteTapeSource(bytes);
  const recorder = new CoverageRecorder();
  const outcome = await runOne(scenario, { ...options, source, observer: recorder });
  return {
    outcome,
    coverage: [...recorder.points].sort((a, b) => a - b),
    schedule: outcome.simulator.schedule.slice(),
    consumed: source.consumed,
    exhausted: source.exhausted,
  };
}
