import type { Latency, Simulator } from '@sched/sim';
import { simulateIo } from '@sched/sim';
import type { User, UserCache, UserDb } from './user-service.js';

/** Round-trip latencies of the stubs, in virtual ms: each call draws one from its range. */
export const LATENCY = { db: [2, 12], cache: [1, 4] } as const satisfies Record<string, Latency>;

/**
 * In-memory stubs of the database and the cache, wrapped with `simulateIo`: each call takes effect
 * when it is made and completes after a latency the simulator picks, so the code under test sees
 * every order of overlapping round trips across seeds.
 */
export function simulatedClients(
  sim: Simulator,
  rows: readonly User[],
): { readonly db: UserDb; readonly cache: UserCache; readonly peek: (id: string) => { db?: User; cache?: User } } {
  const table = new Map(rows.map((user) => [user.id, user]));
  const entries = new Map<string, User>();
  const leases = new Map<string, number>();
  let nextLease = 1;

  const db: UserDb = {
    query: simulateIo(sim, async (id: string) => table.get(id), { latency: LATENCY.db, label: 'db.query' }),
    update: simulateIo(
      sim,
      async (id: string, name: string) => {
        table.set(id, { id, name });
      },
      { latency: LATENCY.db, label: 'db.update' },
    ),
  };
  const cache: UserCache = {
    get: simulateIo(sim, async (id: string) => entries.get(id), { latency: LATENCY.cache, label: 'cache.get' }),
    set: simulateIo(
      sim,
      async (id: string, user: User) => {
        entries.set(id, user);
      },
      { latency: LATENCY.cache, label: 'cache.set' },
    ),
    del: simulateIo(
      sim,
      async (id: string) => {
        entries.delete(id);
        leases.delete(id); // a delete revokes outstanding leases
      },
      { latency: LATENCY.cache, label: 'cache.del' },
    ),
    getOrLease: simulateIo(
      sim,
      async (id: string): Promise<{ hit: User } | { lease: number }> => {
        const hit = entries.get(id);
        if (hit !== undefined) return { hit };
        const lease = nextLease++;
        leases.set(id, lease);
        return { lease };
      },
      { latency: LATENCY.cache, label: 'cache.getOrLease' },
    ),
    setWithLease: simulateIo(
      sim,
      async (id: string, user: User, lease: number) => {
        if (leases.get(id) !== lease) return false;
        leases.delete(id);
        entries.set(id, user);
        return true;
      },
      { latency: LATENCY.cache, label: 'cache.setWithLease' },
    ),
  };
  const peek = (id: string): { db?: User; cache?: User } => {
    const result: { db?: User; cache?: User } = {};
    const row = table.get(id);
    const entry = entries.get(id);
    if (row !== undefined) result.db = row;
    if (entry !== undefined) result.cache = entry;
    return result;
  };
  return { db, cache, peek };
}
