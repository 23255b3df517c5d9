import { Simulator } from '@sched/sim';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

/** The jitter one timer gets under `seed`: how late past its 10 ms a sleep wakes up. */
async function jitterOf(seed: number, jitterMs: number): Promise<number> {
  const sim = new Simulator({ seed, jitterMs, autoAdvance: true });
  const task = sim.spawn(async (ctx) => {
    await ctx.sleep(10);
    return sim.now() - 10;
  });
  const jitter = await sim.runUntil(task);
  // The trace records the same draw, on the step that set the timer.
  expect(sim.trace.events.reduce((sum, event) => sum + (event.jitter ?? 0), 0)).toBe(jitter);
  return jitter;
}

describe('jitter (jitterMs)', () => {
  // Each value is expected PER_VALUE times; ±30% is more than 3 standard deviations, and the
  // seeds are fixed, so this is deterministic.
  const PER_VALUE = 120;

  it.each([0, 1, 2, 3, 4, 5])(
    'jitterMs: %i draws every value 0..jitterMs, at uniform frequency, over consecutive seeds',
    async (jitterMs) => {
      const counts = new Map<number, number>();
      const seeds = PER_VALUE * (jitterMs + 1);
      for (let seed = 0; seed < seeds; seed++) {
        const jitter = await jitterOf(seed, jitterMs);
        counts.set(jitter, (counts.get(jitter) ?? 0) + 1);
      }

      // Every value from 0 to jitterMs itself is drawn, and nothing else.
      expect([...counts.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: jitterMs + 1 }, (_, i) => i));
      for (const [value, count] of counts) {
        expect({ value, count }).toEqual({
          value,
          count: expect.toSatisfy((n: number) => Math.abs(n - PER_VALUE) <= PER_VALUE * 0.3),
        });
      }
    },
  );

  it('a timer wakes up between its delay and its delay plus jitterMs, for any seed (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 5 }), fc.nat({ max: 2 ** 32 - 1 }), async (jitterMs, seed) => {
        const jitter = await jitterOf(seed, jitterMs);
        expect(Number.isInteger(jitter)).toBe(true);
        expect(jitter).toBeGreaterThanOrEqual(0);
        expect(jitter).toBeLessThanOrEqual(jitterMs);
      }),
      { numRuns: 200 },
    );
  });
});
