import { InvalidArgumentError } from '@sched/core';
import { type RandomGenerator, unsafeUniformIntDistribution, xoroshiro128plus } from 'pure-rand';
import type { DecisionSource } from './decision-source.js';

/** Largest seed accepted: seeds are 32-bit unsigned integers. */
export const MAX_SEED = 0xffff_ffff;

/**
 * Returns `seed` if it is an integer in `[0, 2^32)`; throws {@link InvalidArgumentError}
 * otherwise. Accepts decimal strings too (as read from the `SEED` environment variable).
 */
export function checkSeed(seed: unknown): number {
  const value = typeof seed === 'string' && /^\d+$/.test(seed.trim()) ? Number(seed.trim()) : seed;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_SEED) {
    throw new InvalidArgumentError('seed', seed, `an integer from 0 to ${MAX_SEED}`);
  }
  return value;
}

/** Decisions drawn from a `pure-rand` xoroshiro128+ generator: same seed, same decisions. */
export class SeededSource implements DecisionSource {
  readonly description: string;
  readonly #rng: RandomGenerator;

  constructor(seed: number) {
    checkSeed(seed);
    this.description = `seed ${seed}`;
    this.#rng = xoroshiro128plus(seed);
  }

  choose(n: number): number {
    return unsafeUniformIntDistribution(0, n - 1, this.#rng);
  }
}
