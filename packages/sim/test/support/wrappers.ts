import type { Scheduler } from '@sched/core';
import type { Simulator } from '@sched/sim';

/** A scheduler that delegates every method to `sim` without `forwardControl`: not a controlled host. */
export function uncontrolledWrapper(sim: Simulator): Scheduler {
  return {
    dispatchForeground: (r) => sim.dispatchForeground(r),
    dispatchBackground: (r) => sim.dispatchBackground(r),
    dispatchAfter: (ms, r) => sim.dispatchAfter(ms, r),
    timer: (ms, signal) => sim.timer(ms, signal),
    now: () => sim.now(),
    isMainThread: () => sim.isMainThread(),
  };
}
