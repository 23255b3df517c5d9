import {
  checkDelay,
  createTimer,
  firstUserFrame,
  InvalidArgumentError,
  type Runnable,
  type Scheduler,
  type SchedulerProbe,
  Session,
  SessionCleanupError,
  type SpawnOptions,
  spawn,
  type Task,
  type TaskBody,
  type TaskInfo,
  TIMER_INFO,
  type Timer,
  type TimerHandle,
} from '@sched/core';
import type { DecisionSource } from './decisions/decision-source.js';
import { FifoSource } from './decisions/fifo-source.js';
import { RecordingSource } from './decisions/recording-source.js';
import { checkSeed, SeededSource } from './decisions/seeded-source.js';
import { TapeSource } from './decisions/tape-source.js';
import { DeadlockError } from './errors/deadlock-error.js';
import { EscapeError } from './errors/escape-error.js';
import { LivelockError } from './errors/livelock-error.js';
import { defaultMacrotask, type Macrotask } from './escapes/macrotask.js';
import { microtask } from './escapes/microtask.js';
import { type ForeignCall, RealTimerSpy } from './escapes/real-timer-spy.js';
import { UnobservedErrorRouter } from './escapes/unobserved-error-router.js';
import { checkUnobservedFailures } from './escapes/unobserved-failures.js';
import { FifoReadySet } from './queues/fifo-ready-set.js';
import { RandomReadySet } from './queues/random-ready-set.js';
import type { ReadySet } from './queues/ready-set.js';
import { TimerHeap } from './timers/timer-heap.js';
import { Trace } from './trace/trace.js';
import type { TraceEvent } from './trace/trace-event.js';

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
  /** Keep every trace event (default true). The rolling trace hash is always kept. */
  readonly trace?: boolean | undefined;
  /** Virtual time at start, in ms (default 0). */
  readonly startTime?: number | undefined;
  /**
   * Fail when a task's error goes unobserved (default true): a detached task's failure fails the
   * run at once, and a task that failed with nobody awaiting, detaching or registering it fails
   * {@link Simulator.checkUnobserved} (run by `runOne`, `many`, `once` and `simTest` when the
   * test body returns). With false, both are only recorded in `unobservedErrors`.
   */
  readonly failOnUnobservedError?: boolean | undefined;
  /** Record real `setTimeout`/`setInterval`/`setImmediate` calls during runs (default true). */
  readonly detectRealTimers?: boolean | undefined;
  /** Watchdog hook that runs a callback after all microtasks (default: setImmediate). */
  readonly macrotask?: Macrotask | undefined;
}

/** Options of one run call. */
export interface RunOptions {
  /** Overrides the simulator's `autoAdvance` for this call. */
  readonly autoAdvance?: boolean | undefined;
  /** Overrides the simulator's `maxSteps` for this call. */
  readonly maxSteps?: number | undefined;
}

interface Driver {
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
  readonly stop: () => boolean;
  readonly onIdle: (() => void) | undefined;
  readonly autoAdvance: boolean;
  readonly maxSteps: number;
  steps: number;
}

/**
 * The deterministic simulation host. It implements the same {@link Scheduler} interface as the
 * production runtimes, owns every wake-up (task starts, resumptions, timers, yields, channel
 * and mutex hand-overs) and decides their order from a seed, a schedule or a fuzzer's tape.
 *
 * Details: a step runs one Runnable and lets the task it resumes run until that task reaches
 * its next scheduler-owned await or finishes; the simulator knows this from the await itself,
 * not from counting microtask ticks. Work that escapes (a real timer, real I/O, a foreign
 * promise) is reported as an {@link EscapeError}.
 *
 * @example
 * ```ts
 * const sim = new Simulator({ seed: 42, autoAdvance: true });
 * const a = sim.spawn(async (ctx) => { await ctx.sleep(10); return 'a'; });
 * const b = sim.spawn(async () => 'b');
 * await sim.runUntilIdle();
 * console.log(await a, await b, sim.now()); // a b 10
 * ```
 */
