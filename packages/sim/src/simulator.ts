import {
  InvalidArgumentError,
  type Runnable,
  type Scheduler,
  Session,
  SessionCleanupError,
  type SpawnOptions,
  spawn,
  type Task,
  type TaskBody,
  type TaskInfo,
  type Timer,
  type TimerHandle,
} from '@sched/core';
import {
  attachProbe,
  checkDelay,
  checkNonNegativeInteger,
  checkPositiveInteger,
  createTimer,
  probeOf,
  schedulerOfTask,
} from '@sched/core/host';
import type { DecisionSource } from './decisions/decision-source.js';
import { FifoSource } from './decisions/fifo-source.js';
import { RecordingSource } from './decisions/recording-source.js';
import { checkSeed, SeededSource } from './decisions/seeded-source.js';
import { TapeSource } from './decisions/tape-source.js';
import type { EscapeError } from './errors/escape-error.js';
import { EscapeWatch } from './escapes/escape-watch.js';
import { cheapTaskContext, nodeTaskContext, type TaskContext } from './escapes/task-context.js';
import { checkUnobservedFailures } from './escapes/unobserved-failures.js';
import { drawDelay } from './io/latency.js';
import { FifoReadySet } from './queues/fifo-ready-set.js';
import { RandomReadySet } from './queues/random-ready-set.js';
import { DriverProbe } from './stepping/driver-probe.js';
import { type RunOptions, StepDriver } from './stepping/step-driver.js';
import type { StepObserver } from './stepping/step-observer.js';
import { Trace } from './trace/trace.js';

export type { RunOptions } from './stepping/step-driver.js';

/** Options of a {@link Simulator}. Every field is optional. */
export interface SimulatorOptions {
  /** Seed of the decision source (default 0). Integers from 0 to 2^32 − 1. */
  readonly seed?: number | undefined;
  /** Replay this schedule (list of choices) instead of drawing from a seed. */
  readonly schedule?: readonly number[] | undefined;
  /** A custom decision source (e.g. a fuzzer's byte tape). Overrides `seed` and `schedule`. */
  readonly source?: DecisionSource | undefined;
  /**
   * `'random'` (default): every ready Runnable, foreground or background, timer ties included, is
   * a candidate at each step. `'session-fifo'`: randomized, but the foreground work of each
   * session stays FIFO, as on one main thread (for code that relies on main-thread order).
   * `'fifo'`: no randomization (priority, then FIFO).
   */
  readonly order?: 'random' | 'session-fifo' | 'fifo' | undefined;
  /** Jump the clock to the next timer whenever nothing is ready (default false). */
  readonly autoAdvance?: boolean | undefined;
  /** Add up to this many milliseconds of seed-drawn jitter to every delay (default 0). */
  readonly jitterMs?: number | undefined;
  /** Step budget of one run call before a {@link LivelockError} (default 1,000,000). */
  readonly maxSteps?: number | undefined;
  /** Tolerate work that escapes the simulator instead of failing (default false). */
  readonly allowForeign?: boolean | undefined;
  /**
   * Keep every trace event (default true for a simulator you build; multi-seed runs keep them
   * only when re-running a failing seed unless you set it). The rolling trace hash is always kept.
   */
  readonly trace?: boolean | undefined;
  /**
   * Capture where each task was spawned (default true). With false, spawn locations stay
   * unknown unless `setSpawnLocationCapture(true)` from `@sched/core` forces capture everywhere.
   * Multi-seed runs turn it off on passing seeds and re-run a failing seed with it on.
   */
  readonly spawnLocations?: boolean | undefined;
  /** Virtual time at start, in ms (default 0). */
  readonly startTime?: number | undefined;
  /**
   * Fail when a task's error goes unobserved (default true): a detached task's failure fails the
   * run at once, and a task that failed with nobody awaiting, detaching or registering it fails
   * {@link Simulator.checkUnobserved} (run by `runOne`, `many`, `once` and `simTest` when the
   * test body returns). With false, both are only recorded in `unobservedErrors`.
   */
  readonly failOnUnobservedError?: boolean | undefined;
  /**
   * Watch real `setTimeout`, `setInterval`, `setImmediate` and `process.nextTick` during runs
   * (default true): a call from simulated code is an escape, and other calls are named in
   * escape reports.
   */
  readonly detectRealTimers?: boolean | undefined;
  /**
   * How a continuation is credited to its task (default `'auto'`).
   * - `'exact'`: by its async context (`AsyncLocalStorage`), however many native awaits deep.
   *   Cheap on Node ≥ 24; on Node 20 and 22 it makes every `await` in the process about 3×
   *   slower while a run is in progress.
   * - `'step'`: to the task of the step whose microtask drain it runs in. Free. Runs stay
   *   deterministic; a second flow inside one task that reaches an owned await several native
   *   hops late may be credited to the task of the next step (the trace shows it there).
   * - `'auto'`: `'exact'` where it is cheap (Node ≥ 24), `'step'` elsewhere.
   */
  readonly attribution?: 'auto' | 'exact' | 'step' | undefined;
  /**
   * Told about every step before it runs, and about tracked cell accesses (see `cell`); used by
   * `explore` to measure interleaving coverage. Default: none (and no cost).
   */
  readonly observer?: StepObserver | undefined;
}

