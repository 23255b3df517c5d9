import { isMainThread } from 'node:worker_threads';
import { type ErrorReporter, InvalidArgumentError, type Runnable, reportError, type Scheduler } from '@sched/core';
import { callReporter, checkDelay, LaneQueues, SliceBudget, slotOf } from '@sched/core/host';
import { type Clock, monotonicClock } from './clock.js';
import { NodeTimer } from './timers/node-timer.js';
import type { NodeTimerHandle } from './timers/node-timer-handle.js';
import { TimerQueue } from './timers/timer-queue.js';

/** Options of {@link NodeScheduler}. Every field is optional. */
export interface NodeSchedulerOptions {
  /** Time source for `now()`, timer deadlines and slice budgets. Default: `performance.now()`. */
  readonly clock?: Clock | undefined;
  /**
   * Milliseconds of queued work run before yielding to the event loop (default 5, like React's
   * scheduler). Smaller values favour I/O latency, larger ones throughput.
   */
  readonly sliceMs?: number | undefined;
  /**
   * Whether new timers keep the process alive (default true, like `setTimeout`): while a ref'd
   * timer is pending, the process waits for it. `false` makes every new timer start unref'd
   * (the process may exit before they fire), for a scheduler that only runs housekeeping. Each
   * handle can still be changed with `ref()` / `unref()`.
   */
  readonly refTimers?: boolean | undefined;
  /**
   * Receives an exception thrown by a Runnable's `run()` (task bodies never throw there: their
   * errors go to awaiters). Default: core's installed error reporter.
   */
  readonly onError?: ErrorReporter | undefined;
}

/** Upper bound on the number of Runnables run between two clock reads. */
const MAX_STRIDE = 64;
const RESOLVED: Promise<void> = Promise.resolve();

/**
 * The production {@link Scheduler} for Node.js: priority lanes drained on the event loop, and one
 * libuv timer in front of a heap of timer lists.
 *
 * When to use: the host for every @sched task in a Node process (and inside each worker thread of
 * a `WorkerPool`). Usually you want the shared instance from {@link threadScheduler}; create your
 * own to inject a clock or change the slice budget.
 *
 * Details:
 * - Lanes: six FIFO rings, one per (priority, lane). The most urgent non-empty ring runs first:
 *   `user-blocking` before `normal` before `background`, foreground before background at the same
 *   priority, FIFO among equals. Both lanes run on this thread; CPU-parallel work goes to a
 *   `WorkerPool`.
 * - Draining: a dispatch onto idle lanes queues one drain as a microtask, which runs many
 *   Runnables in a row. A slice starts with the first drain of an event-loop turn; once `sliceMs`
 *   of work has run in it, the drain stops and continues from `setImmediate`, so timers and I/O
 *   get their turn (a `setImmediate` marker tells when a turn has passed). `setImmediate` (not
 *   `MessageChannel`) is used because it never keeps an idle process alive (react #20756).
 * - Timers: `dispatchAfter` and `timer` share one native timer armed for the earliest deadline,
 *   in front of a {@link TimerQueue}: O(1) append for a delay already in use (O(log n) for a new
 *   one), O(1) amortized cancel, equal deadlines fire FIFO, deadlines rounded up to whole
 *   milliseconds (never early). Due timers run from the native timer's callback, like `setTimeout`
 *   callbacks: every timer due when it fires, back to back in (deadline, creation) order whatever
 *   their lane or priority; one created meanwhile waits for a later callback. Unlike two
 *   `setTimeout` callbacks, two timers of one batch have no `process.nextTick` or microtask run
 *   between them (those run after the batch, as after a lane drain): a boundary per timer costs
 *   more than the whole native timer (see docs/benchmarks.md).
 * - Process lifetime: an idle scheduler holds nothing open. A pending timer keeps the process
 *   alive, like `setTimeout`, so a program whose last act is `await ctx.sleep(50)` waits for it;
 *   `unref()` on a timer (or `refTimers: false` for all of them) lets the process exit first.
 * - No control probe is attached: core primitives resolve natively, at native promise speed.
 *
 * Gotchas: the clock is read every few Runnables (adaptively, at most every 64), so one slice can
 * overrun `sliceMs` by the time of those few Runnables. A Runnable that blocks for 100 ms blocks
 * the thread for 100 ms: slices only bound how much queued work runs back to back.
 *
 * @example
 * ```ts
 * import { spawn } from '@sched/core';
 * import { NodeScheduler } from '@sched/runtime-node';
 *
 * const scheduler = new NodeScheduler({ sliceMs: 4 });
 * const answer = await spawn(scheduler, async (ctx) => {
 *   await ctx.sleep(10); // a pending timer keeps the process alive, like setTimeout
 *   return 42;
 * });
 * console.log(answer); // 42
 * ```
 */
export class NodeScheduler implements Scheduler {
  readonly #queues = new LaneQueues();
  readonly #timers: TimerQueue;
  readonly #clock: Clock;
  readonly #refTimers: boolean;
  readonly #onError: ErrorReporter;
  readonly #mainThread: boolean = isMainThread;
  /** A drain is queued or running: dispatches need not queue another. */
  #scheduled = false;
  /**
   * A slice is open: `#budget` was started for it, and a `setImmediate` marker will close it at
   * the next event-loop turn. Every drain until then spends from the same budget.
   */
  #sliceOpen = false;
  /** The open slice is used up: until it closes, drains start from `setImmediate`. */
  #mustYield = false;
  readonly #budget: SliceBudget;
  readonly #closeSlice: () => void;
  readonly #drainMicro: () => void;
  readonly #drainMacro: () => void;
  readonly #scheduleTimer: (delayMs: number, fire: Runnable) => NodeTimerHandle;

