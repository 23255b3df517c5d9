import { Channel, Mutex } from '@sched/core';
import type { Simulator } from '@sched/sim';

/**
 * A small scenario that touches every kind of wake-up the simulator owns: task starts on both
 * lanes, timers (with seed-drawn jitter when the simulator has `jitterMs`), a bounded channel,
 * a mutex hand-over, a yield, and awaiting another task. Notes are added with `sim.annotate`, so
 * they are part of the formatted trace. Returns the final shared counter (always 3).
 */
export async function mixedScenario(sim: Simulator): Promise<number> {
  const channel = new Channel<number>(sim, { capacity: 1 });
  const mutex = new Mutex(sim);
  let shared = 0;
  const producers = [0, 1, 2].map((i) =>
    sim.spawn(
      async (ctx) => {
        await ctx.sleep(i + 1);
        await channel.send(i);
        await mutex.runExclusive(async () => {
          const seen = shared;
          await ctx.yieldNow();
          shared = seen + 1;
        });
      },
      { label: `producer ${i}`, lane: i === 1 ? 'background' : 'foreground' },
    ),
  );
  const consumer = sim.spawn(
    async () => {
      for (let i = 0; i < 3; i++) sim.annotate(`got ${await channel.recv()}`);
    },
    { label: 'consumer', lane: 'background' },
  );
  const joiner = sim.spawn(
    async () => {
      await consumer;
      sim.annotate('consumer done');
    },
    { label: 'joiner', lane: 'background' },
  );
  await sim.runUntilIdle();
  for (const task of [...producers, consumer, joiner]) await task;
  return shared;
}

/**
 * `count` background tasks that each record their index when they start. Returns the start
 * order, which is what the seed decides.
 */
export async function startOrder(sim: Simulator, count = 10): Promise<number[]> {
  const order: number[] = [];
  const tasks = Array.from({ length: count }, (_, i) =>
    sim.spawn(() => void order.push(i), { label: `t${i}`, lane: 'background' }),
  );
  await sim.runUntilIdle();
  for (const task of tasks) await task;
  return order;
}

/** Thrown by {@link racyCounter} when an increment was lost. */
export class LostUpdate extends Error {
  constructor(actual: number) {
    super(`counter is ${actual}, expected 2`);
    this.name = 'LostUpdate';
  }
}

/**
 * The classic lost update: two background tasks read a counter, yield, then write it back, next
 * to `noise` unrelated background tasks that only yield (they add decisions that have nothing to
 * do with the bug, which is what shrinking removes). Throws {@link LostUpdate} on schedules that
 * interleave the two read-modify-write sequences; the default (all-zero, FIFO) schedule passes.
 */
export async function racyCounter(sim: Simulator, noise = 3): Promise<number> {
  let counter = 0;
  for (let i = 0; i < noise; i++) {
    sim
      .spawn(
        async (ctx) => {
          await ctx.yieldNow();
          await ctx.yieldNow();
        },
        { label: `noise ${i}`, lane: 'background' },
      )
      .detach();
  }
  const increment =
    (late: boolean) =>
    async (ctx: { yieldNow(): PromiseLike<void> }): Promise<void> => {
      if (late) await ctx.yieldNow();
      const seen = counter;
      await ctx.yieldNow();
      counter = seen + 1;
    };
  // B starts one yield late, so the default (FIFO) order passes and the bug needs a real decision.
  const tasks = [
    sim.spawn(increment(false), { label: 'inc A', lane: 'background' }),
    sim.spawn(increment(true), { label: 'inc B', lane: 'background' }),
  ];
  await sim.runUntilIdle();
  for (const task of tasks) await task;
  if (counter !== 2) throw new LostUpdate(counter);
  return counter;
}
