import { Simulator, type SimulatorOptions } from '../simulator.js';
import type { Outcome, SimFn } from './sim-fn.js';

/**
 * Runs `fn` on a new simulator built from `options` and reports the body's outcome without
 * throwing (invalid options still throw `InvalidArgumentError`, before anything runs).
 * Multi-seed runs default to `autoAdvance: true`, so a body that sleeps cannot deadlock.
 * A body that returns while a task's failure was never observed fails with
 * `UnobservedTaskError` (see `Simulator.checkUnobserved`).
 */
export async function runOne<T>(fn: SimFn<T>, options: SimulatorOptions): Promise<Outcome<T>> {
  const simulator = new Simulator({ autoAdvance: true, ...options });
  try {
    const value = await fn(simulator);
    simulator.checkUnobserved();
    return { ok: true, value, simulator };
  } catch (error) {
    return { ok: false, error, simulator };
  }
}
