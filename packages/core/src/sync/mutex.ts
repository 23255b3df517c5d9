import { Completion } from '../control/completion.js';
import { probeOf } from '../control/control.js';
import type { Scheduler } from '../scheduler.js';
import { abortable } from './abortable-wait.js';
import { checkScheduler } from './check-scheduler.js';

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
 * import { Mutex, spawn } from '@sched/core';
 * import { threadScheduler } from '@sched/runtime-node';
 *
 * const scheduler = threadScheduler();
 * let balance = 0;
 * const read = async (): Promise<number> => { await scheduler.timer(1); return balance; };
 *
 * const mutex = new Mutex(scheduler);
 * await mutex.runExclusive(async () => { balance = (await read()) + 1; });
 * // Without the mutex, concurrent read-then-write updates would overwrite each other.
 * const deposit = () => spawn(scheduler, () => mutex.runExclusive(async () => { balance = (await read()) + 1; }));
 * await Promise.all([deposit(), deposit(), deposit()]);
 * console.log(balance); // 4
 * ```
 */
export class Mutex {
  readonly #scheduler: Scheduler;
  readonly #waiters: Completion<MutexGuard>[] = [];
  #locked = false;

  constructor(scheduler: Scheduler) {
    checkScheduler(scheduler, 'new Mutex(scheduler)');
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

  /**
   * Acquires the lock, waiting in FIFO order if it is held. If `signal` aborts while it waits,
   * the waiter leaves the queue (the lock is never handed to it) and the call rejects with the
   * signal's reason.
   */
  lock(signal?: AbortSignal): PromiseLike<MutexGuard> {
    probeOf(this.#scheduler)?.access?.(this, 'read');
    const acquired = new Completion<MutexGuard>(this.#scheduler);
    if (signal?.aborted) acquired.reject(signal.reason);
    else if (this.#locked) {
      this.#waiters.push(acquired);
      abortable(acquired, signal, () => {
        const index = this.#waiters.indexOf(acquired);
        if (index >= 0) this.#waiters.splice(index, 1);
        return index >= 0;
      });
    } else {
      this.#locked = true;
      acquired.resolve(this.#guard());
    }
    return acquired;
  }

  /** Acquires the lock if it is free, without waiting. */
  tryLock(): MutexGuard | undefined {
    probeOf(this.#scheduler)?.access?.(this, 'read');
    if (this.#locked) return undefined;
    this.#locked = true;
    return this.#guard();
  }

  /** Runs `fn` while holding the lock, releasing it however `fn` ends. `signal` cancels the wait. */
  async runExclusive<R>(fn: () => R | PromiseLike<R>, signal?: AbortSignal): Promise<R> {
    const guard = await this.lock(signal);
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
        probeOf(this.#scheduler)?.access?.(this, 'write');
        const next = this.#waiters.shift();
        if (next === undefined) this.#locked = false;
        else next.resolve(this.#guard());
      },
    };
  }
}
