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

/**
 * A scheduler-owned awaitable: the single wake-up primitive under tasks, timers, yields,
 * channels and mutexes.
 *
 * Details: when the scheduler is under a probe's control (the simulator, see `attachProbe`) and a task awaits this, the task is
 * reported as suspended, and when the value arrives its continuation is dispatched as a
 * `resume` Runnable on the awaiting task's own lane; so the host chooses when every task
 * resumes. `then` then returns a scheduler-owned thenable too, so chains stay controlled.
 * Without a probe (production) it behaves like a native promise, at native speed.
 *
 * Gotchas: a rejected Completion that nobody observes does not raise `unhandledrejection`
 * itself; when it belongs to a Task, the Task surfaces the failure (see `UnobservedTaskError`).
 */
export class Completion<T> implements PromiseLike<T> {
  /** Undefined only for the Completion of a `Task.ready` task: no host controls it. */
  readonly #scheduler: Scheduler | undefined;
  #state: State = PENDING;
  #value: unknown = undefined;
  #waiters: Array<Resume | ((state: State, value: unknown) => void)> | undefined = undefined;
  #native: Promise<T> | undefined = undefined;
  /** The resolve function of a pending `#native` (its reject goes in `#value`, unused while pending). */
  #resolveNative: ((value: unknown) => void) | undefined = undefined;

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
    if (value instanceof Resume) {
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
    if (awaiter === undefined) return this.#nativePromise().then(onFulfilled, onRejected);
    // A probe was found, so there is a scheduler.
    const resume = new Resume(awaiter, scheduler as Scheduler, onFulfilled, onRejected);
    if (this.#state === PENDING) (this.#waiters ??= []).push(resume);
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

  #subscribe(callback: (state: State, value: unknown) => void): void {
    if (this.#state === PENDING) (this.#waiters ??= []).push(callback);
    else callback(this.#state, this.#value);
  }

  #nativePromise(): Promise<T> {
    if (this.#native !== undefined) return this.#native;
    if (this.#state === FULFILLED) return (this.#native = Promise.resolve(this.#value as T));
    if (this.#state === REJECTED) return (this.#native = Promise.reject(this.#value));
    const native = new Promise<T>(captureResolvers);
    this.#resolveNative = capturedResolve;
    this.#value = capturedReject;
    capturedResolve = capturedReject = undefined;
    return (this.#native = native);
  }

  #settle(state: 1 | 2, value: unknown): boolean {
    if (this.#state !== PENDING) return false;
    const resolveNative = this.#resolveNative;
    const rejectNative = this.#value as (reason: unknown) => void; // see #resolveNative
    this.#state = state;
    this.#value = value;
    if (resolveNative !== undefined) {
      this.#resolveNative = undefined;
      if (state === FULFILLED) resolveNative(value);
      else rejectNative(value);
    }
    const waiters = this.#waiters;
    this.#waiters = undefined;
    if (waiters !== undefined) {
      for (const waiter of waiters) {
        if (waiter instanceof Resume) waiter.dispatch(state, value);
        else waiter(state, value);
      }
    }
    return true;
  }
}

// `new Promise(captureResolvers)` hands its resolving functions over through these two slots
// (cleared at once), so making a Completion's native promise allocates no executor closure and no
// closure to keep them.
let capturedResolve: ((value: unknown) => void) | undefined;
let capturedReject: ((reason: unknown) => void) | undefined;
function captureResolvers(resolve: (value: never) => void, reject: (reason: unknown) => void): void {
  capturedResolve = resolve as (value: unknown) => void;
  capturedReject = reject;
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
