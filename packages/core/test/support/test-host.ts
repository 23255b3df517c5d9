/**
 * A deliberately small, deterministic Scheduler for core's own tests. It is NOT the simulator.
 *
 * - Two lanes (foreground, background), each a queue ordered by priority rank with FIFO ties.
 *   `step()` takes from the foreground lane first, then the background lane, unless a `choose`
 *   function is given (used by interleaving property tests), which picks any ready Runnable.
 * - After each Runnable it waits one macrotask (`setImmediate`), so every microtask the Runnable
 *   started has settled before the next one runs.
 * - A manual virtual clock: `advance(ms)` fires due `dispatchAfter` entries in deadline order
 *   (FIFO ties), dispatching each on its task's lane and draining after each.
 * - Probe mode (`{ probe: true }`): a minimal SchedulerProbe whose `suspend()` returns the task
 *   whose `start`/`resume` Runnable is currently running (until its microtasks settle), and
 *   which records every `suspend()` and `finished()` call.
 */

import { attachProbe, checkDelay, createTimer, priorityRank, type SchedulerProbe } from '../../src/host.js';
import type { Lane, Runnable, RunnableKind, Scheduler, TaskInfo, Timer, TimerHandle } from '../../src/index.js';

/** One Runnable as the host saw it being dispatched or run. */
export interface RunnableRecord {
  readonly kind: RunnableKind;
  readonly taskId: number;
  readonly label: string | undefined;
  /** Lane it was dispatched to (which dispatch method was called). */
  readonly lane: Lane;
  readonly priority: TaskInfo['priority'];
}

export interface TestHostOptions {
  /** Install a {@link TestProbe}, so core takes its probe (simulator) code paths. */
  readonly probe?: boolean;
  /** Picks which ready Runnable runs next (index into `ready`); default: foreground first, rank, FIFO. */
  readonly choose?: (ready: readonly Runnable[]) => number;
}

interface Entry {
  readonly runnable: Runnable;
  readonly lane: Lane;
  readonly rank: number;
  readonly seq: number;
}

interface PendingTimer {
  readonly deadline: number;
  readonly seq: number;
  readonly runnable: Runnable;
  cancelled: boolean;
  fired: boolean;
}

/** Records what core reports through the probe. */
export class TestProbe implements SchedulerProbe {
  /** The task whose start/resume Runnable is running; what `suspend()` returns. */
  current: TaskInfo | undefined = undefined;
  /** Id of the task each `suspend()` call returned (`undefined` for non-task awaiters). */
  readonly suspendedIds: Array<number | undefined> = [];
  /** Ids passed to `finished()`, in call order. */
  readonly finishedIds: number[] = [];

  suspend(): TaskInfo | undefined {
    this.suspendedIds.push(this.current?.id);
    return this.current;
  }

