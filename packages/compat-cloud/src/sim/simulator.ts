import { type ManyOptions, type Simulator as SimScheduler, seedRange, once as simOnce } from '@sched/sim';
import { PlatformRuntime } from '../platform-runtime.js';
import { SimulatedExecutionContext } from './simulated-execution-context.js';

/** The result of one seed of {@link Simulator.once} / {@link Simulator.many}. */
export type SeedResult<T> =
  | { readonly seed: number; readonly ok: true; readonly value: T }
  | { readonly seed: number; readonly ok: false; readonly error: unknown };

/** Options of {@link Simulator.once} and {@link Simulator.many}: those of `@sched/sim`'s `many`. */
export type CloudSimOptions = Omit<ManyOptions, 'from'>;

/**
 * The cloud simulator (the seed's `Simulator`): one seed's scheduler (`@sched/sim`'s simulator)
 * and a {@link PlatformRuntime} on it. `once` and `many` run a test body as a task of a fresh
 * simulation per seed, then run until idle so the work it spawned finishes, and return per-seed
 * results. A failing seed prints `Failing seed: N` and the exact replay command (`SEED=N …`),
 * from `@sched/sim`'s machinery, and comes back as `{ ok: false, error }`.
 *
 * @example
 * ```ts
 * import { Simulator } from '@sched/compat-cloud/sim';
 *
 * const results = await Simulator.many(3, async (simulator) => {
 *   const ctx = simulator.executionContext();
 *   return ctx.waitUntil(async () => 'stored');
 * });
 * console.log(results.map((r) => (r.ok ? r.value : 'failed')).join()); // stored,stored,stored
 * ```
 */
export class Simulator {
  /** The seed of this run. */
  readonly seed: number;
  /** This seed's scheduler: `@sched/sim`'s simulator. */
  readonly scheduler: SimScheduler;
  /** A `PlatformRuntime` on {@link Simulator.scheduler}. */
  readonly platformRuntime: PlatformRuntime;

  constructor(seed: number, scheduler: SimScheduler) {
    this.seed = seed;
    this.scheduler = scheduler;
    this.platformRuntime = new PlatformRuntime(scheduler);
  }

  /** A new execution context (one session) on this simulator. */
  executionContext(name?: string): SimulatedExecutionContext {
    return new SimulatedExecutionContext(this.scheduler, name);
  }

  /** Runs `fn` on one seed (`SEED` / `SCHEDULE` in the environment win, as in `@sched/sim`). */
  static async once<T>(
    seed: number,
    fn: (simulator: Simulator) => T | PromiseLike<T>,
    options?: CloudSimOptions,
  ): Promise<SeedResult<T>> {
    try {
      const value = await simOnce(seed, (sim) => runBody(seed, sim, fn), options);
      return { seed, ok: true, value };
    } catch (error) {
      return { seed, ok: false, error };
    }
  }

  /** Runs `fn` on seeds 0 to `iterations − 1` (`SEED`, `ITERATIONS` in the environment apply). */
  static async many<T>(
    iterations: number,
    fn: (simulator: Simulator) => T | PromiseLike<T>,
    options?: CloudSimOptions,
  ): Promise<Array<SeedResult<T>>> {
    const seeds = seedRange(iterations);
    const results: Array<SeedResult<T>> = [];
    for (let i = 0; i < seeds.count; i++) results.push(await Simulator.once(seeds.from + i, fn, options));
    return results;
  }
}

async function runBody<T>(
  seed: number,
  sim: SimScheduler,
  fn: (simulator: Simulator) => T | PromiseLike<T>,
): Promise<T> {
  const simulator = new Simulator(seed, sim);
  const body = sim.spawn(() => fn(simulator), { label: 'Simulator body' });
  const value = await sim.runUntil(body, { autoAdvance: true });
  await sim.runUntilIdle({ autoAdvance: true });
  return value;
}
