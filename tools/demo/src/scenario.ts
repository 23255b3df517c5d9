import { Mutex } from '@sched/core';
import type { Simulator } from '@sched/sim';
import { BalanceCache } from './bank/balance-cache.js';
import { Database } from './bank/database.js';
import { deposit, depositLocked } from './bank/deposit.js';

/** Thrown when the final balance is not the sum of all deposits. */
export class LostUpdateError extends Error {
  constructor(actual: number, expected: number) {
    super(`final balance is ${actual}, expected ${expected}: a deposit was lost`);
    this.name = 'LostUpdateError';
  }
}

/** Simulator settings of the demo: I/O latencies get up to 3 ms of seed-drawn jitter. */
export const DEMO_OPTIONS = { jitterMs: 3, autoAdvance: true } as const;

/**
 * Two requests, each in its own session, deposit into the same account: 50 arrives at t=0,
 * 25 arrives at t=4ms. With `fixed`, deposits hold a per-account lock.
 */
export async function bankScenario(sim: Simulator, fixed = false): Promise<number> {
  const db = new Database(sim, { alice: 100 });
  const cache = new BalanceCache(db);
  const lock = new Mutex(sim);
  const run = fixed ? depositLocked.bind(null, lock) : deposit;
  const observe = (note: string): void => sim.annotate(note);

  const first = sim.session('request 1').spawn(sim, () => run(cache, 'alice', 50, observe), { label: 'deposit 50' });
  const second = sim.session('request 2').spawn(
    sim,
    async (ctx) => {
      await ctx.sleep(4);
      await run(cache, 'alice', 25, observe);
    },
    { label: 'deposit 25' },
  );
  await sim.runUntilIdle();
  await first;
  await second;

  const balance = db.peek('alice') ?? 0;
  if (balance !== 175) throw new LostUpdateError(balance, 175);
  return balance;
}
