import {
  type ErrorReporter,
  InvalidArgumentError,
  type Runnable,
  reportError,
  type Scheduler,
  type TaskPriority,
  type Timer,
} from '@sched/core';
import {
  callReporter,
  checkDelay,
  LaneQueues,
  priorityOfSlot,
  priorityRank,
  ScheduledTimer,
  SliceBudget,
  slotOf,
} from '@sched/core/host';
import { type Clock, performanceClock } from './clock.js';
import type { HostTurns, HostTurnsKind } from './dispatch/host-turns.js';
import { MessageChannelTurns } from './dispatch/message-channel-turns.js';
import { nativePostTask, PostTaskTurns } from './dispatch/post-task-turns.js';
import { onMainThread } from './main-thread.js';
import type { BrowserTimerHandle } from './timers/browser-timer-handle.js';
import { TimerQueue } from './timers/timer-queue.js';
import { yieldToBrowser } from './yield-to-browser.js';

/** Options of {@link BrowserScheduler}. Every field is optional. */
export interface BrowserSchedulerOptions {
  /** Time source for `now()`, timer deadlines and the frame budget. Default: `performance.now()`. */
  readonly clock?: Clock | undefined;
  /**
   * Milliseconds of queued work run in one browser task before yielding to input and rendering
   * (default 5, like React's scheduler).
   */
  readonly frameBudgetMs?: number | undefined;
  /**
   * `'auto'` (default): `scheduler.postTask` where the page has it, else `MessageChannel`.
   * `'MessageChannel'` forces the fallback (what Safari gets).
   */
  readonly dispatch?: 'auto' | HostTurnsKind | undefined;
  /** Receives an exception thrown by a Runnable's `run()`. Default: core's error reporter. */
  readonly onError?: ErrorReporter | undefined;
}

/** Upper bound on the number of Runnables run between two clock reads. */
const MAX_STRIDE = 32;

/**
 * The production {@link Scheduler} for a browser page (or a Web Worker): priority lanes drained
 * in browser tasks from `scheduler.postTask`, or from a `MessageChannel` where postTask is
 * missing, within a frame budget; one native timer in front of every @sched timer.
 *
 * When to use: the host for every @sched task in a page. Usually one per page; create it at
 * start-up and pass it to `spawn`, executors and the compat facades.
 *
 * Details:
 * - Lanes: six FIFO rings, one per (priority, lane): `user-blocking` before `normal` before
 *   `background`, foreground before background at the same priority, FIFO among equals. Both
 *   lanes run on this thread; CPU-heavy work goes to a {@link BrowserWorkerPool}.
 * - Turns: a dispatch onto idle lanes asks the browser for one task, with `scheduler.postTask` at
 *   the matching priority (`user-blocking` → `user-blocking`, `normal` → `user-visible`,
 *   `background` → `background`). Without postTask, a `MessageChannel` message (no 4 ms clamp).
 *   A turn runs queued Runnables back to back until `frameBudgetMs` has passed, then asks for
 *   another turn and returns, so input events and frames get their turn between two slices.
 * - `shouldYield()` tells a long Runnable that the current slice is used up; `yieldNow()` gives the
 *   browser a turn (`scheduler.yield()` where it exists).
 * - Timers: `dispatchAfter` and `timer` share one `setTimeout` armed for the earliest deadline;
 *   equal deadlines fire in creation order; a fired timer's Runnable is queued on its lane.
 * - An idle scheduler holds nothing: no pending turn, no native timer.
 *
 * Gotchas: the clock is read every few Runnables (adaptively, at most every 32), so a slice can
 * overrun the budget by those few Runnables. A Runnable that blocks for 100 ms blocks the page for
 * 100 ms: split it and check `shouldYield()`.
 *
 * @example
 * ```ts
 * import { spawn } from '@sched/core';
 * import { BrowserScheduler } from '@sched/runtime-browser';
 *
 * const scheduler = new BrowserScheduler();
 * const answer = await spawn(scheduler, async (ctx) => {
 *   await ctx.sleep(10);
 *   return 42;
 * });
 * console.log(answer, scheduler.dispatchKind); // 42 postTask
 * ```
 */
export class BrowserScheduler implements Scheduler {
  readonly #queues = new LaneQueues();
  readonly #timers: TimerQueue;
  readonly #clock: Clock;
  readonly #frameBudgetMs: number;
  readonly #onError: ErrorReporter;
  readonly #turns: HostTurns;
  readonly #mainThread = onMainThread();
  /** Turns requested and not yet started, by priority rank. */
  readonly #requested = [0, 0, 0];
  #draining = false;
  readonly #budget: SliceBudget;
  readonly #scheduleTimer: (delayMs: number, fire: Runnable) => BrowserTimerHandle;

