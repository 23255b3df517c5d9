import type { Simulator } from '@sched/sim';
import { simulatedClients } from './simulated-clients.js';
import { getUser, getUserLeased, renameUser } from './user-service.js';

/** Thrown when the cache holds a user that the database no longer has. */
export class StaleCacheError extends Error {
  constructor(cached: string, stored: string) {
    super(`the cache serves "${cached}" but the database has "${stored}"`);
    this.name = 'StaleCacheError';
  }
}

/**
 * A page view reads user 1 while an admin's rename arrives at an uncertain moment (0–10 ms). Afterwards the cache must be empty or
 * agree with the database. Both requests are plain spawns: no lane option, default simulator
 * options; `fixed` reads through the lease-based twin.
 */
export async function staleCacheScenario(sim: Simulator, fixed = false): Promise<void> {
  const { db, cache, peek } = simulatedClients(sim, [{ id: '1', name: 'Ada' }]);
  const read = fixed ? getUserLeased : getUser;
  const view = sim.spawn(() => read(db, cache, '1'), { label: 'page view' });
  const rename = sim.spawn(
    async (ctx) => {
      await ctx.sleep(sim.delay(0, 10)); // the admin's request arrives some time during the page view
      await renameUser(db, cache, '1', 'Ada Lovelace');
    },
    { label: 'rename' },
  );
  await sim.runUntilIdle();
  await view;
  await rename;
  const { db: stored, cache: cached } = peek('1');
  if (cached !== undefined && cached.name !== stored?.name) throw new StaleCacheError(cached.name, stored?.name ?? '');
}
