// Advancing virtual time through 1e5 timers: @sched/sim's timer heap vs @sinonjs/fake-timers'
// clock.runAll() (see lib/sim-timers.mjs; sim-timers-1e6 runs the same at 1e6).

import { SIM_TIMERS_DESCRIPTION, simTimerCases } from '../lib/sim-timers.mjs';

export const group = {
  name: 'sim-timers',
  description: `${SIM_TIMERS_DESCRIPTION} This group: N = 1e5.`,
  gcBetweenRuns: false,
  params: {
    full: { n: 100_000, ops: 100_000 },
    smoke: { n: 1_000, ops: 1_000 },
  },
  cases: simTimerCases,
};
