import type { Runnable } from './runnable.js';

/**
 * The object-safe scheduler interface. Every host (Node, browser, Workers, the simulator)
 * implements exactly this, and nothing built on it needs to know which host it has.
 * There are no generic methods: generic spawning lives in free functions (`spawn`, …) that
 * only call these.
 *
 * Ordering contract: within a lane, lower priority rank runs first; equal priorities run FIFO.
 * The simulator may reorder background work, and foreground work across sessions, on purpose.
 */
export interface Scheduler {
  /** Queue a Runnable on the main thread / foreground lane. */
  dispatchForeground(runnable: Runnable): void;
  /** Queue a Runnable on the background lane; its priority and label come from `runnable.task`. */
  dispatchBackground(runnable: Runnable): void;
  /**
   * Run `runnable` once `delayMs` milliseconds have passed on this scheduler's clock. Where it
   * runs is the host's choice: Node runs due timers straight from its timer callback, in
   * (deadline, creation) order, as `setTimeout` does; the browser and Workers hosts queue them on their
   * task's lane; the simulator makes each due timer a candidate of its next pick. Throws
   * `InvalidArgumentError` for negative, NaN or infinite delays.
   */
  dispatchAfter(delayMs: number, runnable: Runnable): TimerHandle;
  /**
   * An awaitable timer that resolves after `delayMs`. Aborting `signal` (or calling `cancel()`)
   * rejects it with the signal's reason and releases the host timer.
   */
  timer(delayMs: number, signal?: AbortSignal): Timer;
  /** Milliseconds on this scheduler's clock (virtual in the simulator). */
  now(): number;
  /** True on the thread that runs foreground work. */
  isMainThread(): boolean;
}

/**
 * A handle to a delayed dispatch. Hosts whose timers can keep a process alive (Node) add
 * `ref()` / `unref()`; core's {@link Timer} forwards to them when present.
 */
export interface TimerHandle {
  /** Cancels the dispatch. Returns true if it had not fired yet. */
  cancel(): boolean;
  /** Optional: makes the pending dispatch keep the process alive (hosts with a process only). */
  ref?(): unknown;
  /** Optional: lets the process exit while the dispatch is pending (hosts with a process only). */
  unref?(): unknown;
}

/**
 * An awaitable, cancellable timer.
 *
 * `ref()` and `unref()` are part of the type on every host, so host-agnostic code can write
 * `await ctx.sleep(10).unref()`. Where a host has a process to keep alive (Node), a pending timer
 * keeps it alive by default, like `setTimeout`, and `unref()` opts out. Elsewhere (the simulator,
 * hosts without a process) both are no-ops. Both return the timer itself, so they chain before
 * `await`.
 */
export interface Timer extends PromiseLike<void>, TimerHandle {
  /** Clock reading at which the timer fires. */
  readonly deadline: number;
  /**
   * Keeps the process alive until the timer fires or is cancelled (the default on Node). A no-op
   * on hosts without a process to keep alive. Returns `this`.
   */
  ref(): this;
  /**
   * Lets the process exit while the timer is pending (if nothing else keeps the process alive,
   * the timer then never fires). A no-op on hosts without a process to keep alive. Returns `this`.
   */
  unref(): this;
}
