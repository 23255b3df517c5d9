import { CallRunnable, Completion, type Scheduler, TIMER_INFO, type Timer, TimerCancelledError } from '@sched/core';
import type { TimerEntry } from './timer-entry.js';

/**
 * The awaitable timer `NodeScheduler.timer()` returns: a {@link Timer} with `ref()`/`unref()`.
 *
 * When to use: `await scheduler.timer(ms, signal)` to sleep; `cancel()` or abort `signal` to stop
 * early (awaiting then rejects with `TimerCancelledError` or the signal's reason).
 *
 * Gotchas: like every timer of this host it does not keep the process alive unless you call
 * `ref()` (or create the scheduler with `refTimers: true`). Awaiting an unref'ed timer as the last
 * thing a program does lets Node exit before it fires.
 *
 * @example
 * ```ts
 * await scheduler.timer(100).ref(); // keeps the process alive for 100 ms
 * ```
 */
export class NodeTimer implements Timer {
  /** Clock reading at which the timer fires. */
  readonly deadline: number;
  readonly #completion: Completion<void>;
  readonly #entry: TimerEntry | undefined;
  readonly #signal: AbortSignal | undefined;
  readonly #onAbort: (() => void) | undefined;

  /** @internal Use `NodeScheduler.timer()`. */
  constructor(
    scheduler: Scheduler,
    schedule: (delayMs: number, fire: CallRunnable) => TimerEntry,
    delayMs: number,
    signal: AbortSignal | undefined,
  ) {
    this.#completion = new Completion<void>(scheduler);
    this.#signal = signal;
    if (signal?.aborted) {
      this.deadline = scheduler.now() + delayMs;
      this.#completion.reject(signal.reason);
      return;
    }
    const entry = schedule(delayMs, new CallRunnable(TIMER_INFO, () => this.#fire(), 'timer'));
    this.#entry = entry;
    this.deadline = entry.deadline;
    if (signal !== undefined) {
      this.#onAbort = () => this.#stop(signal.reason);
      signal.addEventListener('abort', this.#onAbort, { once: true });
    }
  }

  then<R1 = void, R2 = never>(
    onFulfilled?: ((value: void) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): PromiseLike<R1 | R2> {
    return this.#completion.then(onFulfilled, onRejected);
  }

  /** Cancels the timer. Returns true if it had not fired yet; awaiting then rejects. */
  cancel(): boolean {
    return this.#stop(new TimerCancelledError());
  }

  /** Keeps the process alive until the timer fires or is cancelled. Returns `this`. */
  ref(): this {
    this.#entry?.ref();
    return this;
  }

  /** Lets the process exit while the timer is pending (the default). Returns `this`. */
  unref(): this {
    this.#entry?.unref();
    return this;
  }

  /** True while the timer is pending and keeps the process alive. */
  hasRef(): boolean {
    return this.#entry?.hasRef() ?? false;
  }

  #fire(): void {
    this.#detachSignal();
    this.#completion.resolve();
  }

  #stop(reason: unknown): boolean {
    if (this.#completion.isSettled) return false;
    this.#entry?.cancel();
    this.#detachSignal();
    this.#completion.reject(reason);
    return true;
  }

  #detachSignal(): void {
    if (this.#onAbort !== undefined) this.#signal?.removeEventListener('abort', this.#onAbort);
  }
}
