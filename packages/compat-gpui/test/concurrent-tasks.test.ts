// Seed 000's test_concurrent_tasks: ten background increments, run on many seeds, must all land.
// Through the GPUI facade, on the simulator (100 seeds) and on runtime-node.
import { BackgroundExecutor } from '@sched/compat-gpui';
import { NodeScheduler } from '@sched/runtime-node';
import { many } from '@sched/sim';
import { describe, expect, it } from 'vitest';

async function tenIncrements(
  executor: BackgroundExecutor,
  settle: () => Promise<void>,
): Promise<{ count: number; order: number[] }> {
  const counter = { count: 0 };
  const order: number[] = [];
  const tasks = Array.from({ length: 10 }, (_, i) =>
    executor.spawn(async (ctx) => {
      await ctx.yieldNow();
      counter.count += 1;
      order.push(i);
    }),
  );
  await settle();
  for (const task of tasks) await task;
  return { count: counter.count, order };
}

describe('test_concurrent_tasks', () => {
  it('on the simulator, 100 seeds: every run counts 10, and the orders differ', async () => {
    const results = await many(100, (sim) => tenIncrements(new BackgroundExecutor(sim), () => sim.runUntilIdle()));
    expect(results).toHaveLength(100);
    expect(results.every((r) => r.count === 10)).toBe(true);
    expect(results.every((r) => [...r.order].sort((a, b) => a - b).join() === '0,1,2,3,4,5,6,7,8,9')).toBe(true);
    expect(new Set(results.map((r) => r.order.join())).size).toBeGreaterThan(50);
  });

  it('on runtime-node', async () => {
    const result = await tenIncrements(new BackgroundExecutor(new NodeScheduler()), async () => {});
    expect(result.count).toBe(10);
  });
});