export class Simulator implements Scheduler {
  /** The probe core primitives report to; it is what makes this host a simulator. */
  readonly probe: SchedulerProbe;
  /** Every decision of this simulator, in order (a replayable schedule). */
  readonly trace: Trace;
  /** Escapes seen while `allowForeign` was on (otherwise they fail the run). */
  readonly escapes: EscapeError[] = [];
  /** Errors of detached tasks that nobody observed (and, with `failOnUnobservedError: false`, unobserved failures). */
  readonly unobservedErrors: Array<{ readonly error: unknown; readonly task: TaskInfo }> = [];

  readonly #source: RecordingSource;
  readonly #ready: ReadySet;
  readonly #timers = new TimerHeap<Runnable>();
  readonly #autoAdvance: boolean;
  readonly #jitterMs: number;
  readonly #maxSteps: number;
  readonly #allowForeign: boolean;
  readonly #failOnUnobserved: boolean;
  readonly #detectRealTimers: boolean;
  readonly #macrotask: Macrotask;
  /** Started, unfinished tasks: their local trace number and how many owned waits are pending. */
  readonly #live = new Map<TaskInfo, LiveTask>();
  /** The `#live` record of the task of the running step (undefined for host work). */
  #currentLive: LiveTask | undefined = undefined;
  readonly #foreignCalls: ForeignCall[] = [];
  #clock: number;
  #driver: Driver | undefined = undefined;
  #current: TaskInfo | undefined = undefined;
  #currentEvent: TraceEvent | undefined = undefined;
  #segmentOpen = false;
  #inRun = false;
  #suspendedInRun = false;
  #pumpQueued = false;
  #watchdogArmed = false;
  #pendingFailure: unknown = undefined;
  #lastChoice = -1;
  #teardown: Array<() => void> = [];

  constructor(options: SimulatorOptions = {}) {
    const inner =
      options.source ??
      (options.schedule !== undefined
        ? new TapeSource(options.schedule)
        : options.order === 'fifo'
          ? new FifoSource()
          : new SeededSource(checkSeed(options.seed ?? 0)));
    // Candidate counts only feed trace events, so they are not recorded without a trace.
    this.#source = new RecordingSource(inner, options.trace ?? true);
    this.#ready =
      options.order === 'fifo'
        ? new FifoReadySet()
        : new RandomReadySet({ foregroundFifo: options.order === 'session-fifo' });
    this.#autoAdvance = options.autoAdvance ?? false;
    this.#jitterMs = checkNonNegativeInteger('jitterMs', options.jitterMs ?? 0);
    this.#maxSteps = checkPositiveInteger('maxSteps', options.maxSteps ?? 1_000_000);
    this.#allowForeign = options.allowForeign ?? false;
    this.#failOnUnobserved = options.failOnUnobservedError ?? true;
    this.#detectRealTimers = options.detectRealTimers ?? true;
    this.#macrotask = options.macrotask ?? defaultMacrotask();
    this.#clock = checkDelay(options.startTime ?? 0, 'startTime');
    this.trace = new Trace(options.trace ?? true);
    this.probe = {
      suspend: () => this.#onSuspend(),
      finished: (task) => this.#onFinished(task),
    };
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
    return this.#ready.size;
  }

  /** Number of timers not yet fired or cancelled. */
  get pendingTimers(): number {
    return this.#timers.size;
  }

