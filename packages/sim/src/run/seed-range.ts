import { InvalidArgumentError } from '@sched/core';
import { checkSeed, MAX_SEED } from '../decisions/seeded-source.js';

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
  const iterations = env.ITERATIONS !== undefined && env.ITERATIONS !== '' ? Number(env.ITERATIONS) : count;
  if (!Number.isInteger(iterations) || iterations < 1) {
    throw new InvalidArgumentError('iterations', env.ITERATIONS ?? count, 'a positive integer');
  }
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

function readEnv(): Record<string, string | undefined> {
  return typeof process === 'undefined' ? {} : process.env;
}
