import { InvalidArgumentError } from '@sched/core';
import { checkPositiveInteger } from '@sched/core/host';
import { checkSeed, MAX_SEED } from '../decisions/seeded-source.js';
import { parseSchedule } from '../decisions/tape-source.js';

/** Which seeds a multi-seed run explores. */
export interface SeedRange {
  readonly from: number;
  readonly count: number;
}

/**
 * Resolves the seeds to run: `SEED=<n>` in the environment runs exactly that seed;
 * `ITERATIONS=<k>` overrides the count; otherwise `count` seeds starting at `from`.
 */
export function seedRange(count: number, from = 0, env: Record<string, string | undefined> = readEnv()): SeedRange {
  if (env.SEED !== undefined && env.SEED !== '') return { from: checkSeed(env.SEED), count: 1 };
  const iterations = checkPositiveInteger(
    'iterations',
    env.ITERATIONS !== undefined && env.ITERATIONS !== '' ? Number(env.ITERATIONS) : count,
    env.ITERATIONS ?? count,
  );
  checkSeed(from);
  if (from + iterations - 1 > MAX_SEED) {
    throw new InvalidArgumentError(
      'iterations',
      iterations,
      `at most ${MAX_SEED - from + 1} seeds starting at ${from}`,
    );
  }
  return { from, count: iterations };
}

/**
 * The schedule to replay instead of seeds: `SCHEDULE=<s>` in the environment (e.g. `0.2.1`, or
 * `-` for the default order), or undefined. Setting both `SEED` and `SCHEDULE` is an error.
 */
export function scheduleFromEnv(env: Record<string, string | undefined> = readEnv()): number[] | undefined {
  const text = env.SCHEDULE;
  if (text === undefined || text === '') return undefined;
  if (env.SEED !== undefined && env.SEED !== '') {
    throw new InvalidArgumentError('SCHEDULE', text, 'unset when SEED is set (replay a seed or a schedule, not both)');
  }
  return parseSchedule(text);
}

function readEnv(): Record<string, string | undefined> {
  return typeof process === 'undefined' ? {} : process.env;
}
