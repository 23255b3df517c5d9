// Foreground dispatch on Node: spawn a task, let it run, await its result. @sched's NodeScheduler
// vs the raw hops it is built from (queueMicrotask, setImmediate) and the queue libraries fastq
// and p-queue doing the same job. Batches of `batch` operations are started, then awaited in order.

import { setSpawnLocationCapture, spawn } from '@sched/core';
import { CallRunnable, hostInfo } from '@sched/core/host';
import { NodeScheduler } from '@sched/runtime-node';
import fastq from 'fastq';
import PQueue from 'p-queue';
import { check, inBatches } from '../lib/batches.mjs';

/** @typedef {{ n: number, batch: number, ops: number }} Params */
const INFO = hostInfo('bench dispatch');

/**
 * The cases, for a batch size (`node-dispatch-seq` reuses them with batch 1).
 * @returns {import('../lib/runner.mjs').Case[]}
 */
export function dispatchCases() {
  /** @type {NodeScheduler | undefined} */
  let scheduler;
  /**
   * Spawns with spawn-location capture set to `capture` for this run only (cases are interleaved
   * round-robin, so a once-per-case setup would leak the setting into the other rows); with
   * `read`, each task's location is read at once, as a report would.
   * @param {Params} p @param {boolean} capture @param {boolean} [read]
   */
  const spawnRun = async (p, capture, read = false) => {
    const s = /** @type {NodeScheduler} */ (scheduler);
    const previous = setSpawnLocationCapture(capture);
    try {
      if (!read) return await inBatches(p, (i) => spawn(s, () => i));
      // As a report would: every task's location read (and checked to be this file).
      return await inBatches(p, (i) => {
        const task = spawn(s, () => i);
        if (!task.spawnLocation?.includes('node-dispatch.mjs')) throw new Error(`bad location ${task.spawnLocation}`);
        return task;
      });
    } finally {
      setSpawnLocationCapture(previous);
    }
  };
  return [
    {
      name: '@sched/runtime-node spawn',
      role: 'subject',
      setup: () => {
        scheduler = new NodeScheduler();
      },
      // Capture off, set explicitly so the row does not depend on the default.
      run: (p) => spawnRun(p, false),
      check,
    },
    {
      // The same spawn with a location captured per task (a stack walk; formatted only when read).
      name: '@sched/runtime-node spawn, location capture on',
      role: 'subject',
      run: (p) => spawnRun(p, true),
      check,
    },
    {
      // The same, each location read at once (resolved per call site and interned: no formatting).
      name: '@sched/runtime-node spawn, location capture on and read',
      role: 'subject',
      run: (p) => spawnRun(p, true, true),
      check,
    },
    {
      // The host alone: the same hop through NodeScheduler's lanes, without core's Task around it.
      name: '@sched/runtime-node dispatchForeground (Runnable, no Task)',
      role: 'subject',
      run: (p) => {
        const s = /** @type {NodeScheduler} */ (scheduler);
        return inBatches(
          p,
          (i) => new Promise((resolve) => s.dispatchForeground(new CallRunnable(INFO, () => resolve(i)))),
        );
      },
      check,
    },
    {
      name: 'fastq (promise API)',
      role: 'peer',
      run: (p) => {
        const queue = fastq.promise(async (/** @type {number} */ i) => i, p.batch);
        return inBatches(p, (i) => queue.push(i));
      },
      check,
    },
    {
      name: 'p-queue',
      role: 'peer',
      run: (p) => {
        const queue = new PQueue({ concurrency: p.batch });
        return inBatches(p, (i) => /** @type {Promise<number>} */ (queue.add(() => i)));
      },
      check,
    },
    {
      name: 'raw queueMicrotask + promise',
      role: 'floor',
      run: (p) => inBatches(p, (i) => new Promise((resolve) => queueMicrotask(() => resolve(i)))),
      check,
    },
    {
      name: 'raw setImmediate + promise',
      role: 'floor',
      run: (p) => inBatches(p, (i) => new Promise((resolve) => setImmediate(() => resolve(i)))),
      check,
    },
  ];
}

export const group = {
  name: 'node-dispatch',
  description:
    'N × (spawn + run + await) on the main thread, started in batches of 1000 and awaited in order; results are summed and checked. @sched: `spawn(new NodeScheduler(), () => i)` with spawn-location capture off, the same with capture on, with capture on and every location read, and the host alone (`dispatchForeground` of a Runnable resolving a promise, no Task); fastq `promise()` and p-queue with concurrency = batch; floors: a promise resolved from `queueMicrotask` / `setImmediate`.',
  params: {
    full: { n: 1_000_000, batch: 1000, ops: 1_000_000 },
    smoke: { n: 2_000, batch: 1000, ops: 2_000 },
  },
  samples: 5,
  cases: dispatchCases(),
};