  finished(task: TaskInfo): void {
    this.finishedIds.push(task.id);
  }
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class TestHost implements Scheduler {
  readonly probe: TestProbe | undefined;
  /** Every dispatch, in order. */
  readonly dispatched: RunnableRecord[] = [];
  /** Every run, in order. */
  readonly ran: RunnableRecord[] = [];

  readonly #queues: Record<Lane, Entry[]> = { foreground: [], background: [] };
  readonly #timers: PendingTimer[] = [];
  readonly #choose: ((ready: readonly Runnable[]) => number) | undefined;
  #now = 0;
  #seq = 0;

  constructor(options: TestHostOptions = {}) {
    this.probe = options.probe === true ? new TestProbe() : undefined;
    if (this.probe !== undefined) attachProbe(this, this.probe);
    this.#choose = options.choose;
  }

  dispatchForeground(runnable: Runnable): void {
    this.#enqueue('foreground', runnable);
  }

  dispatchBackground(runnable: Runnable): void {
    this.#enqueue('background', runnable);
  }

  dispatchAfter(delayMs: number, runnable: Runnable): TimerHandle {
    checkDelay(delayMs);
    const timer: PendingTimer = {
      deadline: this.#now + delayMs,
      seq: this.#seq++,
      runnable,
      cancelled: false,
      fired: false,
    };
    this.#timers.push(timer);
    return {
      cancel: () => {
        if (timer.cancelled || timer.fired) return false;
        timer.cancelled = true;
        return true;
      },
    };
  }

  timer(delayMs: number, signal?: AbortSignal): Timer {
    return createTimer(this, delayMs, signal);
  }

  now(): number {
    return this.#now;
  }

  isMainThread(): boolean {
    return true;
  }

  /** Number of queued Runnables (both lanes). */
  get pending(): number {
    return this.#queues.foreground.length + this.#queues.background.length;
  }

  /** Number of timers that have neither fired nor been cancelled. */
  get pendingTimers(): number {
    return this.#timers.filter((t) => !t.cancelled && !t.fired).length;
  }

  /** Runs the next Runnable and lets its microtasks settle. Returns false if nothing was ready. */
  async step(): Promise<boolean> {
    const entry = this.#take();
    if (entry === undefined) return false;
    const { runnable } = entry;
    this.ran.push(record(runnable, entry.lane));
    const probe = this.probe;
    if (probe !== undefined) {
      probe.current = runnable.kind === 'start' || runnable.kind === 'resume' ? runnable.task : undefined;
    }
    try {
      runnable.run();
      await settle();
    } finally {
      if (probe !== undefined) probe.current = undefined;
    }
    return true;
  }

  /** Runs until no Runnable is ready. Returns how many ran. Throws if `maxSteps` is exceeded. */
  async runAll(maxSteps = 100_000): Promise<number> {
    await settle();
    let steps = 0;
    while (await this.step()) {
      if (++steps > maxSteps) throw new Error(`TestHost.runAll: more than ${maxSteps} steps`);
    }
    return steps;
  }

  /** Drains, then moves the clock forward by `ms`, firing due timers in order and draining after each. */
  async advance(ms: number): Promise<void> {
    checkDelay(ms, 'ms');
    const target = this.#now + ms;
    await this.runAll();
    for (;;) {
      const due = this.#timers
        .filter((t) => !t.cancelled && !t.fired && t.deadline <= target)
        .sort((a, b) => a.deadline - b.deadline || a.seq - b.seq)[0];
      if (due === undefined) break;
      due.fired = true;
      this.#now = due.deadline;
      if (due.runnable.task.lane === 'foreground') this.dispatchForeground(due.runnable);
      else this.dispatchBackground(due.runnable);
      await this.runAll();
    }
    this.#now = target;
  }

  #enqueue(lane: Lane, runnable: Runnable): void {
    this.dispatched.push(record(runnable, lane));
    const rank = priorityRank(runnable.task.priority);
    const queue = this.#queues[lane];
    const entry: Entry = { runnable, lane, rank, seq: this.#seq++ };
    // Insert after every entry of the same or better rank: priority order, FIFO among ties.
    let index = queue.length;
    while (index > 0 && (queue[index - 1] as Entry).rank > rank) index--;
    queue.splice(index, 0, entry);
  }

  #take(): Entry | undefined {
    const { foreground, background } = this.#queues;
    if (this.#choose === undefined) return foreground.shift() ?? background.shift();
    const ready = [...foreground, ...background];
    if (ready.length === 0) return undefined;
    const picked = ready[Math.abs(Math.trunc(this.#choose(ready.map((e) => e.runnable)))) % ready.length] as Entry;
    const queue = this.#queues[picked.lane];
    queue.splice(queue.indexOf(picked), 1);
    return picked;
  }
}

function record(runnable: Runnable, lane: Lane): RunnableRecord {
  const { task } = runnable;
  return { kind: runnable.kind, taskId: task.id, label: task.label, lane, priority: task.priority };
}

/** A settled snapshot of a thenable: lets a test assert on outcome without awaiting forever. */
export type Outcome<T> =
  | { readonly status: 'pending' }
  | { readonly status: 'fulfilled'; readonly value: T }
  | { readonly status: 'rejected'; readonly reason: unknown };

/** Starts observing `thenable` (calls its `then` once, now) and returns a live view of its outcome. */
export function observe<T>(thenable: PromiseLike<T>): { readonly current: Outcome<T> } {
  const view: { current: Outcome<T> } = { current: { status: 'pending' } };
  thenable.then(
    (value) => {
      view.current = { status: 'fulfilled', value };
    },
    (reason: unknown) => {
      view.current = { status: 'rejected', reason };
    },
  );
  return view;
}

/** Lets pending microtasks run (one macrotask hop). */
export const flush: () => Promise<void> = settle;