/**
 * The deterministic simulation host. It implements the same {@link Scheduler} interface as the
 * production runtimes, owns every wake-up (task starts, resumptions, timers, yields, channel
 * and mutex hand-overs) and decides their order from a seed, a schedule or a fuzzer's tape.
 *
 * Details: a step runs one Runnable and lets the task it resumes run until that task reaches
 * its next scheduler-owned await or finishes; the simulator knows this from the await itself,
 * not from counting microtask ticks. Work that escapes (a real timer, real I/O, a foreign
 * promise) is reported as an {@link EscapeError}, decided at its source, so the same seed gives
 * the same verdict whatever the event loop does.
 *
 * @example
 * ```ts
 * import { Simulator } from '@sched/sim';
 *
 * const sim = new Simulator({ seed: 42, autoAdvance: true });
 * const a = sim.spawn(async (ctx) => { await ctx.sleep(10); return 'a'; });
 * const b = sim.spawn(async () => 'b');
 * await sim.runUntilIdle();
 * console.log(await a, await b, sim.now()); // a b 10
 * ```
 */
export class Simulator implements Scheduler {
  /** Every decision of this simulator, in order (a replayable schedule). */
  readonly trace: Trace;
  /** Escapes seen while `allowForeign` was on (otherwise they fail the run). */
  readonly escapes: EscapeError[] = [];
  /** Errors of detached tasks that nobody observed (and, with `failOnUnobservedError: false`, unobserved failures). */
  readonly unobservedErrors: Array<{ readonly error: unknown; readonly task: TaskInfo }> = [];

  /** The observer given in the options, if any. */
  readonly observer: StepObserver | undefined;

  readonly #source: RecordingSource;
  readonly #driver: StepDriver;
  /** What core primitives report to (attached with `attachProbe`): it makes this host a simulator. */
  readonly #probe: DriverProbe;
  readonly #failOnUnobserved: boolean;

