// Advancing virtual time through many timers: @sched/sim's timer heap vs
// @sinonjs/fake-timers' clock.runAll(), the same delays, callbacks that count.

import { CallRunnable, hostInfo } from '@sched/core/host';
import { Simulator } from '@sched/sim';
import FakeTimers from '@sinonjs/fake-timers';

const info = hostInfo('bench timer');
/** Deterministic, well-spread delays in [0, 10007). */
const delayOf = (i) => (i * 7919) % 10_007;

/** @param {{ fired: number, order: boolean }} result @param {{ n: number }} p */
function check(result, p) {
  if (result.fired !== p.n) throw new Error(`expected ${p.n} timers fired, got ${result.fired}`);
  if (!result.order) throw new Error('timers fired out of deadline order');
}

export const group = {
  name: 'sim-timers',
  description:
    'Create N timers with spread delays, then advance virtual time until all fired; checks count and deadline order. @sched/sim (`dispatchAfter` + `runUntilIdle({ autoAdvance: true })`) vs @sinonjs/fake-timers (`setTimeout` + `runAll`). N = 1e5: fake-timers costs ~40 µs per timer here, so 1e6 would take ~40 s per sample.',
  gcBetweenRuns: false,
  params: {
    full: { n: 100_000, ops: 100_000 },
    smoke: { n: 1_000, ops: 1_000 },
  },
  cases: [
    {
      name: '@sched/sim',
      role: 'subject',
      run: async (p) => {
        const sim = new Simulator({ trace: false });
        let fired = 0;
        let last = -1;
        let order = true;
        for (let i = 0; i < p.n; i++) {
          const deadline = delayOf(i);
          sim.dispatchAfter(
            deadline,
            new CallRunnable(info, () => {
              fired++;
              if (deadline < last || sim.now() !== deadline) order = false;
              last = deadline;
            }),
          );
        }
        await sim.runUntilIdle({ autoAdvance: true });
        return { fired, order };
      },
      check,
    },
    {
      name: '@sinonjs/fake-timers runAll',
      role: 'peer',
      run: async (p) => {
        const clock = FakeTimers.createClock(0, p.n * 2);
        let fired = 0;
        let last = -1;
        let order = true;
        for (let i = 0; i < p.n; i++) {
          const deadline = delayOf(i);
          clock.setTimeout(() => {
            fired++;
            if (deadline < last) order = false;
            last = deadline;
          }, deadline);
        }
        clock.runAll();
        return { fired, order };
      },
      check,
    },
  ],
};
