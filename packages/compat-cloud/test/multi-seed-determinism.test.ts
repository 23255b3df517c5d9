// The seed's test_multi_seed_determinism: ten tasks pushing their index, on five seeds. Every run
// completes; the orders really differ between seeds; and each seed replays its own order.
import { Simulator } from '@sched/compat-cloud/sim';
import { describe, expect, it } from 'vitest';

async function pushTen(simulator: Simulator): Promise<number[]> {
  const values: number[] = [];
  const tasks = Array.from({ length: 10 }, (_, i) => simulator.scheduler.spawn(async () => values.push(i)));
  for (const task of tasks) await task;
  return values;
}

describe('test_multi_seed_determinism', () => {
  it('Simulator.many(5): every run completes with 10 values, in orders that differ between seeds', async () => {
    const results = await Simulator.many(5, pushTen);
    expect(results.map((r) => r.seed)).toEqual([0, 1, 2, 3, 4]);
    expect(results.every((r) => r.ok)).toBe(true);
    const orders = results.map((r) => (r.ok ? r.value : []));
    for (const order of orders) expect([...order].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(new Set(orders.map((o) => o.join())).size).toBeGreaterThan(1);
    // The same seeds give the same orders.
    const again = await Simulator.many(5, pushTen);
    expect(again).toEqual(results);
  });

  it('over 100 seeds nearly every order is new (the seeds are mixed)', async () => {
    const results = await Simulator.many(100, pushTen);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(new Set(results.map((r) => (r.ok ? r.value.join() : ''))).size).toBeGreaterThan(95);
  });

  it('a failure on some seeds is reported per seed, not thrown', async () => {
    const printed: string[] = [];
    const results = await Simulator.many(
      20,
      async (simulator) => {
        const order = await pushTen(simulator);
        if (order[0] === 0) throw new Error('task 0 ran first');
        return order;
      },
      { log: (text) => printed.push(text) },
    );
    const failed = results.filter((r) => !r.ok).map((r) => r.seed);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.length).toBeLessThan(20);
    for (const seed of failed) expect(printed.join('\n')).toContain(`Failing seed: ${seed}`);
  });

  it('checkDeterminism: a body whose order depends on something outside the seed is caught per seed', async () => {
    let run = 0;
    const printed: string[] = [];
    const results = await Simulator.many(
      2,
      async (simulator) => {
        run++;
        // A different number of tasks on every run: the two runs of one seed diverge.
        const tasks = Array.from({ length: 2 + (run % 2) }, () => simulator.scheduler.spawn(async () => {}));
        for (const task of tasks) await task;
      },
      { checkDeterminism: true, log: (text) => printed.push(text) },
    );
    expect(results.map((r) => r.ok)).toEqual([false, false]);
    expect(results.map((r) => (r.ok ? '' : (r.error as Error).name))).toEqual([
      'NonDeterminismError',
      'NonDeterminismError',
    ]);
    expect(printed.join('\n')).toContain('Failing seed: 0');
  });
});
