import type { Runnable, Scheduler } from '@sched/core';
import { ScheduledTimer } from '@sched/core/host';
import type { NodeTimerHandle } from './node-timer-handle.js';

/**
 * The awaitable timer `NodeScheduler.timer()` (and so `ctx.sleep()`) returns: a {@link Timer}
 * whose `ref()` / `unref()` act on the process, plus `hasRef()`.
 *
 * When to use: `await scheduler.timer(ms, signal)` to sleep; `cancel()` or abort `signal` to stop
 * early (awaiting then rejects with `TimerCancelledError` or the signal's reason).
 *
 * Details: like `setTimeout`, a pending timer keeps the process alive until it fires or is
 * cancelled (unless the scheduler was created with `refTimers: false`). `unref()` lets the
 * process exit while it is pending: a program whose last act is `await timer.unref()` exits
 * without waiting. `ref()` and `unref()` are declared by core's `Timer`, so host-agnostic code
 * (`ctx.sleep(10).unref()`) type-checks; on the simulator they do nothing.
 *
 * @example
 * ```ts
 * import { NodeScheduler } from '@sched/runtime-node';
 *
 * const scheduler = new NodeScheduler();
 * await scheduler.timer(20); // the process waits for it, like setTimeout
 * const housekeeping = scheduler.timer(60_000).unref(); // does not hold the process open
 * console.log('slept', housekeeping.hasRef()); // slept false
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

  /** Keeps the process alive until the timer fires or is cancelled (the default). Returns `this`. */
  override ref(): this {
    this.handle?.ref();
    return this;
  }

  /** Lets the process exit while the timer is pending. Returns `this`. */
  override unref(): this {
    this.handle?.unref();
    return this;
  }

  /** True while the timer is pending and keeps the process alive. */
  hasRef(): boolean {
    return this.handle?.hasRef() ?? false;
  }
}
