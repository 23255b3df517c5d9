import { type Scheduler, spawn } from '@sched/core';
import { threadScheduler } from '@sched/runtime-node';
import { many } from '@sched/sim';

// 1. Application code depends only on the Scheduler interface.
export async function withdraw(scheduler: Scheduler, accounts: Map<string, number>, amount: number): Promise<void> {
  const balance = accounts.get('alice') ?? 0;
  await scheduler.timer(1); // a round trip to the database: other tasks may run here
  accounts.set('alice', balance - amount);
}

// 2. In production it runs on a real host.
export async function production(): Promise<number | undefined> {
  const accounts = new Map([['alice', 100]]);
  await spawn(threadScheduler(), () => withdraw(threadScheduler(), accounts, 30));
  return accounts.get('alice'); // 70
}

// 3. In tests the very same code runs on the simulator, over many interleavings.
export function findTheRace(): Promise<unknown> {
  return many(100, async (sim) => {
    const accounts = new Map([['alice', 100]]);
    const a = sim.spawn(() => withdraw(sim, accounts, 30));
    const b = sim.spawn(() => withdraw(sim, accounts, 50));
    await sim.runUntilIdle();
    await a;
    await b;
    if (accounts.get('alice') !== 20) throw new Error(`lost update: alice has ${accounts.get('alice')}`);
  });
  // Prints "Failing seed: 0", the command that replays it and the last steps, then rejects.
}
