import {
  InvalidArgumentError,
  type Runnable,
  type RunnableKind,
  type Scheduler,
  Task,
  type TaskInfo,
  type TimerHandle,
} from '@sched/core';
import { CallRunnable, Completion, dispatchOnLane, probeOf, ScheduledTimer } from '@sched/core/host';
import type { Simulator } from '../simulator.js';
import { Outcome, type Settled } from './outcome.js';
import { finallyVia, OwnedPromise, wrap } from './owned-promise.js';

type OnFulfilled<T, R> = ((value: T) => R | PromiseLike<R>) | null | undefined;
type OnRejected<R> = ((reason: unknown) => R | PromiseLike<R>) | null | undefined;

/** What one call of a simulated I/O function needs. */
export interface IoCallSpec {
  readonly sim: Simulator;
  /** Identity of the wrapper's completion steps in traces. */
  readonly info: TaskInfo;
  readonly latency: readonly [number, number];
  readonly signal: AbortSignal | undefined;
  /** Calls the stub; its value, thrown error or returned promise is the call's outcome. */
  readonly run: () => unknown;
}

/**
 * One call of a function wrapped by `simulateIo`: a `Promise`-shaped thenable that settles at a
 * completion point the simulator decides (call time + a delay drawn from the latency range).
 *
 * Details: at call time it runs the stub, draws the delay (one decision) and schedules a `call`
 * Runnable at the completion point, so the I/O completes even if nobody awaits it yet. When a
 * task awaits it before then, that Runnable is swapped for a `resume` Runnable of the awaiting
 * task with the same deadline: the task's continuation *is* the completion, one step and one
 * pick, not "fire, then resume". Non-task code (test code, callbacks) gets a native promise
 * settled by the `call` step. A task that awaits after the completion point is resumed at once,
 * as with any settled Completion.
 */
export class IoCall<T> implements Promise<T> {
  readonly [Symbol.toStringTag]: string = 'Promise';
  readonly #sim: Simulator;
  readonly #info: TaskInfo;
  #deadline: number;
  #outcome = new Outcome();
  #completed = false;
  /** Whether anyone has called `then` (or `catch`, `finally`, `await`). */
  #observed = false;
  /** The `call` Runnable that completes the I/O when no task awaits it (undefined once swapped). */
  #fire: TimerHandle | undefined = undefined;
  /** Task resumptions waiting in the timer heap for the completion point. */
  readonly #pending = new Set<Delivery>();
  #native: { readonly promise: Promise<T>; readonly settle: (settled: Settled) => void } | undefined = undefined;
  #signal: AbortSignal | undefined = undefined;
  #onAbort: (() => void) | undefined = undefined;