  /** Tasks that have started and not finished. */
  liveTasks(): TaskInfo[] {
    return [...this.#live.keys()];
  }

  // ---- Scheduler -----------------------------------------------------------------------------

  dispatchForeground(runnable: Runnable): void {
    this.#ready.push(runnable);
  }

  dispatchBackground(runnable: Runnable): void {
    this.#ready.push(runnable);
  }

  dispatchAfter(delayMs: number, runnable: Runnable): TimerHandle {
    checkDelay(delayMs);
    const jitter = this.#jitterMs > 0 ? this.#source.choose(this.#jitterMs + 1) : 0;
    const event = this.#currentEvent;
    if (jitter > 0 && event !== undefined) event.jitter = (event.jitter ?? 0) + jitter;
    return this.#timers.push(this.#clock + delayMs + jitter, runnable);
  }

  timer(delayMs: number, signal?: AbortSignal): Timer {
    return createTimer(this, delayMs, signal);
  }

  now(): number {
    return this.#clock;
  }

  isMainThread(): boolean {
    return true;
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
    await this.#drive(done, done, options);
    if (failures.length > 0) throw failures[0];
    if (options?.rule === 'workers') {
      const dangling = session.liveTasks().filter((t) => !registered.includes(t as unknown as PromiseLike<unknown>));
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
    const event = this.#currentEvent ?? this.trace.events[this.trace.events.length - 1];
    if (event !== undefined) (event.notes ??= []).push(note);
  }

  // ---- Stepping ------------------------------------------------------------------------------

  /** Runs one Runnable (firing due timers first) and lets it settle. Resolves false if nothing was ready. */
  async step(options?: RunOptions): Promise<boolean> {
    const before = this.trace.steps;
    await this.#drive(() => this.trace.steps > before, undefined, options);
    return this.trace.steps > before;
  }

  /**
   * Runs until idle: no Runnable is ready and no timer is due (deadline ≤ now). With
   * `autoAdvance`, the clock jumps to each next timer instead, so idle also means no timers.
   */
  runUntilIdle(options?: RunOptions): Promise<void> {
    return this.#drive(() => false, undefined, options);
  }

  /**
   * Runs until `target` settles and returns its value (or throws its error). Throws
   * {@link DeadlockError} if the simulation goes idle first.
   */
  async runUntil<T>(target: PromiseLike<T>, options?: RunOptions): Promise<T> {
    let settled = isFinishedTask(target);
    if (!settled) {
      // Attached before the run starts, so it resolves natively and never counts as a task await.
      Promise.resolve(target).then(
        () => (settled = true),
        () => (settled = true),
      );
    }
    const stop = (): boolean => settled || isFinishedTask(target);
    await this.#drive(stop, () => stop(), options);
    return await target;
  }

  /** Advances the clock by `ms`, firing due timers in deadline order and letting each settle. */
  async advanceTime(ms: number): Promise<void> {
    const target = this.#clock + checkDelay(ms, 'ms');
    await this.runUntilIdle({ autoAdvance: false });
    for (let next = this.#timers.peek(); next !== undefined && next.deadline <= target; next = this.#timers.peek()) {
      this.#clock = Math.max(this.#clock, next.deadline);
      await this.runUntilIdle({ autoAdvance: false });
    }
    this.#clock = Math.max(this.#clock, target);
  }

  /** Jumps to the next timer's deadline and runs until idle. Resolves false if there is no timer. */
  async advanceToNextTimer(): Promise<boolean> {
    const next = this.#timers.peek();
    if (next === undefined) return false;
    this.#clock = Math.max(this.#clock, next.deadline);
    await this.runUntilIdle({ autoAdvance: false });
    return true;
  }

  // ---- The drive loop ------------------------------------------------------------------------

  #drive(stop: () => boolean, idleCheck: (() => boolean) | undefined, options: RunOptions | undefined): Promise<void> {
    if (this.#driver !== undefined) {
      return Promise.reject(new InvalidArgumentError('run', 'nested', 'one run call at a time per simulator'));
    }
    if (this.#pendingFailure !== undefined) {
      const failure = this.#pendingFailure;
      this.#pendingFailure = undefined;
      return Promise.reject(failure);
    }
    const maxSteps = checkPositiveInteger('maxSteps', options?.maxSteps ?? this.#maxSteps);
    return new Promise<void>((resolve, reject) => {
      const onIdle = idleCheck === undefined ? undefined : () => this.#confirmDeadlock(idleCheck);
      this.#driver = {
        resolve,
        reject,
        stop,
        onIdle,
        autoAdvance: options?.autoAdvance ?? this.#autoAdvance,
        maxSteps,
        steps: 0,
      };
      this.#current = undefined;
      this.#installHooks();
      this.#armWatchdog();
      this.#queuePump();
    });
  }

  readonly #pump = (): void => {
    this.#pumpQueued = false;
    const driver = this.#driver;
    if (driver === undefined || this.#segmentOpen) return;
    for (;;) {
      if (driver.stop()) return this.#finish();
      const runnable = this.#next(driver.autoAdvance);
      if (runnable === undefined) {
        if (driver.onIdle !== undefined) return driver.onIdle();
        return this.#finish();
      }
      if (++driver.steps > driver.maxSteps) {
        return this.#finish(new LivelockError(driver.maxSteps, this.trace.events.slice(-20)));
      }
      this.#runOne(runnable);
      if (this.#driver !== driver) return; // the step failed the run
      if (this.#segmentOpen) return; // resumed by the task's next await, its completion, or the watchdog
    }
  };

  #next(autoAdvance: boolean): Runnable | undefined {
    this.#releaseDueTimers();
    if (this.#ready.size === 0) {
      const next = autoAdvance ? this.#timers.peek() : undefined;
      if (next === undefined) return undefined;
      this.#clock = Math.max(this.#clock, next.deadline);
      this.#releaseDueTimers();
    }
    const decisions = this.#source.choices.length;
    const runnable = this.#ready.pick(this.#source);
    this.#lastChoice = this.#source.choices.length > decisions ? decisions : -1;
    return runnable;
  }

  #releaseDueTimers(): void {
    for (
      let next = this.#timers.peek();
      next !== undefined && next.deadline <= this.#clock;
      next = this.#timers.peek()
    ) {
      this.#timers.pop();
      const runnable = next.value;
      // A core timer's fire only settles its Completion: it runs no user code, so it is not a
      // step of its own. Whoever awaits the timer is resumed through the ready set, and that
      // pick is the one decision (so ties at one millisecond are explored, one choice each).
      if (runnable.task === TIMER_INFO) this.#fireInline(runnable);
      else this.#ready.push(runnable);
    }
  }

  #fireInline(runnable: Runnable): void {
    try {
      runnable.run();
    } catch (error) {
      this.#finish(error);
    }
  }

