import { InvalidArgumentError, type Runnable, type TaskInfo, type TimerHandle } from '@sched/core';
import { checkPositiveInteger, TIMER_INFO } from '@sched/core/host';
import type { RecordingSource } from '../decisions/recording-source.js';
import { DeadlockError } from '../errors/deadlock-error.js';
import type { EscapeError } from '../errors/escape-error.js';
import { LivelockError } from '../errors/livelock-error.js';
import { type DrainListener, DrainWatch } from '../escapes/drain-watch.js';
import type { EscapeWatch } from '../escapes/escape-watch.js';
import { microtask } from '../escapes/microtask.js';
import type { TaskContext } from '../escapes/task-context.js';
import type { ReadySet } from '../queues/ready-set.js';
import { TimerHeap } from '../timers/timer-heap.js';
import type { Trace } from '../trace/trace.js';
import type { LiveTask } from './live-task.js';
import type { StepObserver } from './step-observer.js';

/** Options of one run call. */
export interface RunOptions {
  /** Overrides the simulator's `autoAdvance` for this call. */
  readonly autoAdvance?: boolean | undefined;
  /** Overrides the simulator's `maxSteps` for this call. */
  readonly maxSteps?: number | undefined;
}

/** What a {@link StepDriver} is built from. */
export interface StepDriverConfig {
  readonly source: RecordingSource;
  readonly ready: ReadySet;
  readonly trace: Trace;
  readonly escapes: EscapeWatch;
  /** Exact attribution of continuations to tasks, or undefined for step attribution. */
  readonly context: TaskContext | undefined;
  readonly clock: number;
  readonly jitterMs: number;
  readonly autoAdvance: boolean;
  readonly maxSteps: number;
  /** Told about every step before it runs (coverage-guided exploration); usually absent. */
  readonly observer?: StepObserver | undefined;
}

const OK = 'ok';

// `new Promise(captureResolvers)` hands a run's resolving functions over through these two slots
// (cleared at once), so starting a run allocates no executor closure.
let capturedResolve: (() => void) | undefined;
let capturedReject: ((reason: unknown) => void) | undefined;
function captureResolvers(resolve: () => void, reject: (reason: unknown) => void): void {
  capturedResolve = resolve;
  capturedReject = reject;
}

/** One run call (`step`, `runUntilIdle`, `runUntil`, …) in progress. */
interface Run {
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
  readonly stop: () => boolean;
  /** Going idle before `stop()` holds is a deadlock (runUntil, endSession). */
  readonly deadlockOnIdle: boolean;
  readonly autoAdvance: boolean;
  readonly maxSteps: number;
  steps: number;
  /** Decided; delivered to the caller once the microtask queue drains. */
  outcome: typeof OK | { readonly error: unknown } | undefined;
}

/**
 * The engine under {@link Simulator}: it owns the ready set, the virtual clock and its timers,
 * the record of live tasks, and the steps.
 *
 * A step picks one Runnable and runs it. When it starts or resumes a task, the step lasts until
 * that task awaits a scheduler-owned thenable (the probe's `suspend`) or finishes. A whole run
 * stays inside one microtask drain: steps are chained as microtasks, and the drain's end is
 * observed through {@link DrainWatch} before any timer or I/O callback can run. So real
 * asynchronous work can never complete in the middle of a run, and every verdict (a step left
 * open, idleness, an escape) is the same whatever the event loop does.
 */
export class StepDriver implements DrainListener {
  readonly timers: TimerHeap<Runnable> = new TimerHeap<Runnable>();
  /** Started, unfinished tasks. */
  readonly live: Map<TaskInfo, LiveTask> = new Map<TaskInfo, LiveTask>();
  clock: number;

  readonly #source: RecordingSource;
  readonly #ready: ReadySet;
  readonly #trace: Trace;
  readonly #escapes: EscapeWatch;
  readonly #context: TaskContext | undefined;
  readonly #jitterMs: number;
  readonly #autoAdvance: boolean;
  readonly #maxSteps: number;
  readonly #observer: StepObserver | undefined;