  constructor(spec: IoCallSpec) {
    const { sim, signal } = spec;
    this.#sim = sim;
    this.#info = spec.info;
    if (signal?.aborted) {
      // Like fetch with an aborted signal: no I/O is started, the call rejects at once.
      this.#deadline = sim.now();
      this.#outcome.settle({ ok: false, error: signal.reason });
      this.#completed = true;
      return;
    }
    const delay = sim.delay(spec.latency[0], spec.latency[1]);
    this.#deadline = sim.now() + delay;
    runStub(this.#outcome, spec.run);
    this.#fire = sim.dispatchAfter(delay, new CallRunnable(this.#info, () => this.#complete()));
    if (signal !== undefined) {
      this.#signal = signal;
      this.#onAbort = () => this.#abort(signal.reason);
      signal.addEventListener('abort', this.#onAbort, { once: true });
    }
  }

  then<R1 = T, R2 = never>(onFulfilled?: OnFulfilled<T, R1>, onRejected?: OnRejected<R2>): Promise<R1 | R2> {
    this.#observed = true;
    const awaiter = probeOf(this.#sim)?.suspend();
    if (awaiter === undefined) return this.#nativePromise().then(onFulfilled, onRejected);
    this.#native?.promise.catch(ignore); // made at completion for nobody: a task handles it now
    const delivery = new Delivery(this.#sim, awaiter, (d) => this.#deliver(d), onFulfilled, onRejected);
    // The awaiting task takes over the completion point from the plain `call` Runnable.
    if (this.#fire?.cancel() === true) this.#fire = undefined;
    const wait = this.#deadline - this.#sim.now();
    if (!this.#completed && wait > 0) {
      delivery.handle = this.#sim.dispatchAfter(wait, delivery);
      this.#pending.add(delivery);
    } else {
      dispatchOnLane(this.#sim, delivery);
    }
    return delivery as Promise<R1 | R2>;
  }

  catch<R = never>(onRejected?: OnRejected<R>): Promise<T | R> {
    return this.then(undefined, onRejected);
  }

  finally(onFinally?: (() => void) | null): Promise<T> {
    return finallyVia(this, onFinally);
  }

  #deliver(delivery: Delivery): void {
    this.#pending.delete(delivery);
    this.#complete();
    this.#outcome.whenSettled((settled) => delivery.continue(settled));
  }

  /** The completion point: the first Runnable of this call to run. */
  #complete(): void {
    if (this.#completed) return;
    this.#completed = true;
    this.#fire = undefined;
    if (this.#onAbort !== undefined) this.#signal?.removeEventListener('abort', this.#onAbort);
    const native = this.#native;
    if (native !== undefined) this.#outcome.whenSettled(native.settle);
    // Completed with nobody listening: a rejection is raised as an unhandled one, like a native
    // promise's (a fire-and-forget call that fails is not silently swallowed).
    else if (!this.#observed) this.#nativePromise();
  }

  #nativePromise(): Promise<T> {
    if (this.#native !== undefined) return this.#native.promise;
    let settle!: (settled: Settled) => void;
    const promise = new Promise<T>((resolve, reject) => {
      settle = (s) => (s.ok ? resolve(s.value as T) : reject(s.error));
    });
    this.#native = { promise, settle };
    // Otherwise the `call` Runnable, or the delivery that took its place, settles it (#complete).
    if (this.#completed) this.#outcome.whenSettled(settle);
    return promise;
  }

  #abort(reason: unknown): void {
    if (this.#completed || this.#sim.now() >= this.#deadline) return; // completed before the abort
    this.#outcome = new Outcome();
    this.#outcome.settle({ ok: false, error: reason });
    this.#deadline = this.#sim.now();
    this.#fire?.cancel();
    // Awaiting tasks resume at once, with the reason.
    for (const delivery of this.#pending) {
      delivery.handle?.cancel();
      dispatchOnLane(this.#sim, delivery);
    }
    this.#pending.clear();
    this.#complete();
  }
}

/**
 * The `resume` Runnable that delivers an I/O call's outcome to one awaiting task; running it
 * calls the task's continuation. It is also what `IoCall.then` returns (the chained result is
 * created only if someone chains on it, since `await` never does).
 */
class Delivery implements Runnable, Promise<unknown> {
  readonly kind: RunnableKind = 'resume';
  readonly task: TaskInfo;
  readonly [Symbol.toStringTag]: string = 'Promise';
  handle: TimerHandle | undefined = undefined;
  readonly #scheduler: Scheduler;
  readonly #onRun: (delivery: Delivery) => void;
  readonly #onFulfilled: OnFulfilled<unknown, unknown>;
  readonly #onRejected: OnRejected<unknown>;
  #chained: Completion<unknown> | undefined = undefined;
  #result: Settled | undefined = undefined;
  /** A rejection nobody has chained on yet, held as a native promise so it is not lost. */
  #unclaimed: Promise<never> | undefined = undefined;

  constructor(
    scheduler: Scheduler,
    task: TaskInfo,
    onRun: (delivery: Delivery) => void,
    onFulfilled: OnFulfilled<never, unknown>,
    onRejected: OnRejected<unknown>,
  ) {
    this.#scheduler = scheduler;
    this.task = task;
    this.#onRun = onRun;
    this.#onFulfilled = onFulfilled as OnFulfilled<unknown, unknown>;
    this.#onRejected = onRejected;
  }

  run(): void {
    this.#onRun(this);
  }

  /** Calls the continuation with the outcome (within this step). */
  continue(settled: Settled): void {
    const handler = settled.ok ? this.#onFulfilled : this.#onRejected;
    if (typeof handler !== 'function') return this.#finish(settled);
    let result: unknown;
    try {
      result = handler(settled.ok ? settled.value : settled.error);
    } catch (error) {
      return this.#finish({ ok: false, error });
    }
    if ((typeof result === 'object' || typeof result === 'function') && result !== null) {
      this.#chainedCompletion().adopt(result);
    } else {
      this.#finish({ ok: true, value: result });
    }
  }

  then<R1 = unknown, R2 = never>(
    onFulfilled?: OnFulfilled<unknown, R1>,
    onRejected?: OnRejected<R2>,
  ): Promise<R1 | R2> {
    return wrap(this.#chainedCompletion().then(onFulfilled, onRejected));
  }

  catch<R = never>(onRejected?: OnRejected<R>): Promise<unknown> {
    return this.then(undefined, onRejected);
  }

  finally(onFinally?: (() => void) | null): Promise<unknown> {
    return finallyVia(this, onFinally);
  }

  #chainedCompletion(): Completion<unknown> {
    if (this.#chained === undefined) {
      const chained = new Completion<unknown>(this.#scheduler);
      this.#chained = chained;
      const result = this.#result;
      if (this.#unclaimed !== undefined) chained.adopt(this.#unclaimed);
      else if (result?.ok === true) chained.resolve(result.value);
      else if (result?.ok === false) chained.reject(result.error);
    }
    return this.#chained;
  }

  #finish(settled: Settled): void {
    this.#result = settled;
    const chained = this.#chained;
    if (chained !== undefined) {
      if (settled.ok) chained.resolve(settled.value);
      else chained.reject(settled.error);
    } else if (!settled.ok) {
      // `io().then(f)` whose `f` threw, and nobody chains on it: raise it like a native promise.
      this.#unclaimed = Promise.reject(settled.error);
    }
  }
}

function ignore(): void {}

/** Runs a promise-style stub and records its outcome (a value, a thrown error, or a promise's). */
function runStub(outcome: Outcome, run: () => unknown): void {
  let result: unknown;
  try {
    result = run();
  } catch (error) {
    outcome.settle({ ok: false, error });
    return;
  }
  if (isOwned(result)) {
    throw new InvalidArgumentError(
      'stub result',
      result,
      'a plain value or a promise: a stub must not await the simulator (its latency is declared instead)',
    );
  }
  if ((typeof result === 'object' || typeof result === 'function') && result !== null) {
    const then = (result as PromiseLike<unknown>).then;
    if (typeof then === 'function') {
      then.call(
        result,
        (value: unknown) => outcome.settle({ ok: true, value }),
        (error: unknown) => outcome.settle({ ok: false, error }),
      );
      return;
    }
  }
  outcome.settle({ ok: true, value: result });
}

/** Scheduler-owned thenables: calling their `then` would report a suspension to the simulator. */
function isOwned(value: unknown): boolean {
  return (
    value instanceof Completion ||
    value instanceof Task ||
    value instanceof ScheduledTimer ||
    value instanceof IoCall ||
    value instanceof Delivery ||
    value instanceof OwnedPromise
  );
}
