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
   * Run `runnable` (on its task's lane) once `delayMs` milliseconds have passed on this
   * scheduler's clock. Throws `InvalidArgumentError` for negative, NaN or infinite delays.
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

/** A handle to a delayed dispatch. */
export interface TimerHandle {
  /** Cancels the dispatch. Returns true if it had not fired yet. */
  cancel(): boolean;
}

/** An awaitable, cancellable timer. */
export interface Timer extends PromiseLike<void>, TimerHandle {
  /** Clock reading at which the timer fires. */
  readonly deadline: number;
}
