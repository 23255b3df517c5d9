import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextJobMs, WINDOW_BUDGET_MS, windowFor } from '../src/pool/worker-window.js';

describe('windowFor', () => {
  it('is the pipeline until the job duration is measured', () => {
    expect(windowFor(Number.NaN, 4, 64)).toBe(4);
  });

  it(`holds about ${WINDOW_BUDGET_MS} ms of work, between the pipeline and the most slots`, () => {
    expect(windowFor(WINDOW_BUDGET_MS / 10, 4, 64)).toBe(10);
    expect(windowFor(WINDOW_BUDGET_MS / 1000, 4, 64)).toBe(64);
    expect(windowFor(0, 4, 64)).toBe(64);
    expect(windowFor(WINDOW_BUDGET_MS, 4, 64)).toBe(4);
    expect(windowFor(1000, 4, 64)).toBe(4);
  });

  it('is always a whole number within [pipeline, maxWindow], and shrinks as jobs get longer', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e4, noNaN: true }),
        fc.double({ min: 0, max: 1e4, noNaN: true }),
        fc.integer({ min: 1, max: 16 }),
        fc.integer({ min: 1, max: 16 }),
        (a, b, pipeline, growth) => {
          const max = pipeline * growth;
          const [short, long] = a <= b ? [a, b] : [b, a];
          const w = windowFor(short, pipeline, max);
          expect(Number.isInteger(w)).toBe(true);
          expect(w).toBeGreaterThanOrEqual(pipeline);
          expect(w).toBeLessThanOrEqual(max);
          expect(windowFor(long, pipeline, max)).toBeLessThanOrEqual(w);
        },
      ),
    );
  });
});

describe('nextJobMs', () => {
  it('starts from the first report and weighs the last two reports equally', () => {
    const first = nextJobMs(Number.NaN, 1, 10);
    expect(first).toBeCloseTo(0.1);
    expect(nextJobMs(first, 3, 1)).toBeCloseTo(1.55);
  });

  it('one long job is enough to fall back to the pipeline', () => {
    const fast = nextJobMs(Number.NaN, 0.01, 16);
    expect(windowFor(fast, 4, 64)).toBe(64);
    expect(windowFor(nextJobMs(fast, 2 * WINDOW_BUDGET_MS, 1), 4, 64)).toBe(4);
  });
});