  #runOne(runnable: Runnable): void {
    const task = runnable.task;
    this.#current = task;
    const kind = runnable.kind;
    // One map lookup per step: the live record carries the task's local trace number too.
    let live: LiveTask | undefined;
    if (kind === 'start') {
      live = { waits: 0, closedEarly: false, local: this.trace.localTask(task.id) };
      this.#live.set(task, live);
    } else {
      live = this.#live.get(task);
      if (kind === 'resume' && live !== undefined && live.waits > 0) live.waits--;
    }
    this.#currentLive = live;
    const event = this.trace.record(runnable, this.#clock, live?.local);
    if (event !== undefined && this.#lastChoice >= 0) {
      event.choice = {
        index: this.#source.choices[this.#lastChoice] as number,
        of: this.#source.counts[this.#lastChoice] as number,
      };
    }
    this.#currentEvent = event;
    this.#segmentOpen = kind === 'start' || kind === 'resume';
    this.#inRun = true;
    try {
      runnable.run();
    } catch (error) {
      this.#segmentOpen = false;
      this.#finish(error);
    } finally {
      this.#inRun = false;
    }
    if (this.#suspendedInRun) {
      this.#suspendedInRun = false;
      const step = this.trace.steps;
      const driver = this.#driver;
      // Queued behind every microtask run() queued: closes the step unless the task's next await did.
      microtask(() => {
        if (this.#segmentOpen && this.trace.steps === step && this.#driver === driver) {
          if (live !== undefined) live.closedEarly = true;
          this.#closeSegment();
        }
      });
    }
  }

  #onSuspend(): TaskInfo | undefined {
    const current = this.#current;
    if (this.#driver === undefined || current === undefined) return undefined;
    if (this.#segmentOpen) {
      if (this.#inRun) {
        // `then` called synchronously, not awaited (`ctx.sleep(5).then(f)`, or a body returning a
        // timer): the task is still running and the microtasks it queued belong to this step,
        // so the step ends after them (see #runOne), or at the task's next suspension.
        this.#suspendedInRun = true;
      } else {
        this.#closeSegment();
      }
    } else if (!this.#pumpQueued) {
      // Not inside any step: test code awaiting, or a task resumed by foreign work. Either way it
      // is resolved natively; a foreign resumption is caught when that task finishes or stalls.
      return undefined;
    }
    if (this.#currentLive !== undefined) this.#currentLive.waits++;
    return current;
  }

  #onFinished(task: TaskInfo): void {
    const live = this.#live.get(task);
    this.#live.delete(task);
    if (task === this.#current) {
      if (this.#segmentOpen) this.#closeSegment();
      return;
    }
    // Finishing after a step we closed early is the task's own microtask chain, not a foreign wake.
    if (live?.closedEarly === true) return;
    const location = firstUserFrame(new Error().stack);
    this.#escape(
      new EscapeError(
        'foreign-wake',
        `${describe(task)} finished outside its own step: something the simulator does not own resumed it${this.#foreignHint()}`,
        location ?? task.spawnLocation,
      ),
    );
  }

