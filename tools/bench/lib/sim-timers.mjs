// Shared by the sim-timers (1e5) and sim-timers-1e6 groups: N timers with spread delays, fired by
// advancing virtual time until none is left. @sched/sim (`dispatchAfter` +
// `runUntilIdle({ autoAdvance: true })`, trace on as by default and off) vs
// @sinonjs/fake-timers (`setTimeout` + `runAll`), the same delays, callbacks that count.

import { CallRunnable, hostInfo } from '@sched/core/host';
import { Simulator } from '@sched/sim';
import FakeTimers from '@sinonjs/fake-timers';

const INFO = hostInfo('bench timer');
/** Deterministic, well-spread delays in [0, 10007): ~N/10⁴ timers share each millisecond. */
const delayOf = (/** @type {number} */ i) => (i * 7919) % 10_007;

/** @typedef {{ n: number, ops: number }} Params */
/** @typedef {{ fired: number, order: boolean, steps?: number, events?: number }} Result */

/** @param {Result} result @param {Params} p @param {boolean | undefined} trace */
function check(result, p, trace) {
  if (result.fired !== p.n) throw new Error(`expected ${p.n} timers fired, got ${result.fired}`);
  if (!result.order) throw new Error('timers fired out of deadline order');
  if (trace === undefined) return;
  // Each user timer is one step of the simulation (ties at one millisecond are decisions).
  if (result.steps !== p.n) throw new Error(`expected ${p.n} steps, got ${result.steps}`);
  if (result.events !== (trace ? p.n : 0))
    throw new Error(`expected ${trace ? p.n : 0} trace events, got ${result.events}`);
}

/** @param {Params} p @param {boolean} trace @returns {Promise<Result>} */
async function runSim(p, trace) {
  const sim = new Simulator({ trace });
  let fired = 0;
  let last = -1;
  let order = true;
  for (let i = 0; i < p.n; i++) {
    const deadline = delayOf(i);
    sim.dispatchAfter(
      deadline,
      new CallRunnable(INFO, () => {
        fired++;
        if (deadline < last || sim.now() !== deadline) order = false;
        last = deadline;
      }),
    );
  }
  await sim.runUntilIdle({ autoAdvance: true });
  return { fired, order, steps: sim.trace.steps, events: sim.trace.eventCount };
}

/** @param {Params} p @returns {Result} */
function runFakeTimers(p) {
  const clock = FakeTimers.createClock(0, p.n * 2);
  let fired = 0;
  let last = -1;
  let order = true;
  for (let i = 0; i < p.n; i++) {
    const deadline = delayOf(i);
    clock.setTimeout(() => {
      fired++;
      if (deadline < last || clock.now !== deadline) order = false;
      last = deadline;
    }, deadline);
  }
  clock.runAll();
  return { fired, order };
}

/** The three cases, for a group of one size. */
export const simTimerCases = [
  {
    name: '@sched/sim (defaults, trace on)',
    role: 'subject',
    run: (/** @type {Params} */ p) => runSim(p, true),
    check: (/** @type {Result} */ r, /** @type {Params} */ p) => check(r, p, true),
  },
  {
    name: '@sched/sim (trace: false)',
    role: 'subject',
    run: (/** @type {Params} */ p) => runSim(p, false),
    check: (/** @type {Result} */ r, /** @type {Params} */ p) => check(r, p, false),
  },
  {
    name: '@sinonjs/fake-timers runAll',
    role: 'peer',
    run: (/** @type {Params} */ p) => runFakeTimers(p),
    check: (/** @type {Result} */ r, /** @type {Params} */ p) => check(r, p, undefined),
  },
];

export const SIM_TIMERS_DESCRIPTION =
  'Create N timers with spread delays (~N/10⁴ per millisecond), then advance virtual time until all fired; checks count, deadline order, and for @sched/sim one step per timer and the trace-event count. @sched/sim (`dispatchAfter` of a `CallRunnable` + `runUntilIdle({ autoAdvance: true })`) with default options (trace on) and with `{ trace: false }` vs @sinonjs/fake-timers (`setTimeout` + `runAll`). Both pop a heap: fake-timers 15.5 keeps its timers in a heap (`timerHeap.peek()`), so its `runAll` is not quadratic; from N = 1e5 (sim-timers) to N = 1e6 (sim-timers-1e6) both costs per timer grow by the same memory effects (a bigger heap, more live objects to collect).';
