import type { Runnable, Scheduler } from '@sched/core';
import { ScheduledTimer } from '@sched/core/host';
import type { NodeTimerHandle } from './node-timer-handle.js';

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
export class NodeTimer extends ScheduledTimer<NodeTimerHandle> {
  /** @internal Use `NodeScheduler.timer()`. */
  constructor(
    scheduler: Scheduler,
    schedule: (delayMs: number, fire: Runnable) => NodeTimerHandle,
    delayMs: number,
    signal: AbortSignal | undefined,
  ) {
    super(scheduler, delayMs, signal, schedule);
  }

  /** Keeps the process alive until the timer fires or is cancelled. Returns `this`. */
  ref(): this {
    this.handle?.ref();
    return this;
  }

  /** Lets the process exit while the timer is pending (the default). Returns `this`. */
  unref(): this {
    this.handle?.unref();
    return this;
  }

  /** True while the timer is pending and keeps the process alive. */
  hasRef(): boolean {
    return this.handle?.hasRef() ?? false;
  }
}
