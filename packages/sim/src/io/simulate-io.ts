import { InvalidArgumentError, type TaskInfo } from '@sched/core';
import { CallRunnable, dispatchOnLane, probeOf } from '@sched/core/host';
import type { Simulator } from '../simulator.js';
import { IoCall } from './io-call.js';
import { ioInfo } from './io-info.js';
import { checkLatency, type Latency } from './latency.js';
import { Outcome } from './outcome.js';

/** Options of {@link simulateIo} and {@link simulateIoCallback}. */
export interface SimulateIoOptions<A extends readonly unknown[]> {
  /**
   * How long each call takes: fixed milliseconds, or a range `[min, max]` the decision source
   * chooses from for each call (one decision; none when `min === max`). Default `[0, 10]`.
   */
  readonly latency?: Latency | undefined;
  /** Name of the completions in traces and timelines (default: the function's name, or `io`). */
  readonly label?: string | undefined;
  /**
   * Cancels calls: aborting before a call's completion point makes it fail at once with the
   * signal's reason (an already aborted signal fails the call without running the stub). Pass a
   * signal for every call, or a function that picks it out of each call's arguments, e.g.
   * `(url, init) => init?.signal`.
   */
  readonly signal?: AbortSignal | ((...args: A) => AbortSignal | undefined) | undefined;
}

const DEFAULT_LATENCY: readonly [number, number] = [0, 10];

/**
 * Wraps an async function (a stub of `fs`, `fetch`, a database client) so that each call
 * completes at a point the simulator decides, inside a declared latency range. Use it to test
 * real, promise-style code under the simulator: hand the wrapped function to the code under
 * test in place of the real one.
 *
 * Details: each call runs the stub at once (its effects happen at call time; its value, thrown
 * error or promise's outcome is what the call delivers), draws the latency (one decision) and
 * completes `latency` ms later. A task awaiting the call is resumed right at the completion
 * point, by one step and one pick: concurrent calls whose ranges overlap complete, and resume
 * their callers, in every order across seeds. Code that is not a task (test code, callbacks)
 * receives a native promise settled by the completion step. The result is shaped like a
 * `Promise` (`then`, `catch`, `finally`).
 *
 * Gotchas: the stub must settle by itself (return a value or a promise of plain values), not by
 * awaiting simulator-owned work; returning a task, a timer or a Completion throws
 * `InvalidArgumentError`. A simulator `jitterMs` adds its jitter to the completion point too.
 *
 * @example
 * ```ts
 * import { Simulator, simulateIo } from '@sched/sim';
 *
 * const rows = new Map([['42', { id: '42', title: 'Dune' }]]);
 * const sim = new Simulator({ seed: 7, autoAdvance: true });
 * const query = simulateIo(sim, async (id: string) => rows.get(id), { latency: [1, 20], label: 'db.query' });
 * const task = sim.spawn(async () => {
 *   const row = await query('42'); // completes after 1..20 virtual ms, as chosen by the seed
 *   return row?.title;
 * });
 * await sim.runUntilIdle();
 * console.log(await task, sim.now() >= 1 && sim.now() <= 20); // Dune true
 * ```
 */
export function simulateIo<A extends unknown[], R>(
  sim: Simulator,
  fn: (...args: A) => R,
  options: SimulateIoOptions<A> = {},
): (...args: A) => Promise<Awaited<R>> {
  const { info, latency, signalOf } = prepare(sim, fn, options);
  return function simulated(this: unknown, ...args: A): Promise<Awaited<R>> {
    return new IoCall<Awaited<R>>({
      sim,
      info,
      latency,
      signal: signalOf(args),
      run: () => fn.apply(this, args),
    });
  };
}

