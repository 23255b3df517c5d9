// The same spawn + run + await as node-dispatch, one at a time: each task is awaited before the
// next is spawned, so every operation pays the full wake-up path (no batching to hide it).

import { dispatchCases } from './node-dispatch.mjs';

export const group = {
  name: 'node-dispatch-seq',
  description:
    'N × (spawn + run + await), strictly one after another (batch 1). Same cases as node-dispatch; fastq and p-queue with concurrency 1.',
  params: {
    full: { n: 1_000_000, batch: 1, ops: 1_000_000 },
    smoke: { n: 2_000, batch: 1, ops: 2_000 },
  },
  samples: 5,
  cases: dispatchCases(),
};
