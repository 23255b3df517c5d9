import { dispatchOnLane, type Runnable, type RunnableKind } from '../runnable.js';
import type { Scheduler } from '../scheduler.js';
import type { TaskInfo } from '../task/task-info.js';
import { isThenable } from '../thenable.js';
import { probeOf } from './control.js';

type OnFulfilled<T, R> = ((value: T) => R | PromiseLike<R>) | null | undefined;
type OnRejected<R> = ((reason: unknown) => R | PromiseLike<R>) | null | undefined;

const PENDING = 0;
const FULFILLED = 1;
const REJECTED = 2;
type State = 0 | 1 | 2;

/** Called synchronously when a Completion settles (adoption and `whenSettled` bookkeeping). */
type Listener = (state: State, value: unknown) => void;
/** What a Completion notifies when it settles. */
type Waiter = Resume | Reaction | Listener;

/**
 * A scheduler-owned awaitable: the single wake-up primitive under tasks, timers, yields,
 * channels and mutexes.
 *
 * Details: when the scheduler is under a probe's control (the simulator, see `attachProbe`) and a task awaits this, the task is
 * reported as suspended, and when the value arrives its continuation is dispatched as a
 * `resume` Runnable on the awaiting task's own lane; so the host chooses when every task
 * resumes. `then` then returns a scheduler-owned thenable too, so chains stay controlled.
 * Without a probe (production) it behaves like a native promise, at native speed: each `then`
 * costs one small record (no native promise, no closure), and a settled Completion runs its
 * callbacks in one microtask, in the order they were registered.
 *
 * Gotchas: a rejected Completion that nobody observes does not raise `unhandledrejection`
 * itself; when it belongs to a Task, the Task surfaces the failure (see `UnobservedTaskError`).
 * `then` returns a `PromiseLike`, not a native `Promise` (no `catch` or `finally`). A callback
 * given to `then` runs in the async context (AsyncLocalStorage) of the code that settled the
 * Completion; `await` keeps the awaiting code's context as usual.
 */
export class Completion<T> implements PromiseLike<T> {
  /** Undefined only for the Completion of a `Task.ready` task: no host controls it. */
  readonly #scheduler: Scheduler | undefined;
  #state: State = PENDING;
  #value: unknown = undefined;
  /** One waiter (the common case: a single awaiter), several, or none. */
  #waiters: Waiter | Waiter[] | undefined = undefined;

  /** `scheduler`: the host whose probe (if any) sees awaits of this Completion. */
  constructor(scheduler: Scheduler | undefined) {
    this.#scheduler = scheduler;
  }

  /** True once resolved or rejected. */
  get isSettled(): boolean {
    return this.#state !== PENDING;
  }

  /** Fulfils with `value`. Returns false (and does nothing) if already settled. */
  resolve(value: T): boolean {
    return this.#settle(FULFILLED, value);
  }

  /** Rejects with `reason`. Returns false (and does nothing) if already settled. */
  reject(reason: unknown): boolean {
    return this.#settle(REJECTED, reason);
  }

  /**
   * Settles like `value`: adopts it if it is a thenable (without reporting a suspension, since
   * no task is awaiting here), otherwise fulfils with it.
   */
  adopt(value: T | PromiseLike<T>): void {
    if ((typeof value !== 'object' && typeof value !== 'function') || value === null) {
      // Not a thenable (the common case: an `await` continuation returns undefined).
      this.#settle(FULFILLED, value);
      return;
    }
    if (value instanceof Resume || value instanceof Reaction) {
      value.chained().#subscribe((state, result) => this.#settle(state === FULFILLED ? FULFILLED : REJECTED, result));
      return;
    }
    // Adopting a task observes its outcome, exactly as calling its `then` would.
    const owned = value instanceof Completion ? undefined : ownedCompletion(value as object);
    if (owned !== undefined) {
      owned.#subscribe((state, result) => this.#settle(state === FULFILLED ? FULFILLED : REJECTED, result));
    } else if (value instanceof Completion) {
      value.#subscribe((state, result) => this.#settle(state === FULFILLED ? FULFILLED : REJECTED, result));
    } else if (isThenable(value)) {
      value.then(
        (result) => this.resolve(result),
        (error: unknown) => this.reject(error),
      );
    } else {
      this.resolve(value as T);
    }
  }