  constructor(options: NodeSchedulerOptions = {}) {
    this.#clock = options.clock ?? monotonicClock;
    const sliceMs = options.sliceMs ?? 5;
    if (typeof sliceMs !== 'number' || !(sliceMs > 0) || !Number.isFinite(sliceMs)) {
      throw new InvalidArgumentError('sliceMs', sliceMs, 'a finite number of milliseconds > 0');
    }
    this.#budget = new SliceBudget(this.#clock, sliceMs, MAX_STRIDE);
    this.#refTimers = options.refTimers ?? true;
    this.#onError = options.onError ?? reportError;
    this.#timers = new TimerQueue(this.#clock, (runnable) => this.#runTimer(runnable));
    this.#drainMicro = () => this.#drain(false);
    this.#drainMacro = () => this.#drain(true);
    this.#closeSlice = () => {
      this.#sliceOpen = false;
      this.#mustYield = false;
    };
    this.#scheduleTimer = (delayMs, fire) => this.#timers.schedule(delayMs, fire, this.#refTimers);
  }

  /** Queues `runnable` on the foreground lane at its task's priority. */
  dispatchForeground(runnable: Runnable): void {
    this.#queues.push(slotOf(runnable.task.priority, 'foreground'), runnable);
    if (!this.#scheduled) this.#schedule();
  }

  /** Queues `runnable` on the background lane at its task's priority. */
  dispatchBackground(runnable: Runnable): void {
    this.#queues.push(slotOf(runnable.task.priority, 'background'), runnable);
    if (!this.#scheduled) this.#schedule();
  }

  /**
   * Runs `runnable` once `delayMs` has passed, from the timer callback (see the class notes). Returns a handle to cancel it
   * or to `unref()` it (it keeps the process alive until it fires, unless `refTimers: false`). Throws `InvalidArgumentError` for a negative, NaN or infinite delay.
   */
  dispatchAfter(delayMs: number, runnable: Runnable): NodeTimerHandle {
    checkDelay(delayMs);
    return this.#timers.schedule(delayMs, runnable, this.#refTimers);
  }

  /**
   * An awaitable timer. Aborting `signal` (or `cancel()`) rejects it and releases its slot.
   * Throws `InvalidArgumentError` for a bad delay.
   */
  timer(delayMs: number, signal?: AbortSignal): NodeTimer {
    checkDelay(delayMs);
    return new NodeTimer(this, this.#scheduleTimer, delayMs, signal);
  }

  /** Milliseconds on this scheduler's clock. */
  now(): number {
    return this.#clock.now();
  }

  /** True on Node's main thread, false inside worker threads. */
  isMainThread(): boolean {
    return this.#mainThread;
  }

  /** Number of Runnables queued and not yet run. */
  get pendingRunnables(): number {
    return this.#queues.length;
  }

  /** Number of pending timers (`dispatchAfter` and `timer`). */
  get pendingTimers(): number {
    return this.#timers.size;
  }

  /** Number of pending timers that keep the process alive. */
  get refedTimers(): number {
    return this.#timers.refCount;
  }

  /** Cancels every pending timer (their Runnables never run). Queued Runnables still run. */
  clearTimers(): void {
    this.#timers.clear();
  }

  /** Runs a due timer's Runnable from the timer callback, as Node runs a `setTimeout` callback. */
  #runTimer(runnable: Runnable): void {
    try {
      runnable.run();
    } catch (error) {
      this.#report(error, runnable);
    }
  }

  #schedule(): void {
    this.#scheduled = true;
    if (this.#mustYield) setImmediate(this.#drainMacro);
    // A promise job, not queueMicrotask: the same queue and order, but Node wraps every
    // queueMicrotask callback for async_hooks (a resource object and context push/pop per call),
    // which was about a sixth of a sequential spawn + run + await here (node --cpu-prof).
    else void RESOLVED.then(this.#drainMicro);
  }

  #drain(fromEventLoop: boolean): void {
    if (fromEventLoop) {
      // A fresh event-loop turn: a fresh slice.
      this.#mustYield = false;
      this.#openSlice();
    } else if (!this.#sliceOpen) {
      this.#openSlice();
    }
    const queues = this.#queues;
    for (let runnable = queues.shift(); runnable !== undefined; runnable = queues.shift()) {
      try {
        runnable.run();
      } catch (error) {
        this.#report(error, runnable);
      }
      if (this.#budget.spend()) {
        this.#mustYield = true;
        if (queues.length > 0) setImmediate(this.#drainMacro);
        else this.#scheduled = false;
        return;
      }
    }
    this.#scheduled = false;
  }

  #openSlice(): void {
    this.#budget.start();
    if (!this.#sliceOpen) {
      this.#sliceOpen = true;
      setImmediate(this.#closeSlice);
    }
  }

  #report(error: unknown, runnable: Runnable): void {
    callReporter(this.#onError, error, runnable.task);
  }
}
