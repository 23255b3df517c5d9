import { checkPositiveInteger } from '@sched/core/host';
import type { DecisionSource } from '../decisions/decision-source.js';
import { formatSchedule } from '../decisions/tape-source.js';
import type { SimulatorOptions } from '../simulator.js';
import { runOne } from './run-one.js';
import type { Outcome, SimFn } from './sim-fn.js';

/** Result of {@link shrinkSchedule}. */
export interface ShrinkResult {
  /**
   * The smallest failing schedule found, in canonical form: the choices the replayed run actually
   * made (each below its number of candidates), trailing zeros removed.
   */
  readonly schedule: number[];
  /** How many replays shrinking took (the first replay of the original schedule included). */
  readonly runs: number;
  /** The failing run of the shrunk schedule. */
  readonly outcome: Outcome<unknown>;
  /**
   * True when `schedule` is proven 1-minimal: removing any single decision, or lowering any single
   * decision to any smaller value, makes the run pass or fail in another way. False only when the
   * replay budget ran out first (the schedule still fails the same way, but may shrink further).
   */
  readonly minimal: boolean;
}

/** Default replay budget of {@link shrinkSchedule}. */
export const DEFAULT_SHRINK_RUNS: number = 1000;

/**
 * Shrinks a failing schedule to one that fails the same way (same error class) with as few and
 * as small decisions as possible. A schedule is replayed by `TapeSource`: each value is taken
 * modulo the number of candidates, and every decision past its end is 0 (the default, FIFO
 * order), so removing a decision shifts the later ones forward and trailing zeros mean nothing.
 *
 * First, when the schedule deviates from the default order more than once, it looks for a single
 * deviation that fails the same way: every schedule `0, …, 0, v` no longer than the current one,
 * earliest position and lowest value first (skipped when that would take more than a quarter of
 * the budget). Then passes, repeated until one full round changes nothing:
 * 1. delta debugging: remove chunks of consecutive decisions, halving the chunk size from half
 *    the schedule down to two;
 * 2. remove single decisions;
 * 3. lower single decisions: to 0, then to 1, 2, … (the first value that still fails is kept).
 *
 * After every accepted change the schedule becomes the recorded schedule of the replayed run,
 * trimmed (its canonical form). A round that changes nothing has tried every single removal and
 * every single lowering of the final schedule, so the result is 1-minimal (`minimal: true`)
 * unless the budget of `maxRuns` replays ran out (`minimal: false`). Identical candidates are
 * replayed once. Neither the length nor the number of non-zero decisions ever grows. Throws if
 * the schedule does not fail, and `InvalidArgumentError` if `maxRuns` is not a positive integer.
 */
export async function shrinkSchedule<T>(
  fn: SimFn<T>,
  schedule: readonly number[],
  options: Omit<SimulatorOptions, 'seed' | 'schedule' | 'source'> = {},
  maxRuns: number = DEFAULT_SHRINK_RUNS,
): Promise<ShrinkResult> {
  checkPositiveInteger('maxRuns', maxRuns);
  let runs = 0;
  const replay = (tape: readonly number[]): Promise<Outcome<unknown>> => {
    runs++;
    return runOne(fn as SimFn<unknown>, { ...options, schedule: tape });
  };

  let best = await replay(schedule);
  if (best.ok) throw new Error('shrinkSchedule: the schedule does not fail');
  const kind = errorKind(best.error);
  let tape = trim(best.simulator.schedule);
  let current = formatSchedule(tape);
  /** Trimmed candidates already replayed that did not fail the same way. */
  const rejected = new Set<string>();
  let exhausted = false;

  /** Replays `candidate`; if it fails the same way, its canonical form becomes the current schedule. */
  const attempt = async (candidate: readonly number[]): Promise<boolean> => {
    const trimmed = trim(candidate);
    const key = formatSchedule(trimmed);
    if (key === current || rejected.has(key)) return false;
    if (runs >= maxRuns) {
      exhausted = true;
      return false;
    }
    const outcome = await replay(trimmed);
    if (outcome.ok || errorKind(outcome.error) !== kind) {
      rejected.add(key);
      return false;
    }
    best = outcome;
    tape = trim(outcome.simulator.schedule);
    current = formatSchedule(tape);
    return true;
  };
  const without = (start: number, end: number): number[] => [...tape.slice(0, start), ...tape.slice(end)];

  // 0. Simplest first: if a single deviation from the default order fails the same way, find the
  // earliest (and then lowest) one. Needs the number of candidates of every decision of the
  // default run, so that run is replayed through a counting source (and counts as `attempt([])`).
  if (nonZero(tape) > 1 && runs < maxRuns) {
    const counts: number[] = [];
    const counting: DecisionSource = {
      description: 'schedule -',
      choose: (n) => {
        counts.push(n);
        return 0;
      },
    };
    runs++;
    const fifo = await runOne(fn as SimFn<unknown>, { ...options, source: counting });
    if (!fifo.ok && errorKind(fifo.error) === kind) {
      best = fifo;
      tape = [];
      current = formatSchedule(tape);
    } else {
      rejected.add(formatSchedule([]));
      const candidates = counts.slice(0, tape.length).reduce((sum, n) => sum + n - 1, 0);
      // Only when affordable: at most a quarter of the remaining budget.
      if (candidates <= (maxRuns - runs) / 4) {
        // Positions past the current schedule's end are not tried: shrinking never lengthens it.
        search: for (let i = 0; i < Math.min(counts.length, tape.length) && nonZero(tape) > 1; i++) {
          for (let value = 1; value < (counts[i] as number); value++) {
            if (await attempt([...new Array<number>(i).fill(0), value])) break search;
          }
        }
      }
    }
  }

  let changed = true;
  while (changed && !exhausted) {
    changed = false;

    // 1. Delta debugging: remove chunks of `size` decisions (aligned from the end), halving `size`.
    for (let size = tape.length >> 1; size >= 2 && !exhausted; size >>= 1) {
      for (let end = tape.length; end > 0 && !exhausted; ) {
        const start = Math.max(0, end - size);
        if (await attempt(without(start, end))) changed = true;
        end = Math.min(start, tape.length);
      }
    }

    // 2. Remove single decisions, from the end (late decisions are usually noise).
    for (let i = tape.length - 1; i >= 0 && !exhausted; i--) {
      if (await attempt(without(i, i + 1))) {
        changed = true;
        i = Math.min(i, tape.length);
      }
    }

    // 3. Lower single decisions: to 0 first, then to the smallest value that still fails.
    for (let i = tape.length - 1; i >= 0 && !exhausted; i--) {
      const value = tape[i] as number;
      for (let lower = 0; lower < value && !exhausted; lower++) {
        const candidate = tape.slice();
        candidate[i] = lower;
        if (await attempt(candidate)) {
          changed = true;
          i = Math.min(i, tape.length);
          break;
        }
      }
    }
  }
  return { schedule: tape, runs, outcome: best, minimal: !exhausted };
}

function nonZero(schedule: readonly number[]): number {
  return schedule.filter((choice) => choice !== 0).length;
}

function trim(schedule: readonly number[]): number[] {
  let end = schedule.length;
  while (end > 0 && schedule[end - 1] === 0) end--;
  return schedule.slice(0, end);
}

/**
 * What "fails the same way" compares: the error's class (and its `name` when that differs),
 * never the message, which usually holds values that change with the schedule.
 */
export function errorKind(error: unknown): string {
  if (!(error instanceof Error)) return typeof error;
  const className = error.constructor.name;
  return error.name === className || error.name === 'Error' ? className : `${className}(${error.name})`;
}