  #closeSegment(): void {
    this.#segmentOpen = false;
    this.#currentEvent = undefined;
    if (!this.#inRun) this.#queuePump();
  }

  #queuePump(): void {
    if (this.#pumpQueued) return;
    this.#pumpQueued = true;
    microtask(this.#pump);
  }

  #armWatchdog(): void {
    if (this.#watchdogArmed) return;
    this.#watchdogArmed = true;
    this.#macrotask(this.#onQuiet);
  }

  /** Runs only once the microtask queue is empty: nothing in the simulation can make progress. */
  readonly #onQuiet = (): void => {
    this.#watchdogArmed = false;
    if (this.#driver === undefined) return;
    if (this.#segmentOpen) {
      const task = this.#current as TaskInfo;
      if (this.#live.get(task)?.waits === 0) {
        const error = new EscapeError(
          'parked-on-foreign',
          `${describe(task)} is waiting on something the simulator does not own (a real timer, real I/O or a promise from outside)${this.#foreignHint()}. Await scheduler-owned things (ctx.sleep, tasks, Channel, Mutex) or pass { allowForeign: true }.`,
          task.spawnLocation,
        );
        if (!this.#escape(error)) return;
      }
      // Partial progress (e.g. one input of Promise.all resolved): the step is over.
      this.#segmentOpen = false;
      this.#queuePump();
    }
    this.#armWatchdog();
  };

  #confirmDeadlock(settled: () => boolean): void {
    // The target may settle through native callbacks still queued; decide after they ran.
    this.#macrotask(() => {
      if (this.#driver === undefined) return;
      if (settled()) return this.#finish();
      if (this.#ready.size > 0 || this.#segmentOpen) return this.#queuePump();
      this.#finish(new DeadlockError(this.liveTasks(), this.#timers.size));
    });
  }

  /** Records or raises an escape. Returns true when the run may go on. */
  #escape(error: EscapeError): boolean {
    if (this.#allowForeign) {
      this.escapes.push(error);
      return true;
    }
    if (this.#driver !== undefined) this.#finish(error);
    else this.#pendingFailure ??= error;
    return false;
  }

  #foreignHint(): string {
    const calls = this.#foreignCalls.slice(-3);
    if (calls.length === 0) return '';
    return `. Real timer calls seen during the run: ${calls.map((c) => `${c.api} at ${c.location ?? 'unknown'}`).join(', ')}`;
  }

  #installHooks(): void {
    if (this.#detectRealTimers) {
      this.#teardown.push(
        RealTimerSpy.install((call) => {
          this.#foreignCalls.push(call);
          if (this.#foreignCalls.length > 20) this.#foreignCalls.shift();
        }),
      );
    }
    this.#teardown.push(
      UnobservedErrorRouter.install({
        owns: (task) => this.#live.has(task),
        report: (error, task) => {
          this.unobservedErrors.push({ error, task });
          if (this.#failOnUnobserved && this.#driver !== undefined) this.#finish(error);
        },
      }),
    );
  }

  #finish(error?: unknown): void {
    const driver = this.#driver;
    if (driver === undefined) return;
    this.#driver = undefined;
    this.#currentEvent = undefined;
    for (const undo of this.#teardown.splice(0).reverse()) undo();
    if (error === undefined) driver.resolve();
    else driver.reject(error);
  }
}

interface LiveTask {
  /** Scheduler-owned waits the task has started and not yet been resumed from. */
  waits: number;
  /**
   * The simulator closed this task's step before the task suspended (it called `then` without
   * awaiting, then went on through native awaits): its later progress is ours, not foreign.
   */
  closedEarly: boolean;
  /** The task's number in the trace. */
  readonly local: number;
}

function describe(task: TaskInfo): string {
  const label = task.label === undefined ? '' : ` "${task.label}"`;
  return `task #${task.id}${label} (spawned at ${task.spawnLocation ?? 'unknown location'})`;
}

function isFinishedTask(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { isFinished?: unknown }).isFinished === true;
}

function checkPositiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new InvalidArgumentError(name, value, 'a positive integer');
  return value;
}

function checkNonNegativeInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) throw new InvalidArgumentError(name, value, 'a non-negative integer');
  return value;
}