  #run: Run | undefined = undefined;
  #current: TaskInfo | undefined = undefined;
  #currentLive: LiveTask | undefined = undefined;
  /** Step number of the running step (its trace record), 0 between steps. */
  #currentStep = 0;
  #segmentOpen = false;
  #inRun = false;
  #suspendedInRun = false;
  #pumpQueued = false;
  #lastChoice = -1;
  /** Suspensions that happened between steps: their task could not be told (step attribution). */
  #orphanSuspends = 0;
  #pendingFailure: unknown = undefined;

  constructor(config: StepDriverConfig) {
    this.#source = config.source;
    this.#ready = config.ready;
    this.#trace = config.trace;
    this.#escapes = config.escapes;
    this.#context = config.context;
    this.clock = config.clock;
    this.#jitterMs = config.jitterMs;
    this.#autoAdvance = config.autoAdvance;
    this.#maxSteps = config.maxSteps;
    this.#observer = config.observer;
  }

  /** True while a run call is in progress. */
  get running(): boolean {
    return this.#run !== undefined;
  }

  /** True while simulated code runs: inside a step that started or resumed a task. */
  get inStep(): boolean {
    return this.#run !== undefined && (this.#segmentOpen || this.#inRun);
  }

  /** The task of the step that runs now, if any. */
  get current(): TaskInfo | undefined {
    return this.#segmentOpen || this.#inRun ? this.#current : undefined;
  }

  /** Step number of the running step, 0 between steps (notes and draws are attached to it). */
  get currentStep(): number {
    return this.#currentStep;
  }

  get readyCount(): number {
    return this.#ready.size;
  }

  // ---- What hosts and core call ---------------------------------------------------------------

  push(runnable: Runnable): void {
    this.#ready.push(runnable);
  }

