import type { SimulatorOptions } from '../simulator.js';
import { runOne } from './run-one.js';
import type { Outcome, SimFn } from './sim-fn.js';

/** Result of {@link shrinkSchedule}. */
export interface ShrinkResult {
  /** The smallest failing schedule found (trailing zeros removed). */
  readonly schedule: number[];
  /** How many replays shrinking took. */
  readonly runs: number;
  /** The failing run of the shrunk schedule. */
  readonly outcome: Outcome<unknown>;
}

/**
 * Shrinks a failing schedule: tries to replace each non-default choice with the default (0,
 * "run the first candidate") and keeps the change whenever the run still fails with the same
 * kind of error. The result deviates from the default order as little as it can, which is
 * usually exactly the interleaving that causes the bug.
 */
export async function shrinkSchedule<T>(
  fn: SimFn<T>,
  schedule: readonly number[],
  options: Omit<SimulatorOptions, 'seed' | 'schedule' | 'source'> = {},
  maxRuns = 500,
): Promise<ShrinkResult> {
  let runs = 0;
  const replay = async (tape: readonly number[]): Promise<Outcome<unknown>> => {
    runs++;
    return runOne(fn as SimFn<unknown>, { ...options, schedule: tape });
  };
  let best = await replay(schedule);
  if (best.ok) throw new Error('shrinkSchedule: the schedule does not fail');
  const kind = errorKind(best.error);
  let tape = trim(best.simulator.schedule);
  let changed = true;
  while (changed && runs < maxRuns) {
    changed = false;
    for (let i = tape.length - 1; i >= 0 && runs < maxRuns; i--) {
      if (tape[i] === 0) continue;
      const candidate = tape.slice();
      candidate[i] = 0;
      const outcome = await replay(candidate);
      if (!outcome.ok && errorKind(outcome.error) === kind) {
        best = outcome;
        tape = trim(outcome.simulator.schedule);
        changed = true;
        i = Math.min(i, tape.length);
      }
    }
  }
  return { schedule: tape, runs, outcome: best };
}

function trim(schedule: readonly number[]): number[] {
  let end = schedule.length;
  while (end > 0 && schedule[end - 1] === 0) end--;
  return schedule.slice(0, end);
}

function errorKind(error: unknown): string {
  return error instanceof Error ? `${error.constructor.name}` : typeof error;
}
