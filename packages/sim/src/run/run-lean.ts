import { RerunMismatchError, type RunSummary } from '../errors/rerun-mismatch-error.js';
import { type RunOneOptions, runOne } from './run-one.js';
import { errorKind } from './shrink.js';
import type { Outcome, SimFn } from './sim-fn.js';

/**
 * The options of a lean run: trace events and spawn-location capture off. A passing seed never
 * reads them, and a failing one is re-run rich ({@link richOptions}) to report it. Only when the
 * user left `trace` unset: `trace: true` keeps events on every seed, `trace: false` keeps them off
 * everywhere (and spawn locations as the user set them).
 */
export function leanOptions<O extends RunOneOptions>(options: O): O {
  return options.trace === undefined ? { ...options, trace: false, spawnLocations: false } : options;
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
export async function runLean<T>(fn: SimFn<T>, options: RunOneOptions): Promise<Outcome<T>> {
  const lean = leanOptions(options);
  if (lean === options) return runOne(fn, options);
  const first = await runOne(fn, lean);
  if (first.ok) return first;
  return confirmRerun(first, await runOne(fn, richOptions(options)));
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
