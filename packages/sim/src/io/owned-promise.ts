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
 * wait is seen where it happens), else at once. A thenable whose `then` returns no thenable (a
 * bare one, as native `finally` accepts) is followed through a native promise, so the value is
 * kept.
 */
function after<R>(result: unknown, next: () => R): R | PromiseLike<R> {
  if (typeof result !== 'object' || result === null || typeof (result as PromiseLike<unknown>).then !== 'function') {
    return next();
  }
  let outcome: { readonly ok: boolean; readonly value: unknown } | undefined;
  let deliver: ((settled: { readonly ok: boolean; readonly value: unknown }) => void) | undefined;
  const settle = (settled: { readonly ok: boolean; readonly value: unknown }) => {
    if (deliver === undefined) outcome = settled;
    else deliver(settled);
  };
  const chained: unknown = (result as PromiseLike<unknown>).then(
    () => {
      try {
        const value = next();
        settle({ ok: true, value });
        return value;
      } catch (error) {
        settle({ ok: false, value: error });
        throw error;
      }
    },
    (error: unknown) => {
      settle({ ok: false, value: error });
      throw error;
    },
  );
  if (typeof chained === 'object' && chained !== null && typeof (chained as PromiseLike<R>).then === 'function') {
    return chained as PromiseLike<R>;
  }
  return new Promise<R>((resolve, reject) => {
    deliver = (settled) => (settled.ok ? resolve(settled.value as R) : reject(settled.value));
    if (outcome !== undefined) deliver(outcome);
  });
}
