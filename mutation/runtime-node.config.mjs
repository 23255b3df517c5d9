// `pnpm mutate runtime-node`: the lanes, timers and worker pool of @sched/runtime-node.
import { strykerConfig } from './shared.mjs';

export default strykerConfig('runtime-node', [
  'packages/runtime-node/src/**/*.ts',
  '!packages/runtime-node/src/index.ts',
  // Pool workers run the built dist/worker/worker-entry.js (pool/worker-entry-url.ts), even when
  // the tests run from the sources, so no mutant in src/worker could ever be executed.
  '!packages/runtime-node/src/worker/**/*.ts',
]);
