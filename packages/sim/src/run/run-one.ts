import { isThenable } from '@sched/core/host';
import { DeadlockError } from '../errors/deadlock-error.js';
import { StalledBodyError } from '../errors/stalled-body-error.js';
import { Simulator, type SimulatorOptions } from '../simulator.js';
import type { Outcome, SimFn } from './sim-fn.js';

/** Options of {@link runOne}: the simulator's, plus the stalled-body check. */
export interface RunOneOptions extends SimulatorOptions {
  /**
   * Fail a body that has been waiting this many real milliseconds while no run was in progress
   * and the simulator had work it would run (or unfinished tasks) and nothing changed: it waits
   * for tasks nobody runs. Default 100; 0 turns the check off. See {@link StalledBodyError}.
   */
  readonly stallTimeoutMs?: number | undefined;
}

// Captured at load time, before a simulator's timer spy or a test's fake timers replace them.
type RealTimeout = { unref?: () => unknown; ref?: () => unknown };
const realSetTimeout = globalThis.setTimeout as unknown as
  | ((callback: () => void, ms: number) => RealTimeout)
  | undefined;
const realClearTimeout = globalThis.clearTimeout as unknown as ((handle: RealTimeout) => void) | undefined;

/** How many consecutive quiet checks make a stall (spread over `stallTimeoutMs`). */
const QUIET_CHECKS = 5;

/**
 * Runs `fn` on a new simulator built from `options` and reports the body's outcome without
 * throwing (invalid options still throw `InvalidArgumentError`, before anything runs).
 * Multi-seed runs default to `autoAdvance: true`, so a body that sleeps cannot deadlock.
 *
 * A body that waits while no run is in progress, with work left in the simulator that nobody
 * will run (it awaits a task but never called `sim.runUntilIdle()` / `sim.runUntil(task)`), fails
 * with {@link StalledBodyError}; if no work is left at all but tasks are unfinished, with
 * {@link DeadlockError}. This check watches real time only to end a hopeless wait early; it never
 * influences the order of the simulation.
 *
 * A body that returns while a task's failure was never observed fails with
 * `UnobservedTaskError` (see `Simulator.checkUnobserved`).
 */
export async function runOne<T>(fn: SimFn<T>, options: RunOneOptions): Promise<Outcome<T>> {
  const { stallTimeoutMs, ...simulatorOptions } = options;
  const simulator = new Simulator({ autoAdvance: true, ...simulatorOptions });
  try {
    const result = fn(simulator);
    const value = isThenable(result) ? await watchBody(simulator, result, stallTimeoutMs ?? 100) : (result as T);
    simulator.checkUnobserved();
    return { ok: true, value, simulator };
  } catch (error) {
    return { ok: false, error, simulator };
  }
}

function watchBody<T>(sim: Simulator, body: PromiseLike<T>, stallTimeoutMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let done = false;
    let timer: RealTimeout | undefined;
    const settle = (): void => {
      done = true;
      if (timer !== undefined) realClearTimeout?.(timer);
    };
    Promise.resolve(body).then(
      (value) => {
        settle();
        resolve(value);
      },
      (error: unknown) => {
        settle();
        reject(error);
      },
    );
    if (!(stallTimeoutMs > 0) || realSetTimeout === undefined) return;
    const interval = Math.max(1, Math.ceil(stallTimeoutMs / QUIET_CHECKS));
    let last = '';
    let quiet = 0;
    const check = (): void => {
      timer = undefined;
      if (done) return;
      const live = sim.liveTasks();
      const state = `${sim.trace.steps}:${sim.now()}:${sim.readyCount}:${sim.pendingTimers}:${live.length}`;
      const stuck = sim.readyCount > 0 || sim.pendingTimers > 0 || live.length > 0;
      quiet = !sim.running && stuck && state === last ? quiet + 1 : 0;
      last = state;
      if (quiet >= QUIET_CHECKS) {
        settle();
        reject(
          sim.readyCount === 0 && sim.pendingTimers === 0
            ? new DeadlockError(live, 0)
            : new StalledBodyError(sim.readyTasks(), live, sim.pendingTimers),
        );
        return;
      }
      timer = realSetTimeout(check, interval);
      // Only a possible stall keeps the process alive; otherwise the check must not.
      if (!stuck && !sim.running) timer.unref?.();
    };
    timer = realSetTimeout(check, interval);
  });
}
