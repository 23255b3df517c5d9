import { InvalidArgumentError } from '@sched/core';
import { type DecisionSource, MAX_SEED, SeededSource } from '@sched/sim';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkSeed } from '../../src/decisions/seeded-source.js';
import { chiSquareTest, seedModulo, tally, unmixedXoroshiro } from '../support/interleavings.js';

/** `count` draws of `choose(n)` from a fresh source. */
function draws(seed: number, n: number, count: number): number[] {
  const source = new SeededSource(seed);
  return Array.from({ length: count }, () => source.choose(n));
}

describe('SeededSource', () => {
  it('gives the same sequence for the same seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_SEED }), fc.integer({ min: 2, max: 50 }), (seed, n) => {
        expect(draws(seed, n, 64)).toEqual(draws(seed, n, 64));
      }),
      { numRuns: 100 },
    );
  });

  it('gives different sequences for different seeds', () => {
    const sequences = new Set(Array.from({ length: 50 }, (_, seed) => draws(seed, 1000, 8).join(',')));

    expect(sequences.size).toBe(50);
  });

  it('always returns an integer in [0, n)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_SEED }), fc.integer({ min: 2, max: 1_000_000 }), (seed, n) => {
        for (const choice of draws(seed, n, 32)) {
          expect(Number.isInteger(choice)).toBe(true);
          expect(choice).toBeGreaterThanOrEqual(0);
          expect(choice).toBeLessThan(n);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('spreads choices evenly over the candidates', () => {
    const n = 5;
    const total = 20_000;
    const counts = new Array<number>(n).fill(0);

    for (const choice of draws(42, n, total)) counts[choice] = (counts[choice] ?? 0) + 1;

    // Each bucket within 5% of total/n (the standard deviation is about 0.6%).
    for (const count of counts) expect(Math.abs(count - total / n)).toBeLessThan((total / n) * 0.05);
  });

  it('describes itself as `seed N`', () => {
    expect(new SeededSource(7).description).toBe('seed 7');
  });

  it.each([-1, 1.5, 2 ** 32, Number.NaN, Number.POSITIVE_INFINITY])('rejects the seed %s', (seed) => {
    expect(() => new SeededSource(seed)).toThrow(InvalidArgumentError);
  });
});

/** The `draw`-th choice of `choose(n)` (0 = first) from `make(seed)`. */
function nthDraw(make: (seed: number) => DecisionSource, seed: number, n: number, draw: number): number {
  const source = make(seed);
  for (let i = 0; i < draw; i++) source.choose(n);
  return source.choose(n);
}

/** Uniform probabilities over the keys produced by `keys`. */
function uniform(keys: string[]): Map<string, number> {
  return new Map(keys.map((key) => [key, 1 / keys.length]));
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/**
 * Chi-square test (level 1e-6, see chiSquareTest) of how consecutive seeds `from, from + 1, …`
 * spread: the `draw`-th choice alone, the `draw`-th choices of neighbouring seeds as a pair (seed
 * s and seed s + 1: catches seeds that walk through the candidates in lockstep), and the draws
 * `draw` and `draw + 1` of one seed as a pair (catches a stream correlated with itself).
 */
function seedSpread(make: (seed: number) => DecisionSource, n: number, draw: number, from: number) {
  const seeds = 100 * n * n; // 100 expected per cell of the n × n pairs
  const values = range(seeds + 1).map((i) => nthDraw(make, from + i, n, draw));
  const successive = range(seeds).map((i) => {
    const source = make(from + i);
    for (let j = 0; j < draw; j++) source.choose(n);
    return `${source.choose(n)},${source.choose(n)}`;
  });
  const single = range(n).map(String);
  const pairs = range(n).flatMap((a) => range(n).map((b) => `${a},${b}`));
  return {
    single: chiSquareTest(tally(values.slice(0, seeds).map(String)), uniform(single), seeds),
    neighbours: chiSquareTest(tally(range(seeds).map((i) => `${values[i]},${values[i + 1]}`)), uniform(pairs), seeds),
    successive: chiSquareTest(tally(successive), uniform(pairs), seeds),
  };
}

describe('SeededSource over consecutive seeds', () => {
  it('choose(n) for n in 2..7 is uniform and independent across consecutive seeds, first and later draws (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 7 }),
        fc.constantFrom(0, 1, 2, 7, 63),
        fc.integer({ min: 0, max: MAX_SEED - 10_000 }),
        (n, draw, from) => {
          const spread = seedSpread((seed) => new SeededSource(seed), n, draw, from);
          expect(spread.single.pass).toBe(true);
          expect(spread.neighbours.pass).toBe(true);
          expect(spread.successive.pass).toBe(true);
        },
      ),
      { numRuns: 30 },
    );
  });

  it.each(range(6).map((i) => i + 2))('seeds 0..N: the first draw of choose(%i) passes every check', (n) => {
    const spread = seedSpread((seed) => new SeededSource(seed), n, 0, 0);

    expect([spread.single.pass, spread.neighbours.pass, spread.successive.pass]).toEqual([true, true, true]);
  });

  it.each(range(6).map((i) => i + 2))('rejects the unmixed generator used before, for choose(%i)', (n) => {
    const spread = seedSpread(unmixedXoroshiro, n, 0, 0);

    expect(spread.neighbours.pass).toBe(false);
  });

  it.each(range(6).map((i) => i + 2))('rejects choose(n) = seed mod n, for choose(%i)', (n) => {
    const spread = seedSpread(seedModulo, n, 0, 0);

    // Perfectly balanced on its own, but each seed's choice is its neighbour's plus one.
    expect(spread.neighbours.pass).toBe(false);
    expect(spread.successive.pass).toBe(false);
  });
});

