import type { ExploreProgress } from './explore.js';

/**
 * One line describing an exploration's progress, for a terminal: pass
 * `onProgress: (p) => process.stderr.write(formatProgress(p) + '\n')` to `explore` to watch a
 * long run (nothing is printed by default, so tests stay quiet).
 *
 * @example
 * ```ts
 * import { formatProgress } from '@sched/sim';
 *
 * const line = formatProgress({ schedules: 1200, schedulesPerSecond: 2400.4, distinct: 950, coverage: 310, corpus: 42, best: 37 });
 * console.log(line); // 1200 schedules (2400/s) · 950 distinct · 310 coverage points · corpus 42 · best 37
 * ```
 */
export function formatProgress(progress: ExploreProgress): string {
  const rate = Math.round(progress.schedulesPerSecond);
  return [
    `${progress.schedules} schedules (${rate}/s)`,
    `${progress.distinct} distinct`,
    `${progress.coverage} coverage points`,
    `corpus ${progress.corpus}`,
    `best ${progress.best}`,
  ].join(' · ');
}
