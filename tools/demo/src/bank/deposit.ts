import type { Mutex } from '@sched/core';
import type { BalanceCache } from './balance-cache.js';

/** Reports what a request saw and did (the demo turns these into timeline notes). */
export type Observer = (note: string) => void;

/**
 * The planted race: read the balance, then write balance + amount, with I/O in between.
 * Two concurrent deposits can both read the old balance, and one update is lost.
 */
export async function deposit(cache: BalanceCache, account: string, amount: number, observe: Observer): Promise<void> {
  const balance = await cache.get(account);
  observe(`read ${balance}`);
  await cache.set(account, balance + amount);
  observe(`wrote ${balance + amount}`);
}

/** The fix: the same read-modify-write, holding a per-account lock. */
export async function depositLocked(
  lock: Mutex,
  cache: BalanceCache,
  account: string,
  amount: number,
  observe: Observer,
): Promise<void> {
  await lock.runExclusive(() => deposit(cache, account, amount, observe));
}
