// Timers on Node: create N timers and cancel them all. @sched's NodeScheduler keeps every timer
// in one min-heap behind a single libuv timer; the peer is Node's own setTimeout / clearTimeout.

import { CallRunnable } from '@sched/core/host';
import { NodeScheduler } from '@sched/runtime-node';
import {
  activeTimeouts,
  checkAllCancelled as check,
  farDelayOf as delayOf,
  TIMER_BENCH_INFO as INFO,
} from '../lib/node-timers.mjs';

export const group = {
  name: 'node-timers',
  description:
    'Create N timers (100 distinct delays ≥ 60 s), then cancel all N, in creation order. @sched: `NodeScheduler.dispatchAfter` + `handle.cancel()` (one libuv timer; per-delay lists in a heap; O(1) cancel); peer: `setTimeout` + `clearTimeout`. Checks every cancel succeeded and nothing is left pending.',
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
        const noop = new CallRunnable(INFO, () => {
          throw new Error('a cancelled timer fired');
        });
        const handles = new Array(p.n);
        for (let i = 0; i < p.n; i++) handles[i] = scheduler.dispatchAfter(delayOf(i), noop);
        let cancelled = 0;
        for (let i = 0; i < p.n; i++) if (handles[i].cancel()) cancelled++;
        return { created: p.n, cancelled, pending: scheduler.pendingTimers };
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
        const handles = new Array(p.n);
        for (let i = 0; i < p.n; i++) handles[i] = setTimeout(fail, delayOf(i));
        let cancelled = 0;
        for (let i = 0; i < p.n; i++) {
          clearTimeout(handles[i]);
          cancelled++;
        }
        return { created: p.n, cancelled, pending: activeTimeouts() - before };
      },
      check,
    },
  ],
};
