import { holdRunHooks } from '../escapes/run-hooks.js';
import { divergence } from './check-determinism.js';
import { type ReplayTarget, reportFailure } from './failure-report.js';
import type { ReplayCommand } from './replay-command.js';
import { leanRunner, leanRuns } from './run-lean.js';
import { type RunOneOptions, runOne } from './run-one.js';
import { scheduleFromEnv, seedRange } from './seed-range.js';
import type { Outcome, SeedlessOptions, SimFn } from './sim-fn.js';

/** Options of {@link many} and {@link once}. */
export interface ManyOptions extends SeedlessOptions {
  /** First seed (default 0). */
  readonly from?: number | undefined;
  /** How to print the replay command of a failing seed. */
  readonly replayCommand?: ReplayCommand | undefined;
  /** Run every seed twice and fail on the first divergent step (default false). */
  readonly checkDeterminism?: boolean | undefined;
  /** Called after each seed. */
  readonly onProgress?: ((done: number, total: number) => void) | undefined;
  /** Where the failure report goes (default: console.error). */
  readonly log?: ((text: string) => void) | undefined;
  /** See {@link RunOneOptions.stallTimeoutMs} (default 100 ms; 0 turns the check off). */
  readonly stallTimeoutMs?: number | undefined;
}

/** A seed that failed, with everything needed to replay and explain it. */
export interface SeedFailure {
  readonly seed: number;
  readonly error: unknown;
  readonly outcome: Outcome<unknown>;
}

/**
 * Runs `fn` once per seed (on a fresh simulator each time) and returns the first failure, or
 * undefined if every seed passed. Never throws for a failing body. Unless `trace` is set, seeds
 * run with trace events and spawn-location capture off, and a failing seed is re-run with both on
 * (the returned outcome is that run's; see `RerunMismatchError` for a re-run that differs).
 */
export async function findFailure<T>(
  fn: SimFn<T>,
  seeds: { readonly from: number; readonly count: number },
  options: ManyOptions = {},
): Promise<SeedFailure | undefined> {
  return searchSeeds(fn, seeds, options, undefined, fn);
}

/**
 * {@link findFailure}, handing each passing seed's value to `onValue`. `reportFn` runs instead of
 * `fn` wherever the run's outcome is the one reported (see {@link leanRuns}); a lean seed runs `fn`.
 */
async function searchSeeds<T>(
  fn: SimFn<T>,
  seeds: { readonly from: number; readonly count: number },
  options: ManyOptions,
  onValue: ((value: T) => void) | undefined,
  reportFn: SimFn<T>,
): Promise<SeedFailure | undefined> {
  const release = holdRunHooks(options);
  // Without checkDeterminism, each seed awaits its lean run directly (see leanRuns).
  const { run, rerun } =
    options.checkDeterminism === true
      ? { run: checkedRunner(reportFn, options), rerun: undefined }
      : leanRuns(fn, options, reportFn);
  try {
    for (let i = 0; i < seeds.count; i++) {
      const seed = seeds.from + i;
      const target = { seed };
      let outcome = await run(target);
      if (!outcome.ok && rerun !== undefined) outcome = await rerun(outcome, target);
      if (!outcome.ok) return { seed, error: outcome.error, outcome };
      onValue?.(outcome.value);
      options.onProgress?.(i + 1, seeds.count);
    }
    return undefined;
  } finally {
    release();
  }
}

/**
 * Runs one seed or schedule at a time: lean, re-run rich if it fails (see {@link leanRunner}); with
 * `checkDeterminism`, twice with the trace on (unless `trace: false`), failing on a divergence.
 */
function checkedRunner<T>(fn: SimFn<T>, options: ManyOptions): (target: ReplayTarget) => Promise<Outcome<T>> {
  if (options.checkDeterminism !== true) return leanRunner(fn, options);
  return async (target) => {
    const runOptions: RunOneOptions = { ...options, ...target };
    const outcome = await runOne(fn, runOptions);
    if (!outcome.ok) return outcome;
    const again = await runOne(fn, runOptions);
    const error = divergence(outcome.simulator, again.simulator);
    return error === undefined ? outcome : { ok: false, error, simulator: outcome.simulator };
  };
}

/**
 * Runs `fn` on `iterations` seeds (0, 1, 2, … or from `options.from`) and returns each result.
 * On the first failure it prints `Failing seed: N`, the exact command that replays it, and the
 * tail of the trace, then rethrows the original error with the seed, the replay command and the
 * schedule appended to its message (see {@link withReplayInfo}). `SEED=<n>` in the environment
 * runs only that seed, `SCHEDULE=<s>` replays only that schedule, `ITERATIONS=<k>` changes the
 * count. A body that waits on tasks nobody runs fails with `StalledBodyError` (see `runOne`).
 *
 * Passing seeds run lean: unless you set `trace`, each seed runs with trace events and
 * spawn-location capture off (the rolling trace hash is kept), and a failing seed is re-run with
 * both on, so its report has the trace tail and spawn sites. The re-run must repeat the run (same
 * step count, trace hash and error kind), or the run fails with `RerunMismatchError`, which
 * carries the original error. `trace: true` keeps events on every seed.
 *
 * @example
 * ```ts
 * import { many } from '@sched/sim';
 *
 * const results = await many(100, async (sim) => {
 *   const counter = { n: 0 };
 *   const tasks = Array.from({ length: 10 }, () => sim.spawn(async () => { counter.n++; }));
 *   await sim.runUntilIdle();
 *   for (const t of tasks) await t;
 *   if (counter.n !== 10) throw new Error(`lost increments: ${counter.n}`);
 *   return counter.n;
 * });
 * console.log(results.length, new Set(results)); // 100 Set(1) { 10 }
 * ```
 */
export async function many<T>(iterations: number, fn: SimFn<T>, options: ManyOptions = {}): Promise<T[]> {
  const schedule = scheduleFromEnv();
  if (schedule !== undefined) {
    const target = { schedule };
    const outcome = await checkedRunner(fn, options)(target);
    if (!outcome.ok) reportFailure(target, outcome.error, outcome.simulator, options);
    options.onProgress?.(1, 1);
    return [outcome.value];
  }
  const seeds = seedRange(iterations, options.from ?? 0);
  const results: T[] = [];
  // Awaited here so that a failure's async stack trace names `many`, where the run came from: a
  // reported run (a failing seed's rich re-run, or every seed with `trace` set) runs `fn` through
  // it; a lean seed, whose outcome is only reported through its re-run, runs `fn` as is.
  const body: SimFn<T> = async (sim) => await fn(sim);
  const failure = await searchSeeds(fn, seeds, options, (value) => results.push(value), body);
  if (failure !== undefined) reportFailure({ seed: failure.seed }, failure.error, failure.outcome.simulator, options);
  return results;
}

/**
 * Runs `fn` on exactly one seed (`SEED` / `SCHEDULE` in the environment still win); on failure
 * prints the seed and replay command and rethrows, as {@link many} does.
 */
export async function once<T>(seed: number, fn: SimFn<T>, options: Omit<ManyOptions, 'from'> = {}): Promise<T> {
  const [value] = await many(1, fn, { ...options, from: seed });
  return value as T;
}
