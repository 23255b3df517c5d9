import { Completion, registerOwnedThenableKind } from '../control/completion.js';
import { probeOf } from '../control/control.js';
import { yieldNow } from '../control/yield-now.js';
import { type ErrorReporter, isDefaultReporter, reportErrorTo } from '../error-reporter.js';
import { TaskCancelledError } from '../errors/task-cancelled-error.js';
import { UnobservedTaskError } from '../errors/unobserved-task-error.js';
import type { TaskPriority } from '../priority.js';
import { CallRunnable, type Runnable, type RunnableKind } from '../runnable.js';
import type { Scheduler, Timer } from '../scheduler.js';
import { captureLocation } from '../spawn-location.js';
import { isThenable } from '../thenable.js';
import { abortTimer, ScheduledTimer, timerSettled } from '../timer.js';
import type { TaskBody, TaskContext } from './task-context.js';
import type { Lane, TaskInfo } from './task-info.js';
import { recordUnobservedFailure } from './unobserved.js';

/** Where a task is in its life. A task made by `Task.ready` is `succeeded` from the start. */
export type TaskState = 'scheduled' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** How a task's outcome will be observed: the basis of session cleanup validation. */
export type TaskHandling = 'none' | 'awaited' | 'detached' | 'registered';

/** Receives the tasks a session tracks; implemented by `Session`. */
export interface TaskTracker {
  readonly id: number;
  /** Called once at spawn. */
  track(task: Task<unknown>): void;
  /** Called once when the task finishes or is cancelled. */
  untrack(task: Task<unknown>): void;
}

/** Construction parameters of a spawned task (see `spawn`). */
export interface TaskSpec {
  readonly label: string | undefined;
  readonly priority: TaskPriority;
  readonly lane: Lane;
  readonly session: TaskTracker | undefined;
  /**
   * Called synchronously and once, by the `cancel()` that returns true, after the state became
   * `'cancelled'`, awaiters were rejected and the session untracked. Receives the
   * {@link TaskCancelledError} awaiters got (the same as `ctx.signal.reason`; no AbortController
   * is created for it). Never called if the task finished first, or for a second `cancel()`. If it
   * throws, the error goes to the error reporter with the task, and `cancel()` still returns true.
   * For hosts whose task bodies wait on outside work that a cancellation must stop (the Node
   * worker pool): it costs nothing per task, unlike a listener on the task's signal.
   */
  readonly onCancel?: ((error: TaskCancelledError) => void) | undefined;
}

let nextTaskId = 1;

/**
 * The scheduler a task was spawned on, or undefined for a TaskInfo that is not a core Task.
 * For controlling hosts, which check that every task they run is under their control.
 */
export let schedulerOfTask: (task: TaskInfo) => Scheduler | undefined;

/**
 * A handle to asynchronous work: awaitable like a promise, cancellable, detachable.
 *
 * Awaiting a task gives its result or rethrows its error, to every awaiter. Cancelling a task
 * that has not started means its body never runs; cancelling a running task aborts
 * `ctx.signal` and makes every awaiter reject with {@link TaskCancelledError} at once.
 *
 * @example
 * ```ts
 * import { spawn } from '@sched/core';
 * import { threadScheduler } from '@sched/runtime-node';
 *
 * async function fetchUser(id: string, { signal }: { signal: AbortSignal }): Promise<{ id: string }> {
 *   signal.throwIfAborted(); // a real fetch would pass `signal` on
 *   return { id };
 * }
 *
 * const scheduler = threadScheduler();
 * const id = '42';
 * const task = spawn(scheduler, async ({ signal }) => fetchUser(id, { signal }));
 * task.cancel('user navigated away');
 * const user = await task.fallible(); // undefined, because it was cancelled
 * console.log(user, task.state); // undefined cancelled
 * ```
 */
export class Task<T> implements PromiseLike<T>, TaskInfo {
  /** Unique, increasing id. */
  readonly id: number;
  /** Label given at spawn. */
  readonly label: string | undefined;
  /** Priority given at spawn. */
  readonly priority: TaskPriority;
  /** Lane its Runnables are dispatched to. */
  readonly lane: Lane;
  /** Session it was spawned in, if any. */
  readonly sessionId: number | undefined;

  readonly #scheduler: Scheduler | undefined;

