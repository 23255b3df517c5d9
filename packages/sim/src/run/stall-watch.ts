import { DeadlockError } from '../errors/deadlock-error.js';
import { StalledBodyError } from '../errors/stalled-body-error.js';
import { removeFrom } from '../escapes/remove-from.js';
import type { Simulator } from '../simulator.js';

// Captured at load time, before a simulator's timer spy or a test's fake timers replace them.
type RealTimeout = { unref?: () => unknown; ref?: () => unknown };
const realSetTimeout = globalThis.setTimeout as unknown as
  | ((callback: () => void, ms: number) => RealTimeout)
  | undefined;

/** How many consecutive quiet checks make a stall (spread over the stall timeout). */
const QUIET_CHECKS = 5;

/** One body being watched: its simulator, how to fail it, and what the last checks saw. */
interface Watched {
  readonly sim: Simulator;
  readonly reject: (error: unknown) => void;
  last: string;
  quiet: number;
}

/**
 * One real timer per check interval, shared by every body being watched, and re-armed only while
 * some body is: a multi-seed run, whose seeds settle in microseconds, arms it once instead of
 * once per seed. It never influences the simulation; it only ends a hopeless wait early.
 */
class Ticker {
  readonly #interval: number;
  /** An array, not a Set: a Set emptied by a delete reallocates its table, once per seed here. */
  readonly #watched: Watched[] = [];
  #timer: RealTimeout | undefined = undefined;

  constructor(interval: number) {
    this.#interval = interval;
  }

  add(watched: Watched): void {
    if (this.#watched.includes(watched)) return;
    this.#watched.push(watched);
    if (this.#timer === undefined) this.#arm();
    else if (this.#watched.length === 1) this.#timer.ref?.();
  }

  delete(watched: Watched): void {
    if (!removeFrom(this.#watched, watched)) return;
    // Left to fire once and stop: cheaper than clearing and re-arming it for the next seed.
    if (this.#watched.length === 0) this.#timer?.unref?.();
  }

  #arm(): RealTimeout {
    this.#timer = (realSetTimeout as NonNullable<typeof realSetTimeout>)(this.#tick, this.#interval);
    return this.#timer;
  }

  readonly #tick = (): void => {
    this.#timer = undefined;
    let keepAlive = false;
    for (const watched of [...this.#watched]) {
      if (check(watched)) {
        removeFrom(this.#watched, watched);
        continue;
      }
      const sim = watched.sim;
      // Only a possible stall keeps the process alive; otherwise the check must not.
      if (sim.running || sim.readyCount > 0 || sim.pendingTimers > 0 || sim.liveTasks().length > 0) keepAlive = true;
    }
    if (this.#watched.length === 0) return;
    const timer = this.#arm();
    if (!keepAlive) timer.unref?.();
  };
}

/** Checks one body; on a stall, fails it and returns true. */
function check(watched: Watched): boolean {
  const sim = watched.sim;
  const live = sim.liveTasks();
  const state = `${sim.trace.steps}:${sim.now()}:${sim.readyCount}:${sim.pendingTimers}:${live.length}`;
  const stuck = sim.readyCount > 0 || sim.pendingTimers > 0 || live.length > 0;
  watched.quiet = !sim.running && stuck && state === watched.last ? watched.quiet + 1 : 0;
  watched.last = state;
  if (watched.quiet < QUIET_CHECKS) return false;
  watched.reject(
    sim.readyCount === 0 && sim.pendingTimers === 0
      ? new DeadlockError(live, 0)
      : new StalledBodyError(sim.readyTasks(), live, sim.pendingTimers),
  );
  return true;
}

const tickers = new Map<number, Ticker>();

/** How a watched body ended: with its value, or failed (its error, or a stall's). */
export type BodySettled<T> = (ok: boolean, valueOrError: T | unknown) => void;

/**
 * Calls `settle` once, when `body` settles, or with {@link StalledBodyError} (or
 * {@link DeadlockError} when no work is left at all) once the body has waited about
 * `stallTimeoutMs` real milliseconds while no run was in progress and the simulator had work it
 * would run, or unfinished tasks, and nothing changed; whatever comes second is ignored. A
 * `stallTimeoutMs` of 0 (or a host without `setTimeout`) turns the check off. The watch ends by
 * itself: a seed's watch costs one record and the body's `then`, no promise of its own.
 */
export function watchBody<T>(
  sim: Simulator,
  body: PromiseLike<T>,
  stallTimeoutMs: number,
  settle: BodySettled<T>,
): void {
  // `Promise.resolve` is the body itself when it is a native promise; a thenable is adopted.
  const settled = Promise.resolve(body);
  if (!(stallTimeoutMs > 0) || realSetTimeout === undefined) {
    settled.then(
      (value) => settle(true, value),
      (error: unknown) => settle(false, error),
    );
    return;
  }
  const interval = Math.max(1, Math.ceil(stallTimeoutMs / QUIET_CHECKS));
  let ticker = tickers.get(interval);
  if (ticker === undefined) tickers.set(interval, (ticker = new Ticker(interval)));
  const watch = new Watch<T>(sim, settle, ticker);
  settled.then(watch.resolve, watch.reject);
  ticker.add(watch);
}

/** One watched body (see {@link watchBody}): settles once, then leaves its ticker. */
class Watch<T> implements Watched {
  readonly sim: Simulator;
  last = '';
  quiet = 0;
  #settle: BodySettled<T> | undefined;
  readonly #ticker: Ticker;

  constructor(sim: Simulator, settle: BodySettled<T>, ticker: Ticker) {
    this.sim = sim;
    this.#settle = settle;
    this.#ticker = ticker;
  }

  readonly resolve = (value: T): void => this.#end(true, value);
  readonly reject = (error: unknown): void => this.#end(false, error);

  #end(ok: boolean, valueOrError: unknown): void {
    const settle = this.#settle;
    if (settle === undefined) return; // settled already (a stall, then the body, or the reverse)
    this.#settle = undefined;
    this.#ticker.delete(this);
    settle(ok, valueOrError);
  }
}
