import {
  ByteTapeSource,
  type ManyOptions,
  runTape,
  type Simulator as SimScheduler,
  seedRange,
  once as simOnce,
} from '@sched/sim';
import { PlatformRuntime } from '../platform-runtime.js';
import { SimulatedExecutionContext } from './simulated-execution-context.js';
import type { CloudTapeOptions, TapeResult } from './tape-result.js';

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

  /**
   * Runs `fn` once with every scheduling decision read from `bytes`, a fuzzer's byte tape
   * (`@sched/sim`'s `ByteTapeSource`: any bytes are a valid tape, and the same bytes always give
   * the same run). Never throws for a failing body: the failure comes back as `{ ok: false }`
   * with the schedule and trace hash of the run. Throws `InvalidArgumentError` if `bytes` is not
   * a `Uint8Array`.
   *
   * @example
   * ```ts
   * import { Simulator } from '@sched/compat-cloud/sim';
   *
   * const order = async (simulator: Simulator) => {
   *   const log: string[] = [];
   *   const ctx = simulator.executionContext();
   *   await Promise.all(['a', 'b', 'c'].map((name) => ctx.waitUntil(async () => void log.push(name))));
   *   return log.join('');
   * };
   * const tape = Uint8Array.from([0, 0, 0, 0, 0, 2, 1, 1, 0, 0]); // header, then one byte a decision
   * const first = await Simulator.tape(tape, order);
   * const again = await Simulator.tape(tape, order);
   * console.log(first.ok && first.value, first.traceHash === again.traceHash); // acb true
   * ```
   */
  static async tape<T>(
    bytes: Uint8Array,
    fn: (simulator: Simulator) => T | PromiseLike<T>,
    options: CloudTapeOptions = {},
  ): Promise<TapeResult<T>> {
    const seed = new ByteTapeSource(bytes).seed; // validates `bytes` before anything runs
    const run = await runTape((sim) => runBody(seed, sim, fn), bytes, options);
    const { outcome } = run;
    const identity = {
      seed,
      schedule: run.schedule,
      traceHash: outcome.simulator.trace.hash,
      coverage: run.coverage,
      consumed: run.consumed,
      exhausted: run.exhausted,
    };
    return outcome.ok
      ? { ok: true, value: outcome.value, ...identity }
      : { ok: false, error: outcome.error, ...identity };
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
