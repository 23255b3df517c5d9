// Shared by the node-timers and node-timers-churn groups: the same delays, the same way of
// counting Node's own pending timeouts, and the same "all cancelled, none left" check.

import { hostInfo } from '@sched/core/host';

/** TaskInfo of the benchmark's timer Runnables. */
export const TIMER_BENCH_INFO = hostInfo('bench timer');

/**
 * Delays spread over 100 distinct values, far enough out (≥ 60 s) that nothing fires during a run.
 * @param {number} i
 */
export const farDelayOf = (i) => 60_000 + (i % 100) * 10;

/** Node timers currently keeping the loop alive (the harness has its own). */
export const activeTimeouts = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

/**
 * Throws unless every one of the run's `p.n` timers was cancelled and none is left pending
 * (and, when the result counts them, all `p.n` were created).
 * @param {{ created?: number, cancelled: number, pending: number }} r
 * @param {{ n: number }} p
 */
export function checkAllCancelled(r, p) {
  if (r.created !== undefined && r.created !== p.n) throw new Error(`expected ${p.n} timers created, got ${r.created}`);
  if (r.cancelled !== p.n) throw new Error(`expected ${p.n} timers cancelled, got ${r.cancelled}`);
  if (r.pending !== 0) throw new Error(`expected no pending timer left, got ${r.pending}`);
}
