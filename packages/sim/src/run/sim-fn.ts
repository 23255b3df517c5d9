import type { Simulator, SimulatorOptions } from '../simulator.js';

/** A test body run on a fresh simulator per seed. */
export type SimFn<T> = (sim: Simulator) => T | PromiseLike<T>;

/** Simulator options for multi-seed runs: everything but the decision source. */
export type SeedlessOptions = Omit<SimulatorOptions, 'seed' | 'schedule' | 'source'>;

/** The outcome of running a body on one simulator. */
export type Outcome<T> =
  | { readonly ok: true; readonly value: T; readonly simulator: Simulator }
  | { readonly ok: false; readonly error: unknown; readonly simulator: Simulator };
