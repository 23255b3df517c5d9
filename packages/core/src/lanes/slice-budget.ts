/** What a {@link SliceBudget} reads: any monotonic source of milliseconds. */
export interface SliceClock {
  now(): number;
}

/**
 * The time budget of one slice of queued work, checked cheaply: the clock is read only every
 * `stride` Runnables, and the stride adapts to how long Runnables take.
 *
 * When to use: a host scheduler's drain loop (`NodeScheduler`, `BrowserScheduler`): `start()` when
 * a slice begins, then `spend()` after each Runnable; stop draining when it returns true.
 *
 * Details: after each clock read, if less than 1/32 of the budget passed since the previous read,
 * the stride doubles (up to `maxStride`); if more than 1/8 passed, it is divided by four (down to
 * 1). Short Runnables thus cost one counter decrement each, and a slow one is noticed within a few.
 *
 * Gotchas: a slice can overrun the budget by the time of up to `stride` Runnables.
 *
 * @example
 * ```ts
 * import { SliceBudget } from '@sched/core/host';
 *
 * let t = 0;
 * const budget = new SliceBudget({ now: () => t }, 5, 64);
 * budget.start();
 * let ran = 0;
 * do {
 *   t += 0.5; // a Runnable that takes 0.5 ms
 *   ran++;
 * } while (!budget.spend());
 * console.log(ran); // 10
 * ```
 */
export class SliceBudget {
  readonly #clock: SliceClock;
  readonly #budgetMs: number;
  readonly #maxStride: number;
  #start = Number.NEGATIVE_INFINITY;
  #lastCheck = 0;
  #stride = 1;
  #untilCheck = 1;

  /** `budgetMs`: milliseconds per slice (checked by the host); `maxStride`: most Runnables between reads. */
  constructor(clock: SliceClock, budgetMs: number, maxStride: number) {
    this.#clock = clock;
    this.#budgetMs = budgetMs;
    this.#maxStride = maxStride;
  }

  /** Starts a slice now. */
  start(): void {
    this.#start = this.#lastCheck = this.#clock.now();
  }

  /** Counts one Runnable run; true when the slice is used up (the clock was read and says so). */
  spend(): boolean {
    return --this.#untilCheck === 0 && this.#check();
  }

  /** Reads the clock now: true when the slice that started last is used up. */
  isOver(): boolean {
    return this.#clock.now() - this.#start >= this.#budgetMs;
  }

  #check(): boolean {
    const now = this.#clock.now();
    const window = now - this.#lastCheck;
    this.#lastCheck = now;
    if (window < this.#budgetMs / 32) {
      if (this.#stride < this.#maxStride) this.#stride *= 2;
    } else if (window > this.#budgetMs / 8) {
      this.#stride = Math.max(1, this.#stride >> 2);
    }
    this.#untilCheck = this.#stride;
    return now - this.#start >= this.#budgetMs;
  }
}
