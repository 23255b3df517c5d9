import { CallRunnable } from './runnable.js';
import type { Scheduler } from './scheduler.js';
import type { TaskInfo } from './task/task-info.js';

type OnFulfilled<T, R> = ((value: T) => R | PromiseLike<R>) | null | undefined;
type OnRejected<R> = ((reason: unknown) => R | PromiseLike<R>) | null | undefined;

const PENDING = 0;
const FULFILLED = 1;
const REJECTED = 2;

/**
 * A scheduler-owned awaitable: the single wake-up primitive under tasks, timers, yields,
 * channels and mutexes.
 *
 * Details: when the scheduler has a `probe` (the simulator) and a task awaits this, the task is
 * reported as suspended, and when the value arrives its continuation is dispatched as a
 * `resume` Runnable on the awaiting task's own lane; so the host chooses when every task
 * resumes. Without a probe (production) it behaves like a native promise, at native speed.
 */
export class Completion<T> implements PromiseLike<T> {
  readonly #scheduler: Scheduler;
  #state: 0 | 1 | 2 = PENDING;
  #value: unknown = undefined;
  #waiters: Array<() => void> | undefined = undefined;
  #native: Promise<T> | undefined = undefined;
  #settleNative: ((ok: boolean, value: unknown) => void) | undefined = undefined;

  constructor(scheduler: Scheduler) {
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

  then<R1 = T, R2 = never>(onFulfilled?: OnFulfilled<T, R1>, onRejected?: OnRejected<R2>): Promise<R1 | R2> {
    const probe = this.#scheduler.probe;
    const awaiter = probe === undefined ? undefined : probe.suspend();
    if (awaiter === undefined) return this.#nativePromise().then(onFulfilled, onRejected);
    return new Promise<R1 | R2>((resolve, reject) => {
      const wake = (): void => {
        try {
          if (this.#state === FULFILLED) {
            resolve(onFulfilled ? onFulfilled(this.#value as T) : (this.#value as R1));
          } else if (onRejected) {
            resolve(onRejected(this.#value));
          } else {
            reject(this.#value);
          }
        } catch (error) {
          reject(error);
        }
      };
      this.#whenSettled(() => this.#dispatchResume(awaiter, wake));
    });
  }

  #dispatchResume(awaiter: TaskInfo, wake: () => void): void {
    const runnable = new CallRunnable(awaiter, wake, 'resume');
    if (awaiter.lane === 'foreground') this.#scheduler.dispatchForeground(runnable);
    else this.#scheduler.dispatchBackground(runnable);
  }

  #whenSettled(callback: () => void): void {
    if (this.#state !== PENDING) callback();
    else (this.#waiters ??= []).push(callback);
  }

  #nativePromise(): Promise<T> {
    if (this.#native !== undefined) return this.#native;
    if (this.#state === FULFILLED) return (this.#native = Promise.resolve(this.#value as T));
    if (this.#state === REJECTED) return (this.#native = Promise.reject(this.#value));
    this.#native = new Promise<T>((resolve, reject) => {
      this.#settleNative = (ok, value) => (ok ? resolve(value as T) : reject(value));
    });
    return this.#native;
  }

  #settle(state: 1 | 2, value: unknown): boolean {
    if (this.#state !== PENDING) return false;
    this.#state = state;
    this.#value = value;
    this.#settleNative?.(state === FULFILLED, value);
    this.#settleNative = undefined;
    const waiters = this.#waiters;
    this.#waiters = undefined;
    if (waiters !== undefined) for (const waiter of waiters) waiter();
    return true;
  }
}
