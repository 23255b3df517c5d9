import {
  type ErrorReporter,
  InvalidArgumentError,
  type Runnable,
  reportError,
  type Scheduler,
  type Timer,
  type TimerHandle,
} from '@sched/core';
import { callReporter, checkDelay, dispatchOnLane, ScheduledTimer } from '@sched/core/host';
import { assertOutsideGlobalScope } from './global-scope.js';
import { PriorityQueues } from './lanes/priority-queues.js';
import { onNextMacrotask } from './macrotask.js';

/** Options of {@link WorkersScheduler}. Every field is optional. */
export interface WorkersSchedulerOptions {
  /**
   * Most Runnables run back to back before the rest continues on a later macrotask turn (default
   * 1,000). A count, not a time budget: deployed, the Workers clock does not advance during CPU
   * work, so a time slice could never end.
   */
  readonly batchSize?: number | undefined;
  /**
   * Receives an exception thrown by a Runnable's `run()` (task bodies never throw there: their
   * errors go to awaiters). Default: core's installed error reporter.
   */
  readonly onError?: ErrorReporter | undefined;
}

/**
 * The production {@link Scheduler} for Cloudflare Workers: one thread, the isolate's event loop.
 *
 * When to use: every @sched task in a Worker. Usually through `withSessions`, which gives each
 * request a session that spawns on the shared {@link workersScheduler}.
 *
 * Details:
 * - Priorities: `user-blocking` and `normal` Runnables run in a microtask drain right after the
 *   code that queued them (most urgent first, FIFO among equals); `background` Runnables wait for
 *   a macrotask turn (`scheduler.wait(0)`), so pending I/O callbacks and the response go first.
 *   Both lanes run on the one thread.
 * - After `batchSize` Runnables in a row the drain continues on a macrotask turn.
 * - Timers are the isolate's `setTimeout`; a fired timer's Runnable is queued on its task's lane.
 * - `now()` is `Date.now()`. Deployed, Workers advance it only across I/O (a Spectre
 *   mitigation): it stands still during CPU work, so measure nothing with it inside one turn.
 *   Local workerd (`wrangler dev`, `workerd serve`) lets it advance anyway.
 * - Nothing may run at global scope: the first dispatch, timer or clock read made while the module
 *   is being evaluated throws {@link GlobalScopeError}.
 *
 * @example
 * ```ts
 * import { spawn } from '@sched/core';
 * import { workersScheduler } from '@sched/runtime-workers';
 *
 * const worker = {
 *   async fetch(): Promise<Response> {
 *     const answer = await spawn(workersScheduler(), async ({ sleep }) => { await sleep(5); return 42; });
 *     return new Response(String(answer));
 *   },
 * };
 * export default worker;
 *
 * // Outside Workers (here, Node) the same code runs on the host's event loop:
 * console.log(await (await worker.fetch()).text()); // 42
 * ```
 */
export class WorkersScheduler implements Scheduler {
  readonly #queues = new PriorityQueues();
  readonly #batchSize: number;
  readonly #onError: ErrorReporter;
  /** A microtask drain (ranks 0 and 1) is queued. */
  #microQueued = false;
  /** A macrotask drain (every rank) is queued. */
  #macroQueued = false;
  /** A drain is running: it picks up what is queued meanwhile. */
  #draining = false;
  readonly #drainMicro = (): void => this.#drain(1);
  readonly #drainMacro = (): void => this.#drain(2);

  constructor(options: WorkersSchedulerOptions = {}) {
    const batchSize = options.batchSize ?? 1000;
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new InvalidArgumentError('batchSize', batchSize, 'an integer >= 1');
    }
    this.#batchSize = batchSize;
    this.#onError = options.onError ?? reportError;
  }

  /** Queues `runnable` at its task's priority. Throws `GlobalScopeError` at global scope. */
  dispatchForeground(runnable: Runnable): void {
    assertOutsideGlobalScope('dispatchForeground');
    this.#enqueue(runnable);
  }

  /** Queues `runnable` at its task's priority (same thread). Throws `GlobalScopeError` at global scope. */
  dispatchBackground(runnable: Runnable): void {
    assertOutsideGlobalScope('dispatchBackground');
    this.#enqueue(runnable);
  }

  /**
   * Queues `runnable` on its task's lane once `delayMs` has passed (an isolate `setTimeout`).
   * Throws `InvalidArgumentError` for a bad delay, `GlobalScopeError` at global scope.
   */
  dispatchAfter(delayMs: number, runnable: Runnable): TimerHandle {
    checkDelay(delayMs);
    assertOutsideGlobalScope('dispatchAfter');
    let pending = true;
    const id = setTimeout(() => {
      pending = false;
      dispatchOnLane(this, runnable);
    }, delayMs);
    return {
      cancel: (): boolean => {
        if (!pending) return false;
        pending = false;
        clearTimeout(id);
        return true;
      },
    };
  }

  /** An awaitable, cancellable timer. Throws like {@link WorkersScheduler.dispatchAfter}. */
  timer(delayMs: number, signal?: AbortSignal): Timer {
    checkDelay(delayMs);
    assertOutsideGlobalScope('timer');
    return new ScheduledTimer(this, delayMs, signal);
  }

  /**
   * `Date.now()`. Deployed, it advances only across I/O (not during CPU work); in local workerd it
   * advances in real time. Throws `GlobalScopeError` at global scope.
   */
  now(): number {
    assertOutsideGlobalScope('now');
    return Date.now();
  }

  /** Always true: a Worker has one thread. */
  isMainThread(): boolean {
    return true;
  }

  #enqueue(runnable: Runnable): void {
    const priority = runnable.task.priority;
    this.#queues.push(priority, runnable);
    if (priority === 'background') this.#queueMacro();
    else if (!this.#microQueued && !this.#draining) {
      this.#microQueued = true;
      queueMicrotask(this.#drainMicro);
    }
  }

  #queueMacro(): void {
    if (this.#macroQueued) return;
    this.#macroQueued = true;
    onNextMacrotask(this.#drainMacro);
  }

  #drain(maxRank: 1 | 2): void {
    if (maxRank === 1) this.#microQueued = false;
    else this.#macroQueued = false;
    const queues = this.#queues;
    this.#draining = true;
    for (let budget = this.#batchSize; budget > 0; budget--) {
      const runnable = queues.shift(maxRank);
      if (runnable === undefined) break;
      try {
        runnable.run();
      } catch (error) {
        callReporter(this.#onError, error, runnable.task);
      }
    }
    this.#draining = false;
    // Work left over (budget spent, or background work a microtask drain may not run): later turn.
    if (queues.lengthOf(0) + queues.lengthOf(1) + queues.lengthOf(2) > 0) this.#queueMacro();
  }
}

let shared: WorkersScheduler | undefined;

/**
 * The isolate's shared {@link WorkersScheduler}, created on first use (creating it at global
 * scope is fine; using it there throws `GlobalScopeError`).
 */
export function workersScheduler(): WorkersScheduler {
  shared ??= new WorkersScheduler();
  return shared;
}
