// Timers on Node, the everyday pattern: a timeout armed around an operation that finishes first,
// so each timer is created and cancelled right away (at most one pending at a time).

import { CallRunnable, hostInfo } from '@sched/core';
import { NodeScheduler } from '@sched/runtime-node';

const INFO = hostInfo('bench timer');
const delayOf = (/** @type {number} */ i) => 60_000 + (i % 100) * 10;
/** Node timers currently keeping the loop alive (the harness has its own). */
const activeTimeouts = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

/** @typedef {{ n: number, ops: number }} Params */
/** @typedef {{ cancelled: number, pending: number }} Result */

/** @param {Result} r @param {Params} p */
function check(r, p) {
  if (r.cancelled !== p.n) throw new Error(`expected ${p.n} timers cancelled, got ${r.cancelled}`);
  if (r.pending !== 0) throw new Error(`expected no pending timer left, got ${r.pending}`);
}

export const group = {
  name: 'node-timers-churn',
  description:
    'N × (create a timer, cancel it at once), 100 distinct delays ≥ 60 s. @sched: `NodeScheduler.dispatchAfter` + `handle.cancel()`; peer: `clearTimeout(setTimeout(…))`.',
  params: {
    full: { n: 100_000, ops: 100_000 },
    smoke: { n: 1_000, ops: 1_000 },
  },
  cases: [
    {
      name: '@sched/runtime-node dispatchAfter + cancel',
      role: 'subject',
      run: (p) => {
        const scheduler = new NodeScheduler();
        const fail = new CallRunnable(INFO, () => {
          throw new Error('a cancelled timer fired');
        });
        let cancelled = 0;
        for (let i = 0; i < p.n; i++) if (scheduler.dispatchAfter(delayOf(i), fail).cancel()) cancelled++;
        return { cancelled, pending: scheduler.pendingTimers };
      },
      check,
    },
    {
      name: 'native setTimeout + clearTimeout',
      role: 'peer',
      run: (p) => {
        const fail = () => {
          throw new Error('a cancelled timer fired');
        };
        const before = activeTimeouts();
        let cancelled = 0;
        for (let i = 0; i < p.n; i++) {
          clearTimeout(setTimeout(fail, delayOf(i)));
          cancelled++;
        }
        return { cancelled, pending: activeTimeouts() - before };
      },
      check,
    },
  ],
};
