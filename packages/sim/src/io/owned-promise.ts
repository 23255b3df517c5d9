type OnFulfilled<T, R> = ((value: T) => R | PromiseLike<R>) | null | undefined;
type OnRejected<R> = ((reason: unknown) => R | PromiseLike<R>) | null | undefined;

/**
 * Gives a scheduler-owned thenable (a core `Completion`, or what its `then` returns) the full
 * `Promise` surface, so code written against `Promise<T>` (`.catch`, `.finally`, chains) keeps
 * working on simulated I/O. Every method goes through the inner `then`, called synchronously, so
 * the simulator still sees each await exactly where it happens.
 */
export class OwnedPromise<T> implements Promise<T> {
  readonly [Symbol.toStringTag]: string = 'Promise';
  readonly #inner: PromiseLike<T>;

  constructor(inner: PromiseLike<T>) {
    this.#inner = inner;
  }

  then<R1 = T, R2 = never>(onFulfilled?: OnFulfilled<T, R1>, onRejected?: OnRejected<R2>): Promise<R1 | R2> {
    return wrap(this.#inner.then(onFulfilled, onRejected));
  }

  catch<R = never>(onRejected?: OnRejected<R>): Promise<T | R> {
    return this.then(undefined, onRejected);
  }

  finally(onFinally?: (() => void) | null): Promise<T> {
    return finallyVia(this, onFinally);
  }
}

/** Wraps an owned thenable as a Promise-shaped object; native promises are returned as they are. */
export function wrap<T>(thenable: PromiseLike<T>): Promise<T> {
  return thenable instanceof Promise ? thenable : new OwnedPromise(thenable);
}

/** `promise.finally(f)` in terms of `then`, with the native semantics (waits for f's thenable). */
export function finallyVia<T>(promise: Promise<T>, onFinally: (() => void) | null | undefined): Promise<T> {
  if (typeof onFinally !== 'function') return promise.then();
  return promise.then(
    (value) => after(onFinally(), () => value),
    (error: unknown) =>
      after(onFinally(), () => {
        throw error;
      }),
  );
}

/**
 * `next()` once `result` has settled if it is a thenable (its `then` called at once, so an owned
 * wait is seen where it happens), else at once. An owned thenable's or a native promise's `then`
 * returns a thenable, which carries `next()`'s outcome. A bare thenable (its `then` returns
 * nothing, or it calls back before returning) is followed as native `finally` follows one: the
 * first call of either callback wins, later calls are ignored, and neither callback throws into
 * the thenable's code; the outcome is delivered through a native promise.
 */
function after<R>(result: unknown, next: () => R): R | PromiseLike<R> {
  if (typeof result !== 'object' || result === null || typeof (result as PromiseLike<unknown>).then !== 'function') {
    return next();
  }
  type Outcome = { readonly ok: boolean; readonly value: unknown };
  let chaining = false; // set once `then` returned a thenable that carries the outcome
  let outcome: Outcome | undefined;
  let deliver: ((settled: Outcome) => void) | undefined;
  const settle = (settled: () => Outcome) => {
    if (outcome !== undefined) return;
    outcome = settled();
    deliver?.(outcome);
  };
  let chained: unknown;
  try {
    chained = (result as PromiseLike<unknown>).then(
      () => {
        if (chaining) return next();
        settle(() => {
          try {
            return { ok: true, value: next() };
          } catch (error) {
            return { ok: false, value: error };
          }
        });
        return undefined;
      },
      (error: unknown) => {
        if (chaining) throw error;
        settle(() => ({ ok: false, value: error }));
        return undefined;
      },
    );
  } catch (error) {
    settle(() => ({ ok: false, value: error })); // ignored if a callback was called first
  }
  const isThenable =
    typeof chained === 'object' && chained !== null && typeof (chained as PromiseLike<R>).then === 'function';
  if (isThenable && outcome === undefined) {
    chaining = true;
    return chained as PromiseLike<R>;
  }
  return new Promise<R>((resolve, reject) => {
    deliver = (settled) => (settled.ok ? resolve(settled.value as R) : reject(settled.value));
    if (outcome !== undefined) deliver(outcome);
  });
}
