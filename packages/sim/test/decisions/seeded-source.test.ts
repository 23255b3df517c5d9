import { InvalidArgumentError } from '@sched/core';
import { checkSeed, MAX_SEED, SeededSource } from '@sched/sim';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

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
