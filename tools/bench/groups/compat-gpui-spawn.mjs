// The cost of the GPUI facade: `BackgroundExecutor.spawn` against core's `spawnBackground`, the
// call it wraps, on the same NodeScheduler (the seed asks the facade to stay within 10% of what it
// wraps). N × (spawn + run + await), started in batches and awaited in order; results checked.

import { AsyncApp, BackgroundExecutor } from '@sched/compat-gpui';
import { setSpawnLocationCapture, spawnBackground } from '@sched/core';
import { NodeScheduler } from '@sched/runtime-node';
import { check, inBatches } from '../lib/batches.mjs';

/** @typedef {{ n: number, batch: number, ops: number }} Params */
/** @typedef {import('../lib/batches.mjs').Result} Result */

/** @type {NodeScheduler | undefined} */
let scheduler;

/**
 * Runs with spawn-location capture off for this run only (cases are interleaved round-robin).
 * @param {() => Promise<Result>} body
 */
async function captureOff(body) {
  const previous = setSpawnLocationCapture(false);
  try {
    return await body();
  } finally {
    setSpawnLocationCapture(previous);
  }
}

const node = () => /** @type {NodeScheduler} */ (scheduler);

export const group = {
  name: 'compat-gpui-spawn',
  description:
    "N × (spawn + run + await) on one NodeScheduler, in batches of 1000, results summed and checked, spawn-location capture off. Subject: @sched/compat-gpui's `BackgroundExecutor.spawn` and `AsyncApp.backgroundSpawn`; peer: @sched/core's `spawnBackground`, the call the facade wraps; floor: a promise resolved from `queueMicrotask`.",
  params: {
    full: { n: 200_000, batch: 1000, ops: 200_000 },
    smoke: { n: 2_000, batch: 1000, ops: 2_000 },
  },
  samples: 5,
  cases: [
    {
      name: 'BackgroundExecutor.spawn',
      role: 'subject',
      setup: () => {
        scheduler = new NodeScheduler();
      },
      run: (p) => {
        const executor = new BackgroundExecutor(node());
        return captureOff(() => inBatches(p, (i) => executor.spawn(() => i)));
      },
      check,
    },
    {
      name: 'AsyncApp.backgroundSpawn',
      role: 'subject',
      run: (p) => {
        const cx = new AsyncApp(node());
        return captureOff(() => inBatches(p, (i) => cx.backgroundSpawn(() => i)));
      },
      check,
    },
    {
      name: '@sched/core spawnBackground',
      role: 'peer',
      run: (p) => {
        const s = node();
        return captureOff(() => inBatches(p, (i) => spawnBackground(s, () => i)));
      },
      check,
    },
    {
      name: 'raw queueMicrotask + promise',
      role: 'floor',
      run: (p) => inBatches(p, (i) => new Promise((resolve) => queueMicrotask(() => resolve(i)))),
      check,
    },
  ],
};
