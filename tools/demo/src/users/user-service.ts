/**
 * "Real code": a cache-aside user service written in plain promise style against injected
 * clients. It imports nothing from @sched: in production the clients are a database driver
 * and a memcached/redis client; in tests they are stubs wrapped with `simulateIo`.
 */

export interface User {
  readonly id: string;
  readonly name: string;
}

/** The database client the service needs. */
export interface UserDb {
  query(id: string): Promise<User | undefined>;
  update(id: string, name: string): Promise<void>;
}

/** A cache with memcached-style leases: a miss hands out a token that a later delete revokes. */
export interface UserCache {
  get(id: string): Promise<User | undefined>;
  set(id: string, user: User): Promise<void>;
  del(id: string): Promise<void>;
  /** A hit, or a lease token for filling the missing entry. */
  getOrLease(id: string): Promise<{ readonly hit: User } | { readonly lease: number }>;
  /** Fills the entry only if `lease` is still valid (no delete since it was handed out). */
  setWithLease(id: string, user: User, lease: number): Promise<boolean>;
}

/**
 * Cache-aside read. The race: read the old row, a rename updates the database and deletes the
 * cache entry, then this read fills the cache with the old row, which stays stale.
 */
export async function getUser(db: UserDb, cache: UserCache, id: string): Promise<User | undefined> {
  const cached = await cache.get(id);
  if (cached !== undefined) return cached;
  const user = await db.query(id);
  if (user !== undefined) await cache.set(id, user);
  return user;
}

/** Write to the database, then invalidate the cache. */
export async function renameUser(db: UserDb, cache: UserCache, id: string, name: string): Promise<void> {
  await db.update(id, name);
  await cache.del(id);
}

/** The fixed twin: fills the cache under a lease, so a fill that raced with a delete is dropped. */
export async function getUserLeased(db: UserDb, cache: UserCache, id: string): Promise<User | undefined> {
  const entry = await cache.getOrLease(id);
  if ('hit' in entry) return entry.hit;
  const user = await db.query(id);
  if (user !== undefined) await cache.setWithLease(id, user, entry.lease);
  return user;
}