  static {
    schedulerOfTask = (task) => (task instanceof Task ? task.#scheduler : undefined);
  }
  #body: TaskBody<T> | undefined;
  #state: TaskState;
  #handling: TaskHandling = 'none';
  readonly #completion: Completion<T>;
  /** The spec's cancel hook, until the task finishes or is cancelled. */
  #onCancel: ((error: TaskCancelledError) => void) | undefined;
  #controller: AbortController | undefined = undefined;
  /**
   * Timers of `ctx.sleep` made while the task had no AbortSignal: cancelling the task stops them
   * with its cancellation error, as an abort of its signal would (an AbortController and an abort
   * listener per sleep cost microseconds on Node). Settled ones are dropped as more are added.
   */
  #sleeps: Timer[] | undefined = undefined;
  readonly #session: TaskTracker | undefined;
  /** Where it was spawned: an interned string shared by every task spawned there. */
  readonly #location: string | undefined;
  #reporter: ErrorReporter | undefined = undefined;
  /**
   * State 'cancelled': the error awaiters got from `cancel()` (also the reason of a signal
   * created afterwards). State 'failed': the error the body failed with, for a detach that comes
   * later. One field: a task is never both.
   */
  #error: unknown = undefined;

  static {
    // Adopting a task (a `then` handler returning it) observes it like its own `then` would.
    registerOwnedThenableKind({
      is: (value) => #completion in value,
      completionOf: (value) => (value as Task<unknown>).#completion as Completion<unknown>,
      onAdopt: (value) => {
        const task = value as Task<unknown>;
        if (task.#handling === 'none') task.#observe('awaited');
      },
    });
  }

  /**
   * @internal Use `spawn()` (hosts: `startTask()` from `@sched/core/host`) or `Task.ready()`.
   * `scheduler` is undefined only for `Task.ready`, whose task is settled at once and never runs.
   */
  constructor(scheduler: Scheduler | undefined, body: TaskBody<T> | undefined, spec: TaskSpec) {
    this.id = nextTaskId++;
    this.label = spec.label;
    this.priority = spec.priority;
    this.lane = spec.lane;
    this.#session = spec.session;
    this.sessionId = spec.session?.id;
    this.#scheduler = scheduler;
    this.#body = body;
    this.#onCancel = spec.onCancel;
    this.#location = captureLocation(scheduler, Task);
    this.#state = 'scheduled';
    this.#completion = new Completion<T>(scheduler);
    spec.session?.track(this as Task<unknown>);
  }

  /**
   * A task that already succeeded with `value`: an ordinary task, settled as it is created. Its
   * state is `'succeeded'`, awaiting it resolves at once, and it has no scheduler and never
   * runs. Mirrors GPUI's `Task::ready`.
   */
  static ready<T>(value: T): Task<T> {
    const task = new Task<T>(undefined, undefined, READY_SPEC);
    task.#state = 'running';
    task.#settle(true, value);
    return task;
  }

  /** `file:line:column` of the code that spawned this task (when capture is on). */
  get spawnLocation(): string | undefined {
    return this.#location;
  }

  /** Current state. */
  get state(): TaskState {
    return this.#state;
  }

  /** How its outcome is observed (for session validation). */
  get handling(): TaskHandling {
    return this.#handling;
  }

  /** True when it succeeded, failed or was cancelled. */
  get isFinished(): boolean {
    const s = this.#state;
    return s !== 'scheduled' && s !== 'running';
  }

  /** The error it failed with (when `state` is `'failed'`), otherwise undefined. */
  get failure(): unknown {
    return this.#state === 'failed' ? this.#error : undefined;
  }

  /** True when it was cancelled. */
  get isCancelled(): boolean {
    return this.#state === 'cancelled';
  }

  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): PromiseLike<R1 | R2> {
    if (this.#handling === 'none') this.#observe('awaited');
    return this.#completion.then(onFulfilled, onRejected);
  }

  /**
   * Resolves like the task, except that cancellation resolves `undefined` instead of rejecting.
   * Other errors still reject.
   */
  fallible(): PromiseLike<T | undefined> {
    return this.then(undefined, (error: unknown) => {
      if (error instanceof TaskCancelledError && error.taskId === this.id) return undefined;
      throw error;
    });
  }

  /**
   * Lets the task run to completion with nobody awaiting it. If it fails, the error goes to the
   * error reporter (see `setErrorReporter`); it is never swallowed.
   */
  detach(): void {
    this.#markDetached();
  }

  /**
   * Detaches, and sends a failure to `reporter` (default: the installed error reporter) along
   * with the task's label and spawn location.
   */
  detachAndLogErr(reporter?: ErrorReporter): void {
    this.#reporter = reporter;
    this.#markDetached();
  }

  #markDetached(): void {
    const unobserved = this.#handling === 'none';
    this.#observe('detached');
    // Already failed with nobody awaiting: report now, or the error would be lost.
    if (unobserved && this.#state === 'failed') reportErrorTo(this.#reporter, this.#error, this);
  }

  /**
   * The outcome is observed from now on (`handling` leaves `'none'`). A failure already raised
   * as an unhandled rejection is marked handled, as attaching a handler to a promise would.
   */
  #observe(handling: Exclude<TaskHandling, 'none'>): void {
    this.#handling = handling;
    if (this.#state === 'failed') {
      const unhandled = unhandledFailures.get(this as Task<unknown>);
      if (unhandled !== undefined) {
        unhandledFailures.delete(this as Task<unknown>);
        unhandled.catch(ignore);
      }
    }
  }

  /**
   * Failed with nobody observing it. Under a host with a probe (the simulator) it is recorded,
   * and the host takes its verdict later (see `takeUnobservedFailures`). On production hosts it
   * surfaces like a promise rejection nobody handled: with the default reporter, as a native
   * unhandled rejection (unless observed before the microtask queue drains); with a reporter
   * installed by the user, through that reporter, unless observed before the check runs.
   */
  #failedUnobserved(error: unknown): void {
    const scheduler = this.#scheduler as Scheduler;
    if (probeOf(scheduler) !== undefined) recordUnobservedFailure(scheduler, this as Task<unknown>);
    else if (isDefaultReporter()) {
      unhandledFailures.set(this as Task<unknown>, Promise.reject(new UnobservedTaskError(this, error)));
    } else {
      scheduler.dispatchForeground(
        new CallRunnable(this, () => {
          if (this.#handling === 'none') reportErrorTo(undefined, new UnobservedTaskError(this, error), this);
        }),
      );
    }
  }

  /**
   * Cancels the task. Before it starts: its body never runs. While it runs: `ctx.signal` is
   * aborted, and every awaiter rejects with {@link TaskCancelledError} immediately (the body may
   * still be unwinding). After it finished: does nothing. Returns true if it was cancelled now.
   */
  cancel(reason?: unknown): boolean {
    if (this.isFinished) return false;
    const error = new TaskCancelledError(this.id, this.label, reason);
    this.#error = error;
    this.#state = 'cancelled';
    this.#controller?.abort(error);
    const sleeps = this.#sleeps;
    if (sleeps !== undefined) {
      this.#sleeps = undefined;
      // A Timer that is not core's (a scheduler of its own) can only be cancelled.
      for (const timer of sleeps)
        if (timer instanceof ScheduledTimer) abortTimer(timer, error);
        else timer.cancel();
    }
    this.#completion.reject(error);
    this.#session?.untrack(this as Task<unknown>);
    const onCancel = this.#onCancel;
    if (onCancel !== undefined) {
      this.#onCancel = undefined;
      try {
        onCancel(error);
      } catch (hookFailure) {
        reportErrorTo(this.#reporter, hookFailure, this);
      }
    }
    return true;
  }

  /** @internal Marks the task as registered with a session's `waitUntil`. */
  markRegistered(): void {
    if (this.#handling !== 'none') return;
    this.#observe('registered');
    // Registered after it already failed: its failure is reported, as for registered work.
    if (this.#state === 'failed') reportErrorTo(this.#reporter, this.#error, this);
  }

  /** @internal Starts the body with `context`. Called by the task's start Runnable. */
  startBody(context: TaskContext): void {
    // A body starts once: `#body` is cleared as it starts (and is undefined for `Task.ready`).
    const body = this.#body;
    if (body === undefined) return;
    this.#body = undefined;
    if (this.#state !== 'scheduled') {
      // Cancelled before it started: the body never runs, but a controlling host still hears
      // that this Runnable's work is over.
      probeOf(this.#scheduler)?.finished(this);
      return;
    }
    this.#state = 'running';
    let result: T | PromiseLike<T>;
    try {
      result = body(context);
    } catch (error) {
      this.#settle(false, error);
      return;
    }
    if (isThenable(result)) {
      result.then(
        (value) => this.#settle(true, value),
        (error: unknown) => this.#settle(false, error),
      );
    } else {
      this.#settle(true, result);
    }
  }

  /**
   * @internal A timer of `delayMs` on `scheduler`, cancelled together with the task (`ctx.sleep`).
   * Once the task has an AbortSignal, the timer takes it; before, the task keeps the timer and
   * `cancel()` stops it with the same error (a timer made by a core host; any other Timer is
   * cancelled with `cancel()`), without creating the signal.
   */
  sleep(scheduler: Scheduler, delayMs: number): Timer {
    if (this.#controller !== undefined || this.#state === 'cancelled') return scheduler.timer(delayMs, this.signal());
    const timer = scheduler.timer(delayMs);
    const sleeps = (this.#sleeps ??= []);
    // Settled timers are dropped when the list reaches 4, 8, 16, …: amortized O(1) per sleep even
    // when many sleeps are pending at once (a scan on every push would be quadratic).
    const length = sleeps.length;
    if (length >= 4 && (length & (length - 1)) === 0) {
      let kept = 0;
      for (const t of sleeps) if (!(t instanceof ScheduledTimer && timerSettled(t))) sleeps[kept++] = t;
      sleeps.length = kept;
    }
    sleeps.push(timer);
    return timer;
  }

  /** @internal The AbortSignal handed to the body (created on first use). */
  signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#state === 'cancelled') this.#controller.abort(this.#error);
    }
    return this.#controller.signal;
  }

  #settle(ok: boolean, value: unknown): void {
    const completion = this.#completion;
    if (this.#state === 'running') {
      this.#state = ok ? 'succeeded' : 'failed';
      this.#sleeps = undefined; // a finished task is never cancelled
      this.#onCancel = undefined;
      this.#session?.untrack(this as Task<unknown>);
      if (ok) completion.resolve(value as T);
      else {
        this.#error = value;
        completion.reject(value);
        // Detached and waitUntil-registered work has no awaiter: its failure must be reported.
        const handling = this.#handling;
        if (handling === 'none') this.#failedUnobserved(value);
        else if (handling === 'detached' || handling === 'registered') reportErrorTo(this.#reporter, value, this);
      }
    } else if (!ok && !isCancellation(value, this.#controller)) {
      // Cancelled while running, then failed with something other than the cancellation.
      reportErrorTo(this.#reporter, value, this);
    }
    probeOf(this.#scheduler)?.finished(this);
  }
}

/**
 * Production hosts, default reporter: the rejected promise that surfaces a task's failure nobody
 * observed as an unhandled rejection; observing the task later handles it. Kept off the Task
 * itself so that tasks that never fail carry no extra field.
 */
const unhandledFailures = new WeakMap<Task<unknown>, Promise<never>>();

function ignore(): void {}

const READY_SPEC: TaskSpec = { label: undefined, priority: 'normal', lane: 'foreground', session: undefined };

function isCancellation(error: unknown, controller: AbortController | undefined): boolean {
  return error instanceof TaskCancelledError || (controller !== undefined && error === controller.signal.reason);
}

/**
 * The Runnable that starts a task's body (`startTask` dispatches one per task), and the context
 * that body receives: one object, not two, on the hot spawn path. Its `run` and `kind` are not
 * part of {@link TaskContext}; calling `run` again does nothing (a body starts once).
 */
export class StartRunnable implements Runnable, TaskContext {
  /** The task it starts (also `ctx.task`). */
  readonly task: Task<unknown>;
  /** Always `'start'`. */
  readonly kind: RunnableKind = 'start';
  /** The scheduler the task runs on. */
  readonly scheduler: Scheduler;
  // Functions bound to the task, made on first use, so `async ({ sleep, yieldNow }) => …` works
  // and bodies that never use them allocate nothing.
  #sleep: ((delayMs: number) => Timer) | undefined = undefined;
  #yieldNow: (() => PromiseLike<void>) | undefined = undefined;
  /** The resolved Completion a controlled task's yields await (see `yieldNow`). */
  #yielded: Completion<void> | undefined = undefined;

  constructor(task: Task<unknown>, scheduler: Scheduler) {
    this.task = task;
    this.scheduler = scheduler;
  }

  /** Starts the task's body (once). */
  run(): void {
    this.task.startBody(this);
  }

  /** Aborted when the task is cancelled (created on first use). */
  get signal(): AbortSignal {
    return this.task.signal();
  }

  /** A timer cancelled together with the task. */
  get sleep(): (delayMs: number) => Timer {
    this.#sleep ??= (delayMs) => this.task.sleep(this.scheduler, delayMs);
    return this.#sleep;
  }

  /** Lets other ready work of the task's lane run, then resumes. */
  get yieldNow(): () => PromiseLike<void> {
    this.#yieldNow ??= () => {
      // Under control, a yield is an await of an already resolved Completion (see `yieldNow`):
      // the task keeps its own, made on first yield, instead of a per-scheduler weak-map lookup.
      if (this.#yielded !== undefined) return this.#yielded;
      const scheduler = this.scheduler;
      if (probeOf(scheduler) === undefined) return yieldNow(scheduler, this.task);
      const yielded = new Completion<void>(scheduler);
      yielded.resolve();
      this.#yielded = yielded;
      return yielded;
    };
    return this.#yieldNow;
  }
}
