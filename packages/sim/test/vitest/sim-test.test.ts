import { Mutex } from '@sched/core';
import { type Simulator, seedRange } from '@sched/sim';
import { type SimTestDeclare, simTest } from '@sched/sim/vitest';
import { describe, expect, expectTypeOf, it } from 'vitest';

const seen: string[] = [];

/** A counter incremented by five tasks holding a mutex across an await: correct under every order. */
async function lockedCounter(sim: Simulator): Promise<number> {
  seen.push(sim.description);
  const mutex = new Mutex(sim);
  let counter = 0;
  const tasks = Array.from({ length: 5 }, () =>
    sim.spawn(
      async (ctx) => {
        await mutex.runExclusive(async () => {
          const value = counter;
          await ctx.sleep(1);
          counter = value + 1;
        });
      },
      { lane: 'background' },
    ),
  );
  await sim.runUntilIdle();
  for (const task of tasks) await task;
  expect(counter).toBe(5);
  expect(sim.now()).toBe(5); // autoAdvance is on in multi-seed runs
  return counter;
}

describe('simTest', () => {
  simTest('a locked counter survives 20 seeds', { seeds: 20 }, lockedCounter);

  simTest('accepts the body as second argument (default 100 seeds)', async (sim) => {
    seen.push(`default ${sim.description}`);
  });

  it('ran each seed once, on its own simulator, in order (SEED / ITERATIONS respected)', () => {
    const twenty = seedRange(20);
    const hundred = seedRange(100);

    expect(seen.filter((s) => !s.startsWith('default'))).toEqual(
      Array.from({ length: twenty.count }, (_, i) => `seed ${twenty.from + i}`),
    );
    expect(seen.filter((s) => s.startsWith('default'))).toHaveLength(hundred.count);
  });
});

describe('simTest.only and simTest.skip', () => {
  // That .skip really skips (and .only really narrows) is checked in a real vitest child process:
  // sim-test-e2e.test.ts. Declaring a skipped test here would only add a skip to every report.

  it('take the same arguments as simTest (their behaviour in a real run: sim-test-e2e.test.ts)', () => {
    expectTypeOf(simTest.only).toEqualTypeOf<SimTestDeclare>();
    expectTypeOf(simTest.skip).toEqualTypeOf<SimTestDeclare>();
    expectTypeOf(simTest).toExtend<SimTestDeclare>();
    expectTypeOf(simTest.skip).toBeCallableWith('name', { seeds: 3 }, () => {});
    expectTypeOf(simTest.skip).toBeCallableWith('name', async () => {});
    // @ts-expect-error: the body is required
    expectTypeOf(simTest.only).toBeCallableWith('name', { seeds: 3 });
  });
});
