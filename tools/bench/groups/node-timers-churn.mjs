// Timers on Node, the everyday pattern: a timeout armed around an operation that finishes first,
// so each timer is created and cancelled right away (at most one pending at a time).

import { CallRunnable } from '@sched/core/host';
import { NodeScheduler } from '@sched/runtime-node';
import {
  activeTimeouts,
  checkAllCancelled as check,
  farDelayOf as delayOf,
  TIMER_BENCH_INFO as INFO,
} from '../lib/node-timers.mjs';

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
