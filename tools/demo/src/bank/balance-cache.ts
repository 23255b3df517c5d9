import type { Database } from './database.js';

/** A read-through, write-through cache of account balances in front of the database. */
export class BalanceCache {
  readonly #db: Database;
  readonly #cache = new Map<string, number>();

  constructor(db: Database) {
    this.#db = db;
  }

  async get(account: string, signal?: AbortSignal): Promise<number> {
    const cached = this.#cache.get(account);
    if (cached !== undefined) return cached;
    const value = await this.#db.read(account, signal);
    this.#cache.set(account, value);
    return value;
  }

  async set(account: string, value: number, signal?: AbortSignal): Promise<void> {
    await this.#db.write(account, value, signal);
    this.#cache.set(account, value);
  }
}
