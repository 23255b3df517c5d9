// Memory per pending task: N tasks started and suspended on one shared gate, measured as heap
// growth (after gc) per task while they wait. @sched tasks on a NodeScheduler vs the native
// floor (an async function call: promise + closure) and p-queue.

import { setSpawnLocationCapture, spawn } from '@sched/core';
import { NodeScheduler } from '@sched/runtime-node';
import PQueue from 'p-queue';
import { heapUsedAfterGc } from '../lib/heap.mjs';

/** @typedef {{ n: number }} Params */
/** @typedef {{ bytesPerTask: number, count: number, sum: number }} Result */

/** @param {Result} r @param {Params} p */
function check(r, p) {
  if (r.count !== p.n) throw new Error(`expected ${p.n} results, got ${r.count}`);
  const want = (p.n * (p.n - 1)) / 2;
  if (r.sum !== want) throw new Error(`expected results summing to ${want}, got ${r.sum}`);
  if (!(r.bytesPerTask > 0)) throw new Error(`implausible ${r.bytesPerTask} bytes per task`);
}

/** @param {Result} r */
const metric = (r) => ({ value: r.bytesPerTask, unit: 'B/task', better: 'lower' });

/**
 * Starts n pending tasks with `start(i, gate)`, lets them reach the gate, measures, then opens
 * the gate and collects every result.
 * @param {Params} p
 * @param {(i: number, gate: Promise<void>) => PromiseLike<number>} start
 * @returns {Promise<Result>}
 */
async function measure(p, start) {
  /** @type {() => void} */
  let open = () => {};
  const gate = new Promise((resolve) => {
    open = () => resolve(undefined);
  });
  const pending = new Array(p.n).fill(undefined);
  const before = heapUsedAfterGc();
  for (let i = 0; i < p.n; i++) pending[i] = start(i, gate);
  // Let every task start and reach its await.
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
  const bytesPerTask = (heapUsedAfterGc() - before) / p.n;
  open();
  let sum = 0;
  for (let i = 0; i < p.n; i++) sum += await pending[i];
  return { bytesPerTask, count: p.n, sum };
}

/**
 * @param {string} name @param {boolean} capture
 * @returns {import('../lib/runner.mjs').Case}
 */
function schedCase(name, capture) {
  /** @type {NodeScheduler | undefined} */
  let scheduler;
  let previous = true;
  return {
    name,
    role: 'subject',
    setup: () => {
      scheduler = new NodeScheduler();
    },
    run: (p) => {
      const s = /** @type {NodeScheduler} */ (scheduler);
      previous = setSpawnLocationCapture(capture);
      return measure(p, (i, gate) =>
        spawn(s, async () => {
          await gate;
          return i;
        }),
      ).finally(() => setSpawnLocationCapture(previous));
    },
    check,
    metric,
  };
}

export const group = {
  name: 'node-memory',
  description:
    'Heap bytes per pending task: N tasks started and suspended on one shared promise, heap measured after gc while they wait (the array holding their handles counted for everyone), then released and every result checked. @sched: `spawn(scheduler, async () => { await gate; return i })`, with spawn-location capture off (the production default, `auto`) and on (`setSpawnLocationCapture(true)`, for cleanup reports with locations); floor: the same async function called directly (native promise + closure); peer: p-queue `add` of that function.',
  params: {
    full: { n: 100_000 },
    smoke: { n: 20_000 },
  },
  samples: 5,
  cases: [
    schedCase('@sched/runtime-node spawn (capture off, default)', false),
    schedCase('@sched/runtime-node spawn (capture on)', true),
    {
      name: 'p-queue add',
      role: 'peer',
      run: (p) => {
        const queue = new PQueue({ concurrency: Number.POSITIVE_INFINITY });
        return measure(
          p,
          (i, gate) =>
            /** @type {Promise<number>} */ (
              queue.add(async () => {
                await gate;
                return i;
              })
            ),
        );
      },
      check,
      metric,
    },
    {
      name: 'native async function (promise + closure)',
      role: 'floor',
      run: (p) =>
        measure(p, async (i, gate) => {
          await gate;
          return i;
        }),
      check,
      metric,
    },
  ],
};
