import { explore, type Simulator } from '@sched/sim';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

/** `tasks` tasks of `yields` yields each, all spawned up front. */
const shape = (tasks: number, yields: number) => async (sim: Simulator) => {
  const all = Array.from({ length: tasks }, () =>
    sim.spawn(async (ctx) => {
      for (let i = 0; i < yields; i++) await ctx.yieldNow();
    }),
  );
  await sim.runUntilIdle();
  await Promise.all(all);
};

const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));
/** Interleavings of `tasks` sequences of `yields + 1` steps: the multinomial coefficient. */
const interleavings = (tasks: number, yields: number): number =>
  factorial(tasks * (yields + 1)) / factorial(yields + 1) ** tasks;

const quiet = { shrinkRuns: 0, replayCommand: () => 'replay' } as const;

describe('exhaustive exploration', () => {
  it('enumerates the 1,680 interleavings of 3 tasks × 2 yields, each once, and proves them', async () => {
    const result = await explore(shape(3, 2), { strategy: 'exhaustive', budget: { schedules: 10_000 }, ...quiet });
    expect(result).toMatchObject({ found: false, schedules: 1_680, distinct: 1_680 });
    expect(result.found === false && result.exhaustive).toEqual({ kind: 'proof', schedules: 1_680 });
  });

  it('enumerates exactly the multinomial number of interleavings of small shapes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 2 }), async (tasks, yields) => {
        const expected = interleavings(tasks, yields);
        const result = await explore(shape(tasks, yields), {
          strategy: 'exhaustive',
          budget: { schedules: 10_000 },
          ...quiet,
        });
        expect(result.schedules).toBe(expected);
        expect(result.distinct).toBe(expected);
        expect(result.found === false && result.exhaustive?.kind).toBe('proof');
      }),
      { numRuns: 12 },
    );
  });

  it('says which bound it hit instead of claiming a proof', async () => {
    const bySchedules = await explore(shape(3, 2), { strategy: 'exhaustive', budget: { schedules: 100 }, ...quiet });
    expect(bySchedules.found === false && bySchedules.exhaustive).toEqual({
      kind: 'bound-hit',
      bound: 'schedules',
      schedules: 100,
    });
    // Only the first 3 decisions branch: 3 · 3 · 3 = 27 schedules at most, but not a proof.
    const byDecisions = await explore(shape(3, 2), {
      strategy: 'exhaustive',
      maxDecisions: 3,
      budget: { schedules: 10_000 },
      ...quiet,
    });
    expect(byDecisions.found === false && byDecisions.exhaustive).toEqual({
      kind: 'bound-hit',
      bound: 'decisions',
      schedules: 27,
    });
  });

  it('finds the first failing schedule in depth-first order', async () => {
    // Fails only when the second task finishes before the first one starts its second step.
    const result = await explore(
      async (sim) => {
        const log: string[] = [];
        const a = sim.spawn(async (ctx) => {
          log.push('a1');
          await ctx.yieldNow();
          log.push('a2');
        });
        const b = sim.spawn(async () => {
          log.push('b');
        });
        await sim.runUntilIdle();
        await Promise.all([a, b]);
        if (log.join() === 'b,a1,a2') throw new Error(log.join());
      },
      { strategy: 'exhaustive', ...quiet },
    );
    expect(result.found).toBe(true);
    if (!result.found) return;
    // Depth-first: 0.0 (a1,a2,b), 0.1 (a1,b,a2), then 1 (b,a1,a2).
    expect(result.failure.schedule).toBe(3);
    expect(result.failure.choices).toEqual([1]);
  });
});
