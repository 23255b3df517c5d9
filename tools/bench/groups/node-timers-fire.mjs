// Timers on Node: create N timers with short delays and wait until all fired. @sched's
// NodeScheduler runs every due timer from one native callback, in (deadline, creation) order;
// the peer is Node's own setTimeout.

import { CallRunnable, hostInfo } from '@sched/core/host';
import { NodeScheduler } from '@sched/runtime-node';

const INFO = hostInfo('bench timer');
/** Ten distinct delays, 0–9 ms. */
const delayOf = (/** @type {number} */ i) => i % 10;

/** @typedef {{ n: number, ops: number }} Params */
/** @typedef {{ fired: number, ordered: boolean }} Result */

/** @param {Result} r @param {Params} p */
function check(r, p) {
  if (r.fired !== p.n) throw new Error(`expected ${p.n} timers fired, got ${r.fired}`);
  if (!r.ordered) throw new Error('a timer fired out of deadline order, or early');
}

export const group = {
  name: 'node-timers-fire',
  description:
    'Create N timers with delays of 0–9 ms, then wait until every one has fired (the run includes the ~10 ms wait). @sched: `NodeScheduler.dispatchAfter` of a `CallRunnable` per timer (refTimers on; checks deadline order); peer: `setTimeout` of a closure per timer (checks none fired more than 1 ms early).',
  params: {
    full: { n: 100_000, ops: 100_000 },
    smoke: { n: 1_000, ops: 1_000 },
  },
  cases: [
    {
      name: '@sched/runtime-node dispatchAfter',
      role: 'subject',
      run: (p) =>
        new Promise((resolve) => {
          const scheduler = new NodeScheduler({ refTimers: true });
          let fired = 0;
          let last = Number.NEGATIVE_INFINITY;
          let ordered = true;
          for (let i = 0; i < p.n; i++) {
            const handle = scheduler.dispatchAfter(
              delayOf(i),
              new CallRunnable(INFO, () => {
                if (handle.deadline < last) ordered = false;
                last = handle.deadline;
                if (++fired === p.n) resolve({ fired, ordered });
              }),
            );
          }
        }),
      check,
    },
    {
      name: 'native setTimeout',
      role: 'peer',
      run: (p) =>
        new Promise((resolve) => {
          let fired = 0;
          let ordered = true;
          const created = performance.now();
          for (let i = 0; i < p.n; i++) {
            const delay = delayOf(i);
            // Same per-timer work as the subject: a closure, a count, and a check that it was not early.
            setTimeout(() => {
              // libuv measures in whole milliseconds: allow 1 ms of rounding.
              if (performance.now() - created < delay - 1) ordered = false;
              if (++fired === p.n) resolve({ fired, ordered });
            }, delay);
          }
        }),
      check,
    },
  ],
};
