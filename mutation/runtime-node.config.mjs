// `pnpm mutate runtime-node`: the lanes, timers and worker pool of @sched/runtime-node.
import { strykerConfig } from './shared.mjs';

export default strykerConfig('runtime-node', [
  'packages/runtime-node/src/**/*.ts',
  '!packages/runtime-node/src/index.ts',
  // Runs inside worker threads, where Stryker's instrumentation does not report coverage.
  '!packages/runtime-node/src/worker/**/*.ts',
]);
