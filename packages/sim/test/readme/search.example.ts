import { cell, explore, type Simulator } from '@sched/sim';

async function withdrawTwice(sim: Simulator): Promise<void> {
  const balance = cell(sim, 'balance', 100); // a tracked variable: feeds reads-from coverage
  const withdraw = (n: number) =>
    sim.spawn(async (ctx) => {
      const read = balance.get();
      await ctx.yieldNow();
      balance.set(read - n);
    });
  const tasks = [withdraw(30), withdraw(50)];
  await sim.runUntilIdle();
  await Promise.all(tasks);
  if (balance.get() !== 20) throw new Error(`lost update: ${balance.get()}`);
}

const result = await explore(withdrawTwice, { strategy: 'pct', depth: 2, budget: { schedules: 500 } });
if (result.found) {
  const { failure } = result;
  console.log(failure.strategy, failure.replayed); // pct(d=2) true
  console.log(failure.shrunk.length <= failure.choices.length); // true
}
