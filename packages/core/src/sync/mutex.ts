import { Completion } from '../completion.js';
import type { Scheduler } from '../scheduler.js';

/** Proof of holding a {@link Mutex}. `release()` is idempotent. */
export interface MutexGuard {
  /** Releases the lock (a second call does nothing). */
  release(): void;
}

/**
 * An async mutual-exclusion lock, FIFO among waiters, whose hand-over goes through the
 * scheduler: under the simulator, acquiring is an interleaving point.
 *
 * @example
 * ```ts
 * const mutex = new Mutex(scheduler);
 * await mutex.runExclusive(async () => { balance = (await read()) + 1; });
 * ```
 */
export class Mutex {
  readonly #scheduler: Scheduler;
  readonly #waiters: Completion<MutexGuard>[] = [];
  #locked = false;

  constructor(scheduler: Scheduler) {
    this.#scheduler = scheduler;
  }

  /** True while held. */
  get isLocked(): boolean {
    return this.#locked;
  }

  /** Number of tasks waiting to acquire. */
  get waiting(): number {
    return this.#waiters.length;
  }

  /** Acquires the lock, waiting in FIFO order if it is held. */
  lock(): PromiseLike<MutexGuard> {
    const acquired = new Completion<MutexGuard>(this.#scheduler);
    if (this.#locked) this.#waiters.push(acquired);
    else {
      this.#locked = true;
      acquired.resolve(this.#guard());
    }
    return acquired;
  }

  /** Acquires the lock if it is free, without waiting. */
  tryLock(): MutexGuard | undefined {
    if (this.#locked) return undefined;
    this.#locked = true;
    return this.#guard();
  }

  /** Runs `fn` while holding the lock, releasing it however `fn` ends. */
  async runExclusive<R>(fn: () => R | PromiseLike<R>): Promise<R> {
    const guard = await this.lock();
    try {
      return await fn();
    } finally {
      guard.release();
    }
  }

  #guard(): MutexGuard {
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        const next = this.#waiters.shift();
        if (next === undefined) this.#locked = false;
        else next.resolve(this.#guard());
      },
    };
  }
}
