import { Completion } from './completion.js';
import { checkDelay } from './delay.js';
import { TimerCancelledError } from './errors/timer-cancelled-error.js';
import { CallRunnable } from './runnable.js';
import type { Scheduler, Timer, TimerHandle } from './scheduler.js';
import { TIMER_INFO } from './task/host-info.js';

/**
 * A {@link Timer} built only on `Scheduler.dispatchAfter`. Hosts whose `timer()` has nothing
 * special to add return one of these (see {@link createTimer}).
 */
class DispatchedTimer implements Timer {
  readonly deadline: number;
  readonly #completion: Completion<void>;
  readonly #handle: TimerHandle | undefined;
  readonly #signal: AbortSignal | undefined;
  readonly #onAbort: (() => void) | undefined;

  constructor(scheduler: Scheduler, delayMs: number, signal: AbortSignal | undefined) {
    checkDelay(delayMs);
    this.deadline = scheduler.now() + delayMs;
    this.#completion = new Completion<void>(scheduler);
    this.#signal = signal;
    if (signal?.aborted) {
      this.#completion.reject(signal.reason);
      return;
    }
    this.#handle = scheduler.dispatchAfter(delayMs, new CallRunnable(TIMER_INFO, () => this.#fire(), 'timer'));
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

  cancel(): boolean {
    return this.#stop(new TimerCancelledError());
  }

  #fire(): void {
    this.#detachSignal();
    this.#completion.resolve();
  }

  #stop(reason: unknown): boolean {
    if (this.#completion.isSettled) return false;
    this.#handle?.cancel();
    this.#detachSignal();
    this.#completion.reject(reason);
    return true;
  }

  #detachSignal(): void {
    if (this.#onAbort !== undefined) this.#signal?.removeEventListener('abort', this.#onAbort);
  }
}

/**
 * Creates an awaitable, cancellable timer on any scheduler, using only `dispatchAfter`.
 * Throws `InvalidArgumentError` for a bad delay.
 */
export function createTimer(scheduler: Scheduler, delayMs: number, signal?: AbortSignal): Timer {
  return new DispatchedTimer(scheduler, delayMs, signal);
}