  dispatchAfter(delayMs: number, runnable: Runnable): TimerHandle {
    const jitter = this.#jitterMs > 0 ? this.#source.choose(this.#jitterMs + 1) : 0;
    if (jitter > 0 && this.#currentStep > 0) this.#trace.addJitter(this.#currentStep, jitter);
    return this.timers.push(this.clock + delayMs + jitter, runnable);
  }

  /** The probe's `suspend`: a task is about to await a scheduler-owned thenable. */
  suspend(): TaskInfo | undefined {
    const current = this.#current;
    if (this.#run === undefined || current === undefined) return undefined;
    const owner = this.#context?.current();
    const ownerLive = owner === undefined ? undefined : this.live.get(owner);
    if (owner !== undefined && ownerLive !== undefined && owner !== current) {
      // Exact attribution: another task's flow, progressing inside this step's drain.
      ownerLive.parked = false;
      ownerLive.waits++;
      return owner;
    }
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
      // Not inside any step and no step is due: test code awaiting. Resolved natively.
      return undefined;
    } else if (owner === undefined) {
      this.#orphanSuspends++;
    }
    const live = ownerLive ?? this.#currentLive;
    if (live !== undefined) {
      live.parked = false;
      live.waits++;
    }
    return current;
  }

  /** The probe's `finished`: a task's body settled. */
  finished(task: TaskInfo): void {
    const live = this.live.get(task);
    this.live.delete(task);
    if (task === this.#current) {
      if (this.#segmentOpen) this.#closeSegment();
      return;
    }
    // Inside a run, everything that happens before the microtask queue drains was set off by
    // the run's own steps: deterministic, so it is accepted. Only progress outside runs is foreign.
    if (this.#run !== undefined || live === undefined) return;
    this.#escape(this.#escapes.foreignWake(task));
  }

  // ---- Runs -----------------------------------------------------------------------------------

  /**
   * Steps until `stop()` holds or the simulation is idle (then, with `deadlockOnIdle`, a
   * {@link DeadlockError} unless `stop()` holds). Resolves once the microtask queue drains.
   */
  drive(stop: () => boolean, deadlockOnIdle: boolean, options: RunOptions | undefined): Promise<void> {
    if (this.#run !== undefined) {
      return Promise.reject(new InvalidArgumentError('run', 'nested', 'one run call at a time per simulator'));
    }
    if (this.#pendingFailure !== undefined) {
      const failure = this.#pendingFailure;
      this.#pendingFailure = undefined;
      return Promise.reject(failure);
    }
    const maxSteps = checkPositiveInteger('maxSteps', options?.maxSteps ?? this.#maxSteps);
    const done = new Promise<void>(captureResolvers);
    const resolve = capturedResolve as () => void;
    const reject = capturedReject as (reason: unknown) => void;
    capturedResolve = capturedReject = undefined;
    this.#run = {
      resolve,
      reject,
      stop,
      deadlockOnIdle,
      autoAdvance: options?.autoAdvance ?? this.#autoAdvance,
      maxSteps,
      steps: 0,
      outcome: undefined,
    };
    this.#current = undefined;
    this.#currentLive = undefined;
    this.#escapes.start(this);
    this.#context?.retain();
    DrainWatch.add(this);
    this.#queuePump();
    return done;
  }

  /** Ends the run in progress with `error` (delivered when the microtask queue drains). */
  fail(error: unknown): void {
    const run = this.#run;
    if (run !== undefined) {
      if (run.outcome === undefined) run.outcome = { error };
    } else {
      this.#pendingFailure ??= error;
    }
  }

  /** Fails the run with an escape, or records it (`allowForeign`). Returns true if the run goes on. */
  #escape(error: EscapeError): boolean {
    if (this.#escapes.tolerate(error)) return true;
    this.fail(error);
    return false;
  }

  /** Reports an escape seen by the escape watch. */
  escape(error: EscapeError): void {
    this.#escape(error);
  }

  readonly #pump = (): void => {
    this.#pumpQueued = false;
    const run = this.#run;
    if (run === undefined || run.outcome !== undefined || this.#segmentOpen) return;
    for (;;) {
      if (run.stop()) {
        run.outcome = OK;
        return;
      }
      const runnable = this.#next(run.autoAdvance);
      // Idle for now: decided once the microtask queue drains, since queued native callbacks
      // may still make something ready (see onDrained).
      if (runnable === undefined) return;
      if (++run.steps > run.maxSteps) {
        run.outcome = { error: new LivelockError(run.maxSteps, this.#trace.tail(20)) };
        return;
      }
      this.#runOne(runnable);
      if (run.outcome !== undefined || this.#segmentOpen) return;
    }
  };

  #next(autoAdvance: boolean): Runnable | undefined {
    this.#releaseDueTimers();
    if (this.#ready.size === 0) {
      const next = autoAdvance ? this.timers.nextDeadline() : Number.POSITIVE_INFINITY;
      if (next === Number.POSITIVE_INFINITY) return undefined;
      this.clock = Math.max(this.clock, next);
      this.#releaseDueTimers();
    }
    const decisions = this.#source.choices.length;
    const runnable = this.#ready.pick(this.#source);
    this.#lastChoice = this.#source.choices.length > decisions ? decisions : -1;
    return runnable;
  }

  #releaseDueTimers(): void {
    const timers = this.timers;
    while (timers.nextDeadline() <= this.clock) {
      const runnable = timers.popValue() as Runnable;
      // A core timer's fire only settles its Completion: it runs no user code, so it is not a
      // step of its own. Whoever awaits the timer is resumed through the ready set, and that
      // pick is the one decision (so ties at one millisecond are explored, one choice each).
      if (runnable.task === TIMER_INFO) {
        try {
          runnable.run();
        } catch (error) {
          this.fail(error);
        }
      } else {
        this.#ready.push(runnable);
      }
    }
  }

  #runOne(runnable: Runnable): void {
    const task = runnable.task;
    this.#current = task;
    const kind = runnable.kind;
    // One map lookup per step: the live record carries the task's local trace number too.
    let live: LiveTask | undefined;
    if (kind === 'start') {
      live = { waits: 0, parked: false, parkedAt: 0, local: this.#trace.localTask(task.id) };
      this.live.set(task, live);
    } else {
      live = this.live.get(task);
      if (kind === 'resume' && live !== undefined && live.waits > 0) live.waits--;
    }
    this.#currentLive = live;
    const choice = this.#lastChoice;
    this.#currentStep =
      choice < 0
        ? this.#trace.record(runnable, this.clock, live?.local)
        : this.#trace.record(
            runnable,
            this.clock,
            live?.local,
            this.#source.choices[choice] as number,
            this.#source.lastCount,
          );
    if (this.#observer !== undefined) this.#observer.onStep(runnable);
    this.#segmentOpen = kind === 'start' || kind === 'resume';
    this.#inRun = true;
    try {
      if (kind === 'start' && this.#context !== undefined) this.#context.run(task, () => runnable.run());
      else runnable.run();
    } catch (error) {
      this.#segmentOpen = false;
      this.fail(error);
    } finally {
      this.#inRun = false;
    }
    if (this.#suspendedInRun) {
      this.#suspendedInRun = false;
      const step = this.#trace.steps;
      const run = this.#run;
      // Queued behind every microtask run() queued: closes the step unless the task's next await did.
      microtask(() => {
        if (this.#segmentOpen && this.#trace.steps === step && this.#run === run) this.#closeSegment();
      });
    }
  }

  #closeSegment(): void {
    this.#segmentOpen = false;
    this.#currentStep = 0;
    if (!this.#inRun) this.#queuePump();
  }

  #queuePump(): void {
    if (this.#pumpQueued) return;
    this.#pumpQueued = true;
    microtask(this.#pump);
  }

  /** The microtask queue is empty: nothing queued can make progress any more (the {@link DrainListener} call). */
  onDrained(): void {
    const run = this.#run;
    if (run === undefined) {
      DrainWatch.remove(this);
      return;
    }
    if (run.outcome === undefined && this.#segmentOpen) {
      // The task neither awaited anything the simulator owns nor finished. With owned waits
      // pending it made partial progress (one input of Promise.all resolved); without, it is
      // parked on something native: judged when the simulation is idle (see #idle).
      const live = this.#currentLive;
      if (live !== undefined && live.waits === 0) {
        live.parked = true;
        live.parkedAt = this.#orphanSuspends;
      }
      this.#segmentOpen = false;
      this.#currentStep = 0;
      this.#queuePump();
      return;
    }
    if (run.outcome === undefined && !this.#pumpQueued) {
      if (this.#hasWork(run.autoAdvance)) {
        this.#queuePump();
        return;
      }
      this.#idle(run);
    }
    if (run.outcome !== undefined) this.#deliver(run);
  }

  #hasWork(autoAdvance: boolean): boolean {
    if (this.#ready.size > 0) return true;
    const next = this.timers.nextDeadline(); // Infinity when there is no timer
    return next !== Number.POSITIVE_INFINITY && (autoAdvance || next <= this.clock);
  }

  /** Nothing is ready and no timer may fire: decide how the run ends. */
  #idle(run: Run): void {
    if (run.stop()) {
      run.outcome = OK;
      return;
    }
    // A task parked on something native that no step resolved, with no timer left that could:
    // it waits on work the simulator does not own (real I/O, a real timer, an outside promise).
    if (this.timers.size === 0 || run.deadlockOnIdle) {
      for (const [task, live] of this.live) {
        if (!this.#stuck(live)) continue;
        live.parked = false; // reported once
        if (!this.#escape(this.#escapes.parkedOnForeign(task))) return;
      }
    }
    run.outcome = run.deadlockOnIdle ? { error: new DeadlockError(this.liveTasks(), this.timers.size) } : OK;
  }

  #stuck(live: LiveTask): boolean {
    if (!live.parked || live.waits > 0) return false;
    // With step attribution a suspension between steps may have been this task's: not sure.
    return this.#context !== undefined || live.parkedAt === this.#orphanSuspends;
  }

  #deliver(run: Run): void {
    this.#run = undefined;
    this.#current = undefined;
    this.#currentLive = undefined;
    this.#segmentOpen = false;
    this.#currentStep = 0;
    DrainWatch.remove(this);
    this.#escapes.stop();
    this.#context?.release();
    const outcome = run.outcome;
    if (outcome === OK || outcome === undefined) run.resolve();
    else run.reject(outcome.error);
  }

  liveTasks(): TaskInfo[] {
    return [...this.live.keys()];
  }

  /** Tasks with a Runnable ready to run now (started or not yet started), each once. */
  readyTasks(): TaskInfo[] {
    return [...new Set(this.#ready.runnables().map((r) => r.task))];
  }
}
