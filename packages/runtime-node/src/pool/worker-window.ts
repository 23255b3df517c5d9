/**
 * About how much work (ms) a worker may have waiting behind the job it runs, once its job
 * duration is measured: enough short jobs to keep it busy through a message round trip and to
 * send them in batches, few enough that a job which turns out long delays little behind it.
 * @internal
 */
export const WINDOW_BUDGET_MS = 0.5;

/**
 * How many jobs a worker may hold: `pipeline` until its jobs are measured, then
 * {@link WINDOW_BUDGET_MS} worth of them, never fewer than `pipeline` nor more than `maxWindow`.
 * @internal
 */
export function windowFor(jobMs: number, pipeline: number, maxWindow: number): number {
  if (!(jobMs >= 0)) return pipeline;
  const fits = jobMs === 0 ? maxWindow : Math.floor(WINDOW_BUDGET_MS / jobMs);
  return fits <= pipeline ? pipeline : Math.min(fits, maxWindow);
}

/**
 * The next estimate of a worker's time per job (ms), from `previous` (`NaN` if none) and a report
 * of `count` jobs finished `elapsedMs` after its previous report (or after it became busy). The
 * last two reports weigh equally, so the window follows a change of workload within a few reports.
 * @internal
 */
export function nextJobMs(previous: number, elapsedMs: number, count: number): number {
  const sample = elapsedMs / count;
  return Number.isNaN(previous) ? sample : (previous + sample) / 2;
}
