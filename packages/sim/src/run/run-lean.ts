import { RerunMismatchError, type RunSummary } from '../errors/rerun-mismatch-error.js';
import { type RunOneOptions, runOne } from './run-one.js';
import { errorKind } from './shrink.js';
import type { Outcome, SimFn } from './sim-fn.js';

/**
 * The options of a lean run: trace events and spawn-location capture off. A passing seed never
 * reads them, and a failing one is re-run rich ({@link richOptions}) to report it. Only when the
 * user left `trace` unset: `trace: true` keeps events on every seed, `trace: false` keeps them off
 * everywhere (and spawn locations as the user set them). An explicit `spawnLocations` is kept.
 */
export function leanOptions<O extends RunOneOptions>(options: O): O {
  return options.trace === undefined
    ? { ...options, trace: false, spawnLocations: options.spawnLocations ?? false }
    : options;
}

/** The options of the rich re-run of a failing lean run: the trace and spawn locations on. */
export function richOptions<O extends RunOneOptions>(options: O): O {
  return { ...options, trace: true, spawnLocations: options.spawnLocations ?? true };
}

/**
 * Runs `fn` lean (see {@link leanOptions}); if it fails, runs the same seed or schedule again with
 * the trace and spawn locations on and returns that run, whose simulator and error feed the
 * failure report (trace tail, spawn sites, timelines). Deterministic replay makes the re-run the
 * same run; it is checked (same step count, trace hash and error kind), and a re-run that differs
 * fails with {@link RerunMismatchError}, which carries the original error. With `trace` set, runs
 * once as told.
 */
export function runLean<T>(fn: SimFn<T>, options: RunOneOptions): Promise<Outcome<T>> {
  return leanRunner(fn, options)({});
}

/** What a runner made by {@link leanRunner} runs: a seed, a schedule, or nothing more. */
export type RunTarget = { readonly seed?: number; readonly schedule?: readonly number[] };

/**
 * {@link runLean} for many runs of `fn` with the same options: the lean and rich options are
 * prepared once, so a run only adds its seed or schedule (one object per run, the only one).
 */
export function leanRunner<T>(fn: SimFn<T>, options: RunOneOptions): (target: RunTarget) => Promise<Outcome<T>> {
  const { run, rerun } = leanRuns(fn, options);
  if (rerun === undefined) return run;
  return async (target) => {
    const first = await run(target);
    return first.ok ? first : rerun(first, target);
  };
}

/**
 * The two halves of {@link leanRunner}, for a loop that awaits each run anyway (`many`): `run`
 * runs a target once (lean unless `trace` is set); when it fails and `rerun` is defined, `rerun`
 * makes the reported outcome (the rich re-run, checked against the first run). Awaiting `run`
 * directly saves a seed one async layer. `reportFn` (default `fn`) runs instead of `fn` in every run
 * whose outcome is reported as is: the rich re-run, or every run when `trace` is set (`many` wraps
 * `fn` there so that a failure's stack names it, and lean seeds skip the wrapper).
 */
export function leanRuns<T>(
  fn: SimFn<T>,
  options: RunOneOptions,
  reportFn: SimFn<T> = fn,
): {
  readonly run: (target: RunTarget) => Promise<Outcome<T>>;
  readonly rerun: ((first: Outcome<T> & { ok: false }, target: RunTarget) => Promise<Outcome<T>>) | undefined;
} {
  // Multi-seed runs default to autoAdvance (see runOne), settled here once instead of per run.
  const base: RunOneOptions = 'autoAdvance' in options ? options : { autoAdvance: true, ...options };
  const lean = leanOptions(base);
  if (lean === base) return { run: (target) => runOne(reportFn, withTarget(base, target)), rerun: undefined };
  const rich = richOptions(base);
  return {
    run: (target) => runOne(fn, withTarget(lean, target)),
    rerun: async (first, target) => confirmRerun(first, await runOne(reportFn, withTarget(rich, target))),
  };
}

/**
 * `options` with the target's seed or schedule: a small object whose prototype is `options`
 * (copying every option per seed was a measurable part of a small run; the simulator and runOne
 * only read options, through `??` and `in`, which see inherited ones).
 */
function withTarget<O extends RunOneOptions>(options: O, target: RunTarget): O {
  const run = Object.create(options) as { seed?: number; schedule?: readonly number[] };
  if (target.seed !== undefined) run.seed = target.seed;
  if (target.schedule !== undefined) run.schedule = target.schedule;
  return run as O;
}

/**
 * The re-run if it repeats the failing run `first` (same steps, trace hash and error kind),
 * otherwise a failure with {@link RerunMismatchError} (on the re-run's simulator).
 */
export function confirmRerun<T>(first: Outcome<T> & { ok: false }, rerun: Outcome<T>): Outcome<T> {
  const a = summarize(first);
  const b = summarize(rerun);
  if (!rerun.ok && a.steps === b.steps && a.hash === b.hash && errorKind(first.error) === errorKind(rerun.error)) {
    return rerun;
  }
  return {
    ok: false,
    error: new RerunMismatchError(first.simulator.description, a, b, first.error),
    simulator: rerun.simulator,
  };
}

function summarize(outcome: Outcome<unknown>): RunSummary {
  const trace = outcome.simulator.trace;
  return { steps: trace.steps, hash: trace.hash, outcome: outcome.ok ? 'passed' : describe(outcome.error) };
}

function describe(error: unknown): string {
  if (error instanceof Error) return `threw ${error.name}: ${error.message}`;
  return `threw ${errorKind(error)}: ${String(error)}`;
}
