import type { Scheduler } from '@sched/core';

/**
 * A slow key-value "database": every read and write takes a little I/O time, which is exactly
 * where concurrent requests can interleave. Time comes from the scheduler, so under the
 * simulator it is virtual (and jittered by the seed).
 */
export class Database {
  readonly #scheduler: Scheduler;
  readonly #rows = new Map<string, number>();

  constructor(scheduler: Scheduler, rows: Record<string, number>) {
    this.#scheduler = scheduler;
    for (const [key, value] of Object.entries(rows)) this.#rows.set(key, value);
  }

  async read(key: string, signal?: AbortSignal): Promise<number> {
    await this.#scheduler.timer(2, signal);
    return this.#rows.get(key) ?? 0;
  }

  async write(key: string, value: number, signal?: AbortSignal): Promise<void> {
    await this.#scheduler.timer(1, signal);
    this.#rows.set(key, value);
  }

  /** Reads without I/O, for assertions. */
  peek(key: string): number | undefined {
    return this.#rows.get(key);
  }
}
