import type { TaskInfo } from '@sched/core';
import { describeTask } from '@sched/core/host';
import { EscapeError } from '../errors/escape-error.js';
import { type ForeignCall, type ForeignCallWatcher, RealAsyncSpy } from './real-async-spy.js';
import { type ErrorSink, UnobservedErrorRouter } from './unobserved-error-router.js';

/** The part of the step driver the escape watch looks at. */
export interface WatchedDriver {
  /** True while simulated code runs (a step that started or resumed a task). */
  readonly inStep: boolean;
  /** True while a run call is in progress. */
  readonly running: boolean;
  /** The task of the running step. */
  readonly current: TaskInfo | undefined;
  readonly live: ReadonlyMap<TaskInfo, unknown>;
  escape(error: EscapeError): void;
  fail(error: unknown): void;
}

/** Options of an {@link EscapeWatch}. */
export interface EscapeWatchOptions {
  readonly allowForeign: boolean;
  readonly detectRealAsync: boolean;
  readonly failOnUnobserved: boolean;
  /** Where tolerated escapes go (`sim.escapes`). */
  readonly tolerated: EscapeError[];
  /** Where unobserved task errors go (`sim.unobservedErrors`). */
  readonly unobserved: Array<{ readonly error: unknown; readonly task: TaskInfo }>;
}

/**
 * Decides escapes for one simulator, each at its source:
 * - **real-async**: simulated code called `setTimeout`, `setInterval`, `setImmediate` or
 *   `process.nextTick` inside a step. Reported at the call, awaited or not.
 * - **parked-on-foreign**: when the simulation goes idle, a task is still parked on something
 *   native (real I/O, an outside promise) that no step resolved.
 * - **foreign-wake**: a task finished while no run was in progress.
 * Runs never yield to the event loop (see StepDriver), so each verdict is the same every time.
 */
export class EscapeWatch implements ErrorSink, ForeignCallWatcher {
  readonly #options: EscapeWatchOptions;
  /** The last real timer calls seen (for hints), made on the first one. */
  #calls: ForeignCall[] | undefined = undefined;
  /** The driver of the run being watched; undefined between runs. */
  #driver: WatchedDriver | undefined = undefined;
  /** Whether this run added the watch to the spies (`detectRealAsync`). */
  #spying = false;

  constructor(options: EscapeWatchOptions) {
    this.#options = options;
  }

  /**
   * Starts watching a run of `driver`. The watch itself is what the spies and the error router
   * call, so a run allocates nothing here.
   */
  start(driver: WatchedDriver): void {
    this.#driver = driver;
    this.#spying = this.#options.detectRealAsync;
    if (this.#spying) RealAsyncSpy.add(this);
    UnobservedErrorRouter.add(this);
  }

  /** Stops watching (the run ended). */
  stop(): void {
    if (this.#driver === undefined) return;
    UnobservedErrorRouter.remove(this);
    if (this.#spying) RealAsyncSpy.remove(this);
    this.#spying = false;
    this.#driver = undefined;
  }

  /** The error router's question: does `task` run on the watched simulator? */
  owns(task: TaskInfo): boolean {
    return this.#driver?.live.has(task) ?? false;
  }

  /** The error router's report: an unobserved error of a task of this simulator. */
  report(error: unknown, task: TaskInfo): void {
    this.#options.unobserved.push({ error, task });
    const driver = this.#driver;
    if (this.#options.failOnUnobserved && driver?.running === true) driver.fail(error);
  }

  /** The spies' report: a real timer call during the run. */
  onForeignCall(call: ForeignCall, stack: string | undefined): void {
    const driver = this.#driver;
    if (driver !== undefined) this.#onCall(driver, call, stack);
  }

  /** With `allowForeign`, records `error` and returns true; otherwise returns false. */
  tolerate(error: EscapeError): boolean {
    if (!this.#options.allowForeign) return false;
    this.#options.tolerated.push(error);
    return true;
  }

  parkedOnForeign(task: TaskInfo): EscapeError {
    return new EscapeError(
      'parked-on-foreign',
      `${describeTask(task)} is waiting on something the simulator does not own (real I/O, a real timer or a promise from outside) that no simulated step resolved${this.#hint()}. Await scheduler-owned things (ctx.sleep, tasks, Channel, Mutex, simulated I/O) or pass { allowForeign: true }.`,
      task.spawnLocation,
    );
  }

  foreignWake(task: TaskInfo): EscapeError {
    return new EscapeError(
      'foreign-wake',
      `${describeTask(task)} finished outside its own step: something the simulator does not own resumed it${this.#hint()}`,
      task.spawnLocation,
    );
  }

  #onCall(driver: WatchedDriver, call: ForeignCall, stack: string | undefined): void {
    const calls = (this.#calls ??= []);
    calls.push(call);
    if (calls.length > 20) calls.shift();
    const task = driver.current;
    if (task === undefined || !driver.inStep || madeByRuntime(stack)) return;
    driver.escape(
      new EscapeError(
        'real-async',
        `${describeTask(task)} called the real ${call.api} at ${call.location ?? 'an unknown location'} inside a simulated step: real asynchronous work runs outside the simulator's control. Use ctx.sleep, ctx.yieldNow or simulated I/O, or pass { allowForeign: true }.`,
        call.location ?? task.spawnLocation,
      ),
    );
  }

  #hint(): string {
    const calls = this.#calls?.slice(-3) ?? [];
    if (calls.length === 0) return '';
    return `. Real timer calls seen during the run: ${calls.map((c) => `${c.api} at ${c.location ?? 'unknown'}`).join(', ')}`;
  }
}

/**
 * Calls the runtime makes on the user's behalf and that complete within the process's own
 * bookkeeping: a stream flushing `console.log` output, Node's internals. Not the user's work.
 */
function madeByRuntime(stack: string | undefined): boolean {
  if (stack === undefined) return false;
  const caller = stack.split('\n')[2] ?? '';
  return caller.includes('node:internal') || /\bat (?:console|Console)\.\w+ /.test(stack);
}