/**
 * {@link simulateIo} for Node-style callback APIs, `fn(...args, callback(error, ...results))`:
 * wraps a stub with that signature so that each call's callback runs as its own step at a
 * completion point the simulator decides, inside the declared latency range (one decision,
 * one pick). The callback receives exactly what the stub passed to its own callback; a stub
 * that throws delivers the error as the callback's first argument.
 *
 * Details: the callback runs as a `call` step on the background lane, under the wrapper's label
 * (a TaskInfo with a negative id, so timelines give the wrapper its own column). An error thrown
 * by the callback fails the run, as an uncaught exception in a Node callback crashes the
 * process. An abort before the completion point calls the callback at once (as its own step)
 * with the signal's reason.
 *
 * @example
 * ```ts
 * import { Simulator, simulateIoCallback } from '@sched/sim';
 *
 * const files = new Map([['/etc/motd', 'hello']]);
 * const sim = new Simulator({ seed: 3, autoAdvance: true });
 * const readFile = simulateIoCallback(sim, (path: string, cb: (err: Error | null, data?: string) => void) =>
 *   files.has(path) ? cb(null, files.get(path)) : cb(new Error(`ENOENT: ${path}`)),
 * { latency: [1, 5], label: 'fs.readFile' });
 * readFile('/etc/motd', (err, data) => console.log(err, data)); // null hello
 * await sim.runUntilIdle(); // the callback runs at the virtual time the seed chose
 * readFile('/nope', (err) => console.log(err?.message)); // ENOENT: /nope
 * await sim.runUntilIdle();
 * ```
 */
export function simulateIoCallback<F extends (...args: never[]) => void>(
  sim: Simulator,
  fn: F,
  options: SimulateIoOptions<Parameters<F>> = {},
): F {
  const { info, latency, signalOf } = prepare(sim, fn, options);
  const simulated = function simulated(this: unknown, ...args: unknown[]): void {
    const callback = args[args.length - 1];
    if (typeof callback !== 'function') {
      throw new InvalidArgumentError('callback', callback, 'a function as the last argument');
    }
    callCallback(
      sim,
      info,
      latency,
      signalOf(args as Parameters<F>),
      callback as (...results: unknown[]) => void,
      (cb) => (fn as unknown as (...all: unknown[]) => void).apply(this, [...args.slice(0, -1), cb]),
    );
  };
  return simulated as unknown as F;
}

function prepare<A extends readonly unknown[]>(
  sim: Simulator,
  fn: unknown,
  options: SimulateIoOptions<A>,
): {
  readonly info: TaskInfo;
  readonly latency: readonly [number, number];
  readonly signalOf: (args: A) => AbortSignal | undefined;
} {
  if (typeof fn !== 'function') throw new InvalidArgumentError('fn', fn, 'a function to simulate');
  if (typeof sim?.delay !== 'function' || probeOf(sim) === undefined) {
    throw new InvalidArgumentError('sim', sim, 'a Simulator');
  }
  const latency = options.latency === undefined ? DEFAULT_LATENCY : checkLatency(options.latency);
  const label = options.label ?? (fn.name === '' ? 'io' : fn.name);
  const signal = options.signal;
  if (signal !== undefined && typeof signal !== 'function' && !(signal instanceof AbortSignal)) {
    throw new InvalidArgumentError('signal', signal, 'an AbortSignal or a function returning one');
  }
  const signalOf = (args: A): AbortSignal | undefined => (typeof signal === 'function' ? signal(...args) : signal);
  return { info: ioInfo(label), latency, signalOf };
}

function callCallback(
  sim: Simulator,
  info: TaskInfo,
  latency: readonly [number, number],
  signal: AbortSignal | undefined,
  callback: (...results: unknown[]) => void,
  run: (cb: (...results: unknown[]) => void) => void,
): void {
  if (signal?.aborted) {
    // No I/O is started; the callback still runs asynchronously, as its own step.
    const reason: unknown = signal.reason;
    dispatchOnLane(sim, new CallRunnable(info, () => callback(reason)));
    return;
  }
  const delay = sim.delay(latency[0], latency[1]);
  const deadline = sim.now() + delay;
  const outcome = new Outcome();
  try {
    run((...results) => outcome.settle({ ok: true, value: results }));
  } catch (error) {
    outcome.settle({ ok: true, value: [error] });
  }
  let completed = false;
  let onAbort: (() => void) | undefined;
  const fire = new CallRunnable(info, () => {
    completed = true;
    if (onAbort !== undefined) signal?.removeEventListener('abort', onAbort);
    outcome.whenSettled((settled) => callback(...(settled.ok ? (settled.value as unknown[]) : [settled.error])));
  });
  const handle = sim.dispatchAfter(delay, fire);
  if (signal !== undefined) {
    onAbort = () => {
      if (completed || sim.now() >= deadline) return;
      completed = true;
      handle.cancel();
      const reason: unknown = signal.reason;
      dispatchOnLane(sim, new CallRunnable(info, () => callback(reason)));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  }
}
