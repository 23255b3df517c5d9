import type { Simulator } from '../simulator.js';

/**
 * A shared variable a scenario declares so that exploration sees who reads whose write
 * (reads-from coverage, as in RFF). Reads and writes are plain and synchronous; under a
 * simulator without an observer the cell costs one field check per access.
 *
 * @example
 * ```ts
 * import { cell, Simulator } from '@sched/sim';
 *
 * const sim = new Simulator({ seed: 1 });
 * const balance = cell(sim, 'balance', 100);
 * sim.spawn(async (ctx) => {
 *   const read = balance.get();
 *   await ctx.yieldNow();
 *   balance.set(read - 30);
 * }).detach();
 * await sim.runUntilIdle();
 * console.log(balance.get()); // 70
 * ```
 */
export class SharedCell<T> {
  /** The name reads-from coverage knows the cell by. */
  readonly name: string;
  readonly #sim: Simulator;
  #value: T;

  constructor(sim: Simulator, name: string, initial: T) {
    this.#sim = sim;
    this.name = name;
    this.#value = initial;
  }

  /** Reads the value (a read, for reads-from coverage). */
  get(): T {
    this.#sim.observer?.onAccess?.(this.name, 'read');
    return this.#value;
  }

  /** Writes the value (a write, for reads-from coverage). */
  set(value: T): void {
    this.#sim.observer?.onAccess?.(this.name, 'write');
    this.#value = value;
  }
}

/** A tracked shared cell named `name` on `sim`; see {@link SharedCell}. */
export function cell<T>(sim: Simulator, name: string, initial: T): SharedCell<T> {
  return new SharedCell(sim, name, initial);
}