  then<R1 = T, R2 = never>(onFulfilled?: OnFulfilled<T, R1>, onRejected?: OnRejected<R2>): PromiseLike<R1 | R2> {
    const scheduler = this.#scheduler;
    const probe = probeOf(scheduler);
    const awaiter = probe === undefined ? undefined : probe.suspend();
    if (awaiter === undefined) {
      // Production, or an awaiter outside every task: like a native `then`, minus the promise.
      const reaction = new Reaction(onFulfilled as OnFulfilled<unknown, unknown>, onRejected);
      if (this.#state === PENDING) this.#wait(reaction);
      else {
        reaction.deliver(this.#state, this.#value);
        runSoon(reaction);
      }
      return reaction as PromiseLike<R1 | R2>;
    }
    // A probe was found, so there is a scheduler.
    const resume = new Resume(awaiter, scheduler as Scheduler, onFulfilled, onRejected);
    if (this.#state === PENDING) this.#wait(resume);
    else resume.dispatch(this.#state, this.#value);
    return resume as PromiseLike<R1 | R2>;
  }

  /**
   * Calls `callback` once settled (at once if already settled). Unlike `then`, this is not an
   * await: it reports no suspension and dispatches nothing, so bookkeeping can watch a
   * Completion without disturbing the simulator's steps.
   */
  whenSettled(callback: () => void): void {
    this.#subscribe(() => callback());
  }

  #subscribe(callback: Listener): void {
    if (this.#state === PENDING) this.#wait(callback);
    else callback(this.#state, this.#value);
  }

  #wait(waiter: Waiter): void {
    const waiters = this.#waiters;
    if (waiters === undefined) this.#waiters = waiter;
    else if (Array.isArray(waiters)) waiters.push(waiter);
    else this.#waiters = [waiters, waiter];
  }

  #settle(state: 1 | 2, value: unknown): boolean {
    if (this.#state !== PENDING) return false;
    this.#state = state;
    this.#value = value;
    const waiters = this.#waiters;
    if (waiters === undefined) return true;
    this.#waiters = undefined;
    if (!Array.isArray(waiters)) {
      notify(waiters, state, value);
      return true;
    }
    // The `then` callbacks first, as one microtask queued now (as a native promise would queue
    // its reactions when it settles), then the rest in order.
    let batch: Reaction[] | undefined;
    for (const waiter of waiters) {
      if (waiter instanceof Reaction) {
        waiter.deliver(state, value);
        (batch ??= []).push(waiter);
      }
    }
    if (batch !== undefined) runSoon(batch.length === 1 ? (batch[0] as Reaction) : batch);
    for (const waiter of waiters) if (!(waiter instanceof Reaction)) notify(waiter, state, value);
    return true;
  }
}

function notify(waiter: Waiter, state: 1 | 2, value: unknown): void {
  if (waiter instanceof Reaction) {
    waiter.deliver(state, value);
    runSoon(waiter);
  } else if (waiter instanceof Resume) waiter.dispatch(state, value);
  else waiter(state, value);
}

/**
 * Reactions (or batches of them, one per settled Completion) whose microtask is queued: each
 * `runSoon` queues one microtask that runs the oldest entry, so they run in the order queued.
 */
const due: Array<Reaction | Reaction[] | undefined> = [];
let dueHead = 0;
const RESOLVED = Promise.resolve();

function runSoon(entry: Reaction | Reaction[]): void {
  due.push(entry);
  void RESOLVED.then(runDue);
}

function runDue(): void {
  const entry = due[dueHead];
  due[dueHead++] = undefined;
  if (dueHead === due.length) {
    due.length = 0;
    dueHead = 0;
  }
  if (entry instanceof Reaction) entry.run();
  else if (entry !== undefined) for (const reaction of entry) reaction.run();
}

/** Reaction states past the source's outcome: it ran, and its result is held or passed on. */
const RAN_OK = 3;
const RAN_UNCLAIMED = 4;
const RAN_CHAINED = 5;

/**
 * One `then` on a Completion without a probe (production): the callbacks, the outcome to give
 * them, and what they returned. It is also what `then` returns: the Completion that carries the
 * callback's result to a further `then` is only created if someone chains on it, because the
 * common callers (`await`, `Promise.all`, `Promise.resolve`) never do. A callback that throws
 * with nobody chained on the result raises an unhandled rejection, as a native `then` would.
 */
class Reaction implements PromiseLike<unknown> {
  #onFulfilled: OnFulfilled<unknown, unknown>;
  #onRejected: OnRejected<unknown>;
  /** PENDING, then the outcome to deliver (FULFILLED, REJECTED), then RAN_*. */
  #state = PENDING as number;
  /** The outcome delivered; after the run, the result held (RAN_OK) or its rejected promise (RAN_UNCLAIMED). */
  #value: unknown = undefined;
  #chained: Completion<unknown> | undefined = undefined;

  constructor(onFulfilled: OnFulfilled<unknown, unknown>, onRejected: OnRejected<unknown>) {
    this.#onFulfilled = onFulfilled;
    this.#onRejected = onRejected;
  }

  /** Records the source's outcome; `run` (in a microtask) passes it to the callback. */
  deliver(state: 1 | 2, value: unknown): void {
    this.#state = state;
    this.#value = value;
  }

  run(): void {
    const state = this.#state;
    const value = this.#value;
    if (state === FULFILLED && isThenable(value)) {
      // Fulfilled with a thenable: the callback gets what it settles to, as with native promises.
      value.then(
        (result) => this.#rerun(FULFILLED, result),
        (error: unknown) => this.#rerun(REJECTED, error),
      );
      return;
    }
    const handler = state === FULFILLED ? this.#onFulfilled : this.#onRejected;
    this.#onFulfilled = undefined;
    this.#onRejected = undefined;
    if (typeof handler !== 'function') return this.#finish(state === FULFILLED, value);
    let result: unknown;
    try {
      result = handler(value);
    } catch (error) {
      return this.#finish(false, error);
    }
    this.#finish(true, result);
  }

  #rerun(state: 1 | 2, value: unknown): void {
    this.deliver(state, value);
    this.run();
  }

  then<R1 = unknown, R2 = never>(
    onFulfilled?: OnFulfilled<unknown, R1>,
    onRejected?: OnRejected<R2>,
  ): PromiseLike<R1 | R2> {
    return this.chained().then(onFulfilled, onRejected);
  }

  /** The Completion of the callback's result, created on first use. */
  chained(): Completion<unknown> {
    let chained = this.#chained;
    if (chained === undefined) {
      chained = this.#chained = new Completion<unknown>(undefined);
      if (this.#state === RAN_OK) chained.resolve(this.#value);
      else if (this.#state === RAN_UNCLAIMED) chained.adopt(this.#value as Promise<never>); // claims it
      if (this.#state >= RAN_OK) {
        this.#state = RAN_CHAINED;
        this.#value = undefined;
      }
    }
    return chained;
  }

  #finish(ok: boolean, result: unknown): void {
    const chained = this.#chained;
    this.#value = undefined;
    if (chained !== undefined) {
      this.#state = RAN_CHAINED;
      if (ok) chained.adopt(result);
      else chained.reject(result);
    } else if (ok && (typeof result === 'object' || typeof result === 'function') && result !== null) {
      // Maybe a thenable: follow it now, as a native `then` would, even if nobody chains.
      this.#state = RAN_CHAINED;
      this.#chained = new Completion<unknown>(undefined);
      this.#chained.adopt(result);
    } else if (ok) {
      this.#state = RAN_OK;
      this.#value = result;
    } else {
      // Nobody chained on the result: a native promise would raise an unhandled rejection.
      this.#state = RAN_UNCLAIMED;
      this.#value = Promise.reject(result);
    }
  }
}

/**
 * The Runnable that resumes one awaiter of a settled Completion, on the awaiter's lane. Running
 * it calls the awaiter's continuation. It is also what `Completion.then` returns: the chained
 * Completion holding the continuation's result is only created if someone chains on it, because
 * the common caller, `await`, never does.
 */
class Resume implements Runnable, PromiseLike<unknown> {
  readonly task: TaskInfo;
  readonly kind: RunnableKind = 'resume';
  readonly #scheduler: Scheduler;
  readonly #onFulfilled: OnFulfilled<unknown, unknown>;
  readonly #onRejected: OnRejected<unknown>;
  #chained: Completion<unknown> | undefined = undefined;
  #state: State = PENDING;
  #value: unknown = undefined;
  #resultState: State = PENDING;
  #result: unknown = undefined;
  /** A rejection nobody has chained on yet, held as a native promise so it is not lost. */
  #unclaimed: Promise<never> | undefined = undefined;

  constructor(
    task: TaskInfo,
    scheduler: Scheduler,
    onFulfilled: OnFulfilled<never, unknown>,
    onRejected: OnRejected<unknown>,
  ) {
    this.task = task;
    this.#scheduler = scheduler;
    this.#onFulfilled = onFulfilled as OnFulfilled<unknown, unknown>;
    this.#onRejected = onRejected;
  }

  dispatch(state: State, value: unknown): void {
    this.#state = state;
    this.#value = value;
    dispatchOnLane(this.#scheduler, this);
  }

  run(): void {
    const handler = this.#state === FULFILLED ? this.#onFulfilled : this.#onRejected;
    if (typeof handler !== 'function') return this.#finish(this.#state as 1 | 2, this.#value);
    let result: unknown;
    try {
      result = handler(this.#value);
    } catch (error) {
      return this.#finish(REJECTED, error);
    }
    if ((typeof result === 'object' || typeof result === 'function') && result !== null) {
      this.chained().adopt(result); // may be a thenable to follow
    } else {
      this.#finish(FULFILLED, result);
    }
  }

  then<R1 = unknown, R2 = never>(
    onFulfilled?: OnFulfilled<unknown, R1>,
    onRejected?: OnRejected<R2>,
  ): PromiseLike<R1 | R2> {
    return this.chained().then(onFulfilled, onRejected);
  }

  /** The Completion of the continuation's result, created on first use. */
  chained(): Completion<unknown> {
    if (this.#chained === undefined) {
      this.#chained = new Completion<unknown>(this.#scheduler);
      if (this.#resultState === FULFILLED) this.#chained.resolve(this.#result);
      else if (this.#unclaimed !== undefined)
        this.#chained.adopt(this.#unclaimed); // claims it
      else if (this.#resultState === REJECTED) this.#chained.reject(this.#result);
    }
    return this.#chained;
  }

  #finish(state: 1 | 2, result: unknown): void {
    this.#resultState = state;
    this.#result = result;
    const chained = this.#chained;
    if (chained === undefined) {
      // `x.then(f)` whose `f` threw, and nobody chains on the result: native promises would
      // raise an unhandled rejection, so this does too (instead of swallowing the error).
      if (state === REJECTED) this.#unclaimed = Promise.reject(result);
      return;
    }
    if (state === FULFILLED) chained.resolve(result);
    else chained.reject(result);
  }
}

/**
 * A kind of owned thenable that is not a Completion itself (a Task): how to recognise one, the
 * Completion it settles like, and what adopting it means (a Task counts as awaited).
 */
export interface OwnedThenableKind {
  readonly is: (value: object) => boolean;
  readonly completionOf: (value: object) => Completion<unknown> | undefined;
  readonly onAdopt: (value: object) => void;
}

const ownedKinds: OwnedThenableKind[] = [];

/**
 * Declares a class of thenables that settle exactly like a Completion, so adopting one never
 * reports a suspension to the host. Registered once per class (by `Task`), not per object.
 */
export function registerOwnedThenableKind(kind: OwnedThenableKind): void {
  ownedKinds.push(kind);
}

function ownedCompletion(value: object): Completion<unknown> | undefined {
  for (const kind of ownedKinds) {
    if (kind.is(value)) {
      const completion = kind.completionOf(value);
      if (completion !== undefined) kind.onAdopt(value);
      return completion;
    }
  }
  return undefined;
}