describe('SeededSource.choose: integer arithmetic', () => {
  /** The rejection sampling written in doubles, over a twin generator's raw draws. */
  function reference(seed: number, n: number, count: number): number[] {
    const raw = new SeededSource(seed);
    const limit = 2 ** 32 - (2 ** 32 % n);
    return Array.from({ length: count }, () => {
      for (;;) {
        const r = raw.nextUint32();
        if (r < limit) return r % n;
      }
    });
  }

  it('draws what the double-precision formula draws, for any n up to 2^32 - 1 (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: MAX_SEED }),
        fc.oneof(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 2 ** 32 - 1 })),
        (seed, n) => {
          expect(draws(seed, n, 32)).toEqual(reference(seed, n, 32));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('draws what the double-precision formula draws when n changes from draw to draw (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: MAX_SEED }),
        fc.array(fc.integer({ min: 1, max: 2 ** 32 - 1 }), { minLength: 1, maxLength: 40 }),
        (seed, ns) => {
          const source = new SeededSource(seed);
          const raw = new SeededSource(seed);
          for (const n of ns) {
            const limit = 2 ** 32 - (2 ** 32 % n);
            let r = raw.nextUint32();
            while (r >= limit) r = raw.nextUint32();
            expect(source.choose(n)).toBe(r % n);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('rejects the same draws: n = 3 · 2^30 keeps only draws below 3 · 2^30', () => {
    const n = 3 * 2 ** 30; // 2^32 mod n = 2^30: a quarter of all draws is rejected
    expect(draws(7, n, 200)).toEqual(reference(7, n, 200));
    expect(draws(7, n, 200).every((d) => d < n)).toBe(true);
  });
});

describe('checkSeed', () => {
  it('accepts integers from 0 to 2^32 - 1 and returns them', () => {
    expect(checkSeed(0)).toBe(0);
    expect(checkSeed(MAX_SEED)).toBe(2 ** 32 - 1);
  });

  it('accepts decimal strings, as read from SEED=…', () => {
    expect(checkSeed('42')).toBe(42);
    expect(checkSeed(' 7 ')).toBe(7);
  });

  it.each([[-1], [1.5], [2 ** 32], ['abc'], ['-1'], ['1.5'], [''], [null], [undefined], [{}]])(
    'rejects %j with an InvalidArgumentError naming the seed',
    (seed) => {
      let error: unknown;
      try {
        checkSeed(seed);
      } catch (e) {
        error = e;
      }

      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).argument).toBe('seed');
      expect((error as InvalidArgumentError).value).toBe(seed);
      expect((error as InvalidArgumentError).message).toContain('an integer from 0 to 4294967295');
    },
  );
});