  constructor(options: SimulatorOptions = {}) {
    const inner =
      options.source ??
      (options.schedule !== undefined
        ? new TapeSource(options.schedule)
        : options.order === 'fifo'
          ? new FifoSource()
          : new SeededSource(checkSeed(options.seed ?? 0)));
    // Candidate counts go straight into the trace (the source's lastCount), not into a list.
    this.#source = new RecordingSource(inner, false);
    this.trace = new Trace(options.trace ?? true);
    this.#failOnUnobserved = options.failOnUnobservedError ?? true;
    this.#driver = new StepDriver({
      source: this.#source,
      ready:
        options.order === 'fifo'
          ? new FifoReadySet()
          : new RandomReadySet({ foregroundFifo: options.order === 'session-fifo' }),
      trace: this.trace,
      escapes: new EscapeWatch({
        allowForeign: options.allowForeign ?? false,
        detectRealAsync: options.detectRealTimers ?? true,
        failOnUnobserved: this.#failOnUnobserved,
        tolerated: this.escapes,
        unobserved: this.unobservedErrors,
      }),
      context: taskContext(options.attribution ?? 'auto'),
      clock: checkDelay(options.startTime ?? 0, 'startTime'),
      jitterMs: checkNonNegativeInteger('jitterMs', options.jitterMs ?? 0),
      autoAdvance: options.autoAdvance ?? false,
      maxSteps: checkPositiveInteger('maxSteps', options.maxSteps ?? 1_000_000),
      observer: options.observer,
    });
    this.observer = options.observer;
    this.#probe = new DriverProbe(this.#driver, options.spawnLocations ?? true);
    const observer = options.observer;
    if (observer?.onAccess !== undefined) {
      // Sync primitives (Mutex, Channel) report their uses; each is named by kind and order of
      // first use in this run (`Mutex#1`), so names match across runs of one scenario.
      const names = new WeakMap<object, string>();
      let count = 0;
      this.#probe.access = (resource, kind) => {
        let name = names.get(resource);
        if (name === undefined) names.set(resource, (name = `${resource.constructor.name}#${++count}`));
        observer.onAccess?.(name, kind);
      };
    }
    attachProbe(this, this.#probe);
  }

  /** What drives decisions, e.g. `seed 42` or `schedule 0.2.1`. */
  get description(): string {
    return this.#source.description;
  }

  /** Every choice made so far: replaying it with `{ schedule }` reproduces this run. */
  get schedule(): readonly number[] {
    return this.#source.choices;
  }

  /** Number of Runnables ready to run now. */
  get readyCount(): number {
    return this.#driver.readyCount;
  }

  /** Number of timers not yet fired or cancelled. */
  get pendingTimers(): number {
    return this.#driver.timers.size;
  }

  /** True while a run call (`step`, `runUntilIdle`, `runUntil`, …) is in progress. */
  get running(): boolean {
    return this.#driver.running;
  }

  /** Tasks that have started and not finished. */
  liveTasks(): TaskInfo[] {
    return this.#driver.liveTasks();
  }

  /** Tasks with a Runnable ready to run now (started or not yet started), each once. */
  readyTasks(): TaskInfo[] {
    return this.#driver.readyTasks();
  }

  // ---- Scheduler -----------------------------------------------------------------------------

  dispatchForeground(runnable: Runnable): void {
    if (runnable.kind === 'start') this.#checkControl(runnable.task);
    this.#driver.push(runnable);
  }

  dispatchBackground(runnable: Runnable): void {
    if (runnable.kind === 'start') this.#checkControl(runnable.task);
    this.#driver.push(runnable);
  }

  /**
   * A task spawned on a scheduler that delegates to this simulator without its control (a
   * wrapper that did not call `forwardControl`) would resume natively, outside every step:
   * refuse it at spawn instead of losing control silently.
   */
  #checkControl(task: TaskInfo): void {
    const owner = schedulerOfTask(task);
    if (owner !== undefined && owner !== this && probeOf(owner) !== this.#probe) {
      throw new InvalidArgumentError(
        'scheduler',
        owner,
        'this simulator or a wrapper that shares its control: call forwardControl(wrapper, sim) once',
      );
    }
  }

  dispatchAfter(delayMs: number, runnable: Runnable): TimerHandle {
    checkDelay(delayMs);
    return this.#driver.dispatchAfter(delayMs, runnable);
  }

  timer(delayMs: number, signal?: AbortSignal): Timer {
    return createTimer(this, delayMs, signal);
  }

  now(): number {
    return this.#driver.clock;
  }

  isMainThread(): boolean {
    return true;
  }

  /** Draws integer ms in `[minMs, maxMs]` as one recorded decision, e.g. `ctx.sleep(sim.delay(5, 50))`. */
  delay(minMs: number, maxMs: number): number {
    return drawDelay(this.#source, this.trace, this.#driver.currentStep, minMs, maxMs);
  }

  // ---- Conveniences --------------------------------------------------------------------------

  /** Spawns a task on this simulator (same as `spawn(sim, body, options)`). */
  spawn<T>(body: TaskBody<T>, options?: SpawnOptions): Task<T> {
    return spawn(this, body, options);
  }

  /** Creates a session whose cleanup can be checked with {@link Simulator.endSession}. */
  session(name?: string): Session {
    return new Session(name);
  }

  /**
   * Ends a session the way a Cloudflare Worker ends a request: runs until the work registered
   * with `waitUntil` has finished (throwing {@link DeadlockError} if the simulation goes idle
   * first), then validates cleanup and closes the session. A registered task that fails is
   * reported like a detached one (by default that fails the run); a registered promise that
   * rejects makes `endSession` reject with its reason. With `rule: 'workers'` every unfinished task that is not registered counts as dangling, even if
   * awaited or detached (on Workers it would be cancelled); the default rule is core's.
   */
  async endSession(session: Session, options?: { readonly rule?: 'core' | 'workers' } & RunOptions): Promise<void> {
    const registered = session.registered();
    // Plain promises (e.g. `task.then(…)`) say nothing about their state: watch them settle.
    // A registered task's failure reaches the error reporter; a plain promise's is rethrown below.
    const settled = new Set<PromiseLike<unknown>>();
    const failures: unknown[] = [];
    for (const work of registered) {
      const w = work as { isFinished?: boolean; isSettled?: boolean };
      if (w.isFinished === undefined && w.isSettled === undefined) {
        Promise.resolve(work).then(
          () => settled.add(work),
          (error: unknown) => {
            settled.add(work);
            failures.push(error);
          },
        );
      }
    }
    const done = (): boolean =>
      registered.every((work) => {
        const w = work as { isFinished?: boolean; isSettled?: boolean };
        return w.isFinished ?? w.isSettled ?? settled.has(work);
      });
    // Going idle before the registered work finished is a deadlock, as in runUntil.
    await this.#driver.drive(done, true, options);
    if (failures.length > 0) throw failures[0];
    if (options?.rule === 'workers') {
      const dangling = session.unregisteredTasks();
      if (dangling.length > 0) {
        throw new SessionCleanupError(session.id, session.name, dangling);
      }
    }
    session.close();
  }

  /**
   * Throws `UnobservedTaskError` (naming the task, its spawn location, and the error as `cause`) if
   * a task of this simulator failed and nobody has observed it since: not awaited, `then`-ed,
   * detached or registered with `waitUntil`. `runOne`, `many`, `once` and `simTest` call it when
   * the test body returns; call it at the end of a test that drives a simulator directly.
   */
  checkUnobserved(): void {
    checkUnobservedFailures(this, this.#failOnUnobserved, this.unobservedErrors);
  }

  /**
   * Attaches a note to the step that is running (shown in traces and timelines).
   * Outside a step it is attached to the last step.
   */
  annotate(note: string): void {
    const step = this.#driver.currentStep;
    this.trace.addNote(step > 0 ? step : this.trace.steps, note);
  }

  // ---- Stepping ------------------------------------------------------------------------------

  /** Runs one Runnable (firing due timers first) and lets it settle. Resolves false if nothing was ready. */
  async step(options?: RunOptions): Promise<boolean> {
    const before = this.trace.steps;
    await this.#driver.drive(() => this.trace.steps > before, false, options);
    return this.trace.steps > before;
  }

  /**
   * Runs until idle: no Runnable is ready and no timer is due (deadline ≤ now). With
   * `autoAdvance`, the clock jumps to each next timer instead, so idle also means no timers.
   */
  runUntilIdle(options?: RunOptions): Promise<void> {
    return this.#driver.drive(() => false, false, options);
  }

  /**
   * Runs until `target` settles and returns its value (or throws its error). Throws
   * {@link DeadlockError} if the simulation goes idle first.
   */
  async runUntil<T>(target: PromiseLike<T>, options?: RunOptions): Promise<T> {
    if (isFinishedTask(target)) {
      await this.#driver.drive(() => true, true, options);
      return await target;
    }
    // Attached before the run starts, so it resolves natively and never counts as a task await.
    // The handlers keep the outcome, so a target that settled during the run is not awaited again.
    let settled = false;
    let failed = false;
    let outcome: unknown;
    Promise.resolve(target).then(
      (value) => {
        settled = true;
        outcome = value;
      },
      (error: unknown) => {
        settled = failed = true;
        outcome = error;
      },
    );
    await this.#driver.drive(() => settled || isFinishedTask(target), true, options);
    // A task can finish before its native settlement is seen: then await it.
    if (!settled) return await target;
    if (failed) throw outcome;
    return outcome as T;
  }

  /** Advances the clock by `ms`, firing due timers in deadline order and letting each settle. */
  async advanceTime(ms: number): Promise<void> {
    const driver = this.#driver;
    const target = driver.clock + checkDelay(ms, 'ms');
    await this.runUntilIdle({ autoAdvance: false });
    // `target` is finite, so no timer (Infinity) ends the loop.
    for (let next = driver.timers.nextDeadline(); next <= target; next = driver.timers.nextDeadline()) {
      driver.clock = Math.max(driver.clock, next);
      await this.runUntilIdle({ autoAdvance: false });
    }
    driver.clock = Math.max(driver.clock, target);
  }

  /** Jumps to the next timer's deadline and runs until idle. Resolves false if there is no timer. */
  async advanceToNextTimer(): Promise<boolean> {
    const driver = this.#driver;
    const next = driver.timers.nextDeadline();
    if (next === Number.POSITIVE_INFINITY) return false; // no timer
    driver.clock = Math.max(driver.clock, next);
    await this.runUntilIdle({ autoAdvance: false });
    return true;
  }
}

function taskContext(attribution: 'auto' | 'exact' | 'step'): TaskContext | undefined {
  if (attribution !== 'auto' && attribution !== 'exact' && attribution !== 'step') {
    throw new InvalidArgumentError('attribution', attribution, "'auto', 'exact' or 'step'");
  }
  if (attribution === 'step' || (attribution === 'auto' && !cheapTaskContext)) return undefined;
  const context = nodeTaskContext();
  if (context === undefined && attribution === 'exact') {
    throw new InvalidArgumentError(
      'attribution',
      attribution,
      "'step' or 'auto' here: this runtime has no AsyncLocalStorage",
    );
  }
  return context;
}

function isFinishedTask(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { isFinished?: unknown }).isFinished === true;
}
