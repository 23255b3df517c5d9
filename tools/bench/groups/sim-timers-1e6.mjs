// sim-timers at 1e6 timers. One fake-timers run takes ~15–20 s here: 1 warm-up + 3 samples.

import { SIM_TIMERS_DESCRIPTION, simTimerCases } from '../lib/sim-timers.mjs';

export const group = {
  name: 'sim-timers-1e6',
  description: `${SIM_TIMERS_DESCRIPTION} This group: N = 1e6 (1 warm-up + 3 samples: a fake-timers run takes ~15–20 s).`,
  gcBetweenRuns: false,
  warmup: 1,
  samples: 3,
  params: {
    full: { n: 1_000_000, ops: 1_000_000 },
    smoke: { n: 2_000, ops: 2_000 },
  },
  cases: simTimerCases,
};