  constructor(options: BrowserSchedulerOptions = {}) {
    this.#clock = options.clock ?? performanceClock;
    const budget = options.frameBudgetMs ?? 5;
    if (typeof budget !== 'number' || !(budget > 0) || !Number.isFinite(budget)) {
      throw new InvalidArgumentError('frameBudgetMs', budget, 'a finite number of milliseconds > 0');
    }
    this.#frameBudgetMs = budget;
    this.#budget = new SliceBudget(this.#clock, budget, MAX_STRIDE);
    this.#onError = options.onError ?? reportError;
    const dispatch = options.dispatch ?? 'auto';
    if (dispatch !== 'auto' && dispatch !== 'postTask' && dispatch !== 'MessageChannel') {
      throw new InvalidArgumentError('dispatch', dispatch, "'auto', 'postTask' or 'MessageChannel'");
    }
    const onTurn = (priority: TaskPriority): void => this.#turn(priority);
    const postTask = dispatch === 'MessageChannel' ? undefined : nativePostTask();
    if (postTask !== undefined) this.#turns = new PostTaskTurns(postTask, onTurn);
    else if (dispatch === 'postTask') {
      throw new InvalidArgumentError(
        'dispatch',
        dispatch,
        "'auto' or 'MessageChannel' (this page has no scheduler.postTask)",
      );
    } else this.#turns = new MessageChannelTurns(onTurn);
    this.#timers = new TimerQueue(this.#clock, (runnable) => this.#push(runnable, runnable.task.lane));
    this.#scheduleTimer = (delayMs, fire) => this.#timers.schedule(delayMs, fire);
  }

  /** Which native primitive gives this scheduler its turns: `'postTask'` or `'MessageChannel'`. */
  get dispatchKind(): HostTurnsKind {
    return this.#turns.kind;
  }

  /** The frame budget in milliseconds. */
  get frameBudgetMs(): number {
    return this.#frameBudgetMs;
  }

  /** Queues `runnable` on the foreground lane at its task's priority. */
  dispatchForeground(runnable: Runnable): void {
    this.#push(runnable, 'foreground');
  }

  /** Queues `runnable` on the background lane (still this thread) at its task's priority. */
  dispatchBackground(runnable: Runnable): void {
    this.#push(runnable, 'background');
  }

  /** Queues `runnable` on its task's lane once `delayMs` has passed. Throws `InvalidArgumentError` for a bad delay. */
  dispatchAfter(delayMs: number, runnable: Runnable): BrowserTimerHandle {
    checkDelay(delayMs);
    return this.#timers.schedule(delayMs, runnable);
  }

  /** An awaitable timer; aborting `signal` (or `cancel()`) rejects it and releases its slot. */
  timer(delayMs: number, signal?: AbortSignal): Timer {
    return new ScheduledTimer(this, delayMs, signal, this.#scheduleTimer);
  }

  /** Milliseconds on this scheduler's clock. */
  now(): number {
    return this.#clock.now();
  }

  /** True on the page's main thread, false inside a Web Worker. */
  isMainThread(): boolean {
    return this.#mainThread;
  }

  /**
   * True once the current slice has used its frame budget: a long Runnable should stop and
   * continue later (`await scheduler.yieldNow()`, or re-dispatch itself) so input and rendering
   * can run. Outside a slice it measures from the start of the last one.
   */
  shouldYield(): boolean {
    return this.#budget.isOver();
  }

  /**
   * Resolves after the browser had a turn (input, rendering, other tasks): `scheduler.yield()`
   * where the page has it, else a `MessageChannel` hop.
   */
  yieldNow(): Promise<void> {
    return yieldToBrowser();
  }

  /** Number of Runnables queued and not yet run. */
  get pendingRunnables(): number {
    return this.#queues.length;
  }

  /** Number of pending timers (`dispatchAfter` and `timer`). */
  get pendingTimers(): number {
    return this.#timers.size;
  }

  /** True while this scheduler holds a native timer or has asked the browser for a turn. */
  get holdsHostResources(): boolean {
    return this.#timers.holdsNativeTimer || this.#requested.some((count) => count > 0);
  }

  /** Cancels every pending timer (their Runnables never run). Queued Runnables still run. */
  clearTimers(): void {
    this.#timers.clear();
  }

  #push(runnable: Runnable, lane: Runnable['task']['lane']): void {
    const priority = runnable.task.priority;
    this.#queues.push(slotOf(priority, lane), runnable);
    if (!this.#draining) this.#request(priority);
  }

  /** Asks for a turn at `priority` unless one at least as urgent is already on its way. */
  #request(priority: TaskPriority): void {
    const rank = priorityRank(priority);
    const requested = this.#requested;
    for (let r = 0; r <= rank; r++) if ((requested[r] as number) > 0) return;
    requested[rank] = (requested[rank] as number) + 1;
    this.#turns.request(priority);
  }

  #turn(priority: TaskPriority): void {
    const rank = priorityRank(priority);
    this.#requested[rank] = (this.#requested[rank] as number) - 1;
    if (this.#draining) return;
    this.#draining = true;
    this.#budget.start();
    const queues = this.#queues;
    try {
      for (let runnable = queues.shift(); runnable !== undefined; runnable = queues.shift()) {
        try {
          runnable.run();
        } catch (error) {
          callReporter(this.#onError, error, runnable.task);
        }
        if (this.#budget.spend()) break;
      }
    } finally {
      this.#draining = false;
    }
    if (queues.length > 0) this.#request(priorityOfSlot(queues.top));
  }
}
