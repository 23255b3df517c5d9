// `pnpm mutate sim`: the engine of @sched/sim (see docs/mutation.md). Restricted to the
// scheduling logic: the stepping engine, ready sets, decision sources, timers and shrinking.
import { strykerConfig } from './shared.mjs';

export default strykerConfig('sim', [
  'packages/sim/src/stepping/**/*.ts',
  'packages/sim/src/queues/**/*.ts',
  'packages/sim/src/decisions/**/*.ts',
  'packages/sim/src/timers/**/*.ts',
  'packages/sim/src/run/shrink.ts',
]);
