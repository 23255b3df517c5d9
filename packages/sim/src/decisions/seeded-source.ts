import { InvalidArgumentError } from '@sched/core';
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

/**
 * Decisions drawn from xoshiro128** whose 128-bit state is expanded from the seed by SplitMix32,
 * so consecutive seeds (0, 1, 2, …) give unrelated decision streams from the very first draw.
 * Each `choose(n)` is exactly uniform (rejection sampling). Same seed, same decisions, on every
 * platform and release: the mapping is pinned by a golden test, and changing it is a breaking
 * change.
 */
export class SeededSource implements DecisionSource {
  readonly #seed: number;
  #s0: number;
  #s1: number;
  #s2: number;
  #s3: number;

  constructor(seed: number) {
    checkSeed(seed);
    this.#seed = seed;
    // SplitMix32 (a Weyl sequence through a murmur3-style finalizer) gives the four state words;
    // written out, not as a closure: a simulator per seed (`many`) builds one source per seed.
    const x = seed >>> 0;
    this.#s0 = splitMix32(x, 1);
    this.#s1 = splitMix32(x, 2);
    this.#s2 = splitMix32(x, 3);
    this.#s3 = splitMix32(x, 4);
  }

  /** `seed N`: made when read (a passing seed of `many` never reads it). */
  get description(): string {
    return `seed ${this.#seed}`;
  }

  /** The next 32 random bits, as an unsigned integer. */
  nextUint32(): number {
    const s1 = this.#s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
    const t = s1 << 9;
    this.#s2 ^= this.#s0;
    this.#s3 ^= s1;
    this.#s1 ^= this.#s2;
    this.#s0 ^= this.#s3;
    this.#s2 ^= t;
    this.#s3 = rotl(this.#s3, 11);
    return result >>> 0;
  }

  choose(n: number): number {
    // Rejection sampling over the largest multiple of n below 2^32: exactly uniform.
    const m = n >>> 0;
    if (m !== n || m === 0) return this.#chooseSlow(n);
    // The same draws without `%` on doubles (`2 ** 32 % n` and `r % n` were two fmod calls per
    // draw, most of its cost): 2^32 mod m is (2^32 − m) mod m, a draw is kept when it is at most
    // 2^32 − 1 − (2^32 mod m), and each `a mod m` is `a − ⌊a / m⌋·m`, exact for a, m < 2^32 (the
    // rounded quotient never reaches the next integer) and cheaper than V8's uint32 modulo.
    const wrap = 0x1_0000_0000 - m;
    const max = 0xffff_ffff - (wrap - Math.floor(wrap / m) * m);
    for (;;) {
      const r = this.nextUint32();
      if (r <= max) return r - Math.floor(r / m) * m;
    }
  }

  /** The general form, for an `n` that is not a 32-bit unsigned integer (never from the simulator). */
  #chooseSlow(n: number): number {
    const limit = 0x1_0000_0000 - (0x1_0000_0000 % n);
    for (;;) {
      const r = this.nextUint32();
      if (r < limit) return r % n;
    }
  }
}

/** The `k`-th output (from 1) of SplitMix32 started at `x`. */
function splitMix32(x: number, k: number): number {
  let z = (x + Math.imul(0x9e3779b9, k)) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) | 0;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
