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

function after<R>(result: unknown, next: () => R): R | PromiseLike<R> {
  if (typeof result === 'object' && result !== null && typeof (result as PromiseLike<unknown>).then === 'function') {
    return (result as PromiseLike<unknown>).then(next);
  }
  return next();
}
