import { isThenable } from '@sched/core/host';
import { Simulator, type SimulatorOptions } from '../simulator.js';
import type { Outcome, SimFn } from './sim-fn.js';
import { watchBody } from './stall-watch.js';

/** Options of {@link runOne}: the simulator's, plus the stalled-body check. */
export interface RunOneOptions extends SimulatorOptions {
  /**
   * Fail a body that has been waiting this many real milliseconds while no run was in progress
   * and the simulator had work it would run (or unfinished tasks) and nothing changed: it waits
   * for tasks nobody runs. Default 100; 0 turns the check off. See `StalledBodyError`.
   */
  readonly stallTimeoutMs?: number | undefined;
}

/**
 * Runs `fn` on a new simulator built from `options` and reports the body's outcome without
 * throwing (invalid options still throw `InvalidArgumentError`, before anything runs).
 * Multi-seed runs default to `autoAdvance: true`, so a body that sleeps cannot deadlock.
 *
 * A body that waits while no run is in progress, with work left in the simulator that nobody
 * will run (it awaits a task but never called `sim.runUntilIdle()` / `sim.runUntil(task)`), fails
 * with `StalledBodyError`; if no work is left at all but tasks are unfinished, with
 * `DeadlockError`. This check watches real time only to end a hopeless wait early; it never
 * influences the order of the simulation.
 *
 * A body that returns while a task's failure was never observed fails with
 * `UnobservedTaskError` (see `Simulator.checkUnobserved`).
 */
export function runOne<T>(fn: SimFn<T>, options: RunOneOptions): Promise<Outcome<T>> {
  let simulator: Simulator;
  try {
    // The simulator ignores `stallTimeoutMs`; no copy of the options unless autoAdvance is unset.
    simulator = new Simulator('autoAdvance' in options ? options : { autoAdvance: true, ...options });
  } catch (error) {
    return Promise.reject(error);
  }
  let result: T | PromiseLike<T>;
  try {
    result = fn(simulator);
  } catch (error) {
    return Promise.resolve({ ok: false, error, simulator });
  }
  if (!isThenable(result)) return Promise.resolve(passed(simulator, result as T));
  // One promise per run: the body's settlement (or a stall) resolves it through a callback,
  // instead of an async function awaiting a watch's own promise.
  const body = result;
  return new Promise((resolve) => {
    watchBody(simulator, body, options.stallTimeoutMs ?? 100, (ok, valueOrError) =>
      resolve(ok ? passed(simulator, valueOrError as T) : { ok: false, error: valueOrError, simulator }),
    );
  });
}

/** The outcome of a body that returned `value`: passed, unless a task failed unobserved. */
function passed<T>(simulator: Simulator, value: T): Outcome<T> {
  try {
    simulator.checkUnobserved();
    return { ok: true, value, simulator };
  } catch (error) {
    return { ok: false, error, simulator };
  }
}
