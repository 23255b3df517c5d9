import { InvalidArgumentError } from '@sched/core';
import type { DecisionSource } from '../decisions/decision-source.js';
import type { Trace } from '../trace/trace.js';

/**
 * A declared latency: a fixed number of milliseconds, or an inclusive range `[min, max]` that the
 * simulator's decision source chooses from (one recorded decision per draw).
 */
export type Latency = number | readonly [min: number, max: number];

/** Largest width of a range: a decision picks one of at most 2^32 values. */
const MAX_SPAN = 0xffff_ffff;

/**
 * Returns `[min, max]` for a {@link Latency}; throws {@link InvalidArgumentError} unless both
 * ends are integers ≥ 0 with `min ≤ max` (and at most 2^32 values in between).
 */
export function checkLatency(latency: unknown, argument = 'latency'): readonly [number, number] {
  if (typeof latency === 'number') return checkRange(latency, latency, argument);
  if (Array.isArray(latency) && latency.length === 2) return checkRange(latency[0], latency[1], argument);
  throw new InvalidArgumentError(argument, latency, 'a number of milliseconds or a range [min, max]');
}

/**
 * Draws an integer number of milliseconds in `[minMs, maxMs]` from `source`: one decision
 * (candidate `k` is `minMs + k`, so the default choice 0 is the shortest delay), and none at all
 * when `minMs === maxMs`. The draw is noted on step `step` of `trace` (the step that made it; 0 for none).
 * Throws {@link InvalidArgumentError} for a bad range, before drawing anything.
 */
export function drawDelay(source: DecisionSource, trace: Trace, step: number, minMs: number, maxMs: number): number {
  const [min, max] = checkRange(minMs, maxMs, 'delay');
  if (min === max) return min;
  const ms = min + source.choose(max - min + 1);
  if (step > 0) trace.addDelay(step, { ms, min, max });
  return ms;
}

function checkRange(min: unknown, max: unknown, argument: string): readonly [number, number] {
  const expected = 'integer milliseconds with 0 <= min <= max';
  if (typeof min !== 'number' || !Number.isSafeInteger(min) || min < 0) {
    throw new InvalidArgumentError(`${argument} min`, min, expected);
  }
  if (typeof max !== 'number' || !Number.isSafeInteger(max) || max < min) {
    throw new InvalidArgumentError(`${argument} max`, max, expected);
  }
  if (max - min >= MAX_SPAN) throw new InvalidArgumentError(`${argument} max`, max, `at most ${MAX_SPAN} above min`);
  return [min, max];
}
