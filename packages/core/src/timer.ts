import { Completion } from './control/completion.js';
import { checkDelay } from './delay.js';
import { TimerCancelledError } from './errors/timer-cancelled-error.js';
import { CallRunnable, type Runnable } from './runnable.js';
import type { Scheduler, Timer, TimerHandle } from './scheduler.js';
import { TIMER_INFO } from './task/host-info.js';

/**
 * Core-internal (not exported from the package): stops `timer` as an abort of its signal would,
 * rejecting it with `reason`; false if it had already settled. A task cancels its `ctx.sleep`
 * timers with it (see `Task.cancel`), so a sleep needs no AbortSignal listener.
 */
export let abortTimer: (timer: ScheduledTimer, reason: unknown) => boolean;
/** Core-internal: whether `timer` fired, was cancelled or was aborted. */
export let timerSettled: (timer: ScheduledTimer) => boolean;

/**
 * An awaitable, cancellable {@link Timer} on top of a delayed dispatch.
 *
 * When to use: hosts return one from `Scheduler.timer()`. By default it schedules through
 * `scheduler.dispatchAfter`; a host can pass its own `schedule` function and subclass this to
 * expose more of its handle (Node's timers add `hasRef()` this way). `ref()` / `unref()` forward
 * to the handle's methods of the same name when it has them, and do nothing otherwise.
 *
 * Details: the timer fires through a `timer` Runnable that resolves a Completion, so under the
 * simulator the wake-up of whoever awaits it is a step like any other. Aborting `signal` or
 * calling `cancel()` releases the host timer and rejects awaiters (with the signal's reason, or
 * a `TimerCancelledError`). If the handle reports a `deadline` (rounded, or jittered, by the
 * host), that is the timer's deadline.
 */
export class ScheduledTimer<H extends TimerHandle = TimerHandle> implements Timer {
  /** Clock reading at which the timer fires. */
  readonly deadline: number;
  /** The host's handle for the delayed dispatch (undefined if the signal was already aborted). */
  protected readonly handle: H | undefined;
  readonly #completion: Completion<void>;
  readonly #signal: AbortSignal | undefined;
  readonly #onAbort: (() => void) | undefined;

  static {
    abortTimer = (timer, reason) => timer.#stop(reason);
    timerSettled = (timer) => timer.#completion.isSettled;
  }

  constructor(
    scheduler: Scheduler,
    delayMs: number,
    signal?: AbortSignal,
    schedule?: (delayMs: number, fire: Runnable) => H,
  ) {
    checkDelay(delayMs);
    this.#completion = new Completion<void>(scheduler);
    this.#signal = signal;
    if (signal?.aborted) {
      this.deadline = scheduler.now() + delayMs;
      this.#completion.reject(signal.reason);
      return;
    }
    const fire = new CallRunnable(TIMER_INFO, () => this.#fire(), 'timer');
    this.handle = schedule === undefined ? (scheduler.dispatchAfter(delayMs, fire) as H) : schedule(delayMs, fire);
    const reported = (this.handle as { deadline?: unknown }).deadline;
    this.deadline = typeof reported === 'number' ? reported : scheduler.now() + delayMs;
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

  /**
   * Keeps the process alive while the timer is pending, where the host's handle can (Node);
   * otherwise a no-op. Returns `this`.
   */
  ref(): this {
    this.handle?.ref?.();
    return this;
  }

  /**
   * Lets the process exit while the timer is pending, where the host's handle can (Node);
   * otherwise a no-op. Returns `this`.
   */
  unref(): this {
    this.handle?.unref?.();
    return this;
  }

  /** Cancels the timer. Returns true if it had not fired yet; awaiting then rejects. */
  cancel(): boolean {
    return this.#stop(new TimerCancelledError());
  }

  #fire(): void {
    this.#detachSignal();
    this.#completion.resolve();
  }

  #stop(reason: unknown): boolean {
    if (this.#completion.isSettled) return false;
    this.handle?.cancel();
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
  return new ScheduledTimer(scheduler, delayMs, signal);
}
