// Worker offload on Node, saturated: submit N trivial tasks at once to a pool of the same size,
// await them all. @sched's WorkerPool vs piscina and tinypool running the same module.

import { once } from 'node:events';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { setSpawnLocationCapture } from '@sched/core';
import { NodeScheduler, WorkerPool, workerTask } from '@sched/runtime-node';
import { Piscina } from 'piscina';
import Tinypool from 'tinypool';

/** The shared worker module: `export function inc(x) { return x + 1 }` (and as default export). */
export const WORKER_MODULE = new URL('../../../packages/runtime-node/bench/trivial.mjs', import.meta.url);
/** One pool size for every library: all cores. */
export const POOL_SIZE = availableParallelism();

/** @typedef {{ n: number, ops: number }} Params */
/** @typedef {{ count: number, sum: number }} Result */

/** @param {Result} r @param {Params} p */
function check(r, p) {
  if (r.count !== p.n) throw new Error(`expected ${p.n} results, got ${r.count}`);
  const want = (p.n * (p.n + 1)) / 2;
  if (r.sum !== want) throw new Error(`expected results summing to ${want}, got ${r.sum}`);
}

/**
 * Submits inc(0) … inc(n-1) at once and sums the results.
 * @param {Params} p @param {(i: number) => PromiseLike<number>} submit
 * @returns {Promise<Result>}
 */
async function saturate(p, submit) {
  const pending = new Array(p.n);
  for (let i = 0; i < p.n; i++) pending[i] = submit(i);
  let sum = 0;
  for (let i = 0; i < p.n; i++) sum += await pending[i];
  return { count: p.n, sum };
}

/**
 * Pools shared by node-workers and node-workers-latency: created in setup, destroyed in teardown.
 * @returns {{ sched: () => import('../lib/runner.mjs').Case, piscina: () => import('../lib/runner.mjs').Case, tinypool: () => import('../lib/runner.mjs').Case }}
 */
export function poolCases(
  /** @type {(p: any, submit: (i: number) => PromiseLike<number>) => Promise<any>} */ drive,
  /** @type {(r: any, p: any) => void} */ verify,
  /** @type {((r: any, p: any) => any) | undefined} */ metric,
) {
  return {
    sched: () => {
      /** @type {WorkerPool | undefined} */
      let pool;
      let previousCapture = true;
      const inc = workerTask(WORKER_MODULE, 'inc');
      return {
        name: '@sched/runtime-node WorkerPool',
        role: 'subject',
        setup: async () => {
          previousCapture = setSpawnLocationCapture(false);
          pool = new WorkerPool({ scheduler: new NodeScheduler(), size: POOL_SIZE, minWorkers: POOL_SIZE });
          await pool.run(inc, [0]);
        },
        teardown: async () => {
          await pool?.close();
          setSpawnLocationCapture(previousCapture);
        },
        run: (p) => {
          const pl = /** @type {WorkerPool} */ (pool);
          return drive(p, (i) => pl.run(inc, [i]));
        },
        check: verify,
        ...(metric ? { metric } : {}),
      };
    },
    piscina: () => peerPool('piscina', Piscina, drive, verify, metric),
    tinypool: () => peerPool('tinypool', Tinypool, drive, verify, metric),
  };
}

const cases = poolCases(saturate, check, undefined);

export const group = {
  name: 'node-workers',
  description: `Saturated worker offload: N trivial tasks (\`x => x + 1\` in a worker module) submitted at once, all awaited, results summed. Pool size ${POOL_SIZE} (all cores) for every library, workers started before timing. @sched: \`WorkerPool.run\` with default options (pipeline of 4 tasks per worker, widened for short tasks, which travel in batches) returning Tasks; piscina and tinypool with default options otherwise. Floors: the same function on bare workers with pipelined postMessage (no pool), and a SharedArrayBuffer + Atomics ping-pong with one worker.`,
  params: {
    full: { n: 20_000, ops: 20_000 },
    smoke: { n: 200, ops: 200 },
  },
  cases: [cases.sched(), cases.piscina(), cases.tinypool(), rawMessageFloor(), rawAtomicsFloor()],
};

const RAW_WORKER = new URL('../lib/raw-worker.mjs', import.meta.url);

/**
 * Floor: the same function on `count` bare workers, no pool: each call posted as `[id, x]` on the
 * worker's port, round-robin, replies matched by id. What any pool built on postMessage pays.
 * Shared with node-workers-latency (one worker: a raw MessagePort round trip).
 * @param {string} name
 * @param {number} count
 * @param {(p: any, submit: (i: number) => PromiseLike<number>) => Promise<any>} drive
 * @param {(r: any, p: any) => void} verify
 * @param {((r: any, p: any) => any) | undefined} metric
 * @returns {import('../lib/runner.mjs').Case}
 */
export function rawWorkerFloor(name, count, drive, verify, metric) {
  /** @type {Worker[]} */
  let workers = [];
  /** @type {Array<((value: number) => void) | undefined>} */
  let resolvers = [];
  return {
    name,
    role: 'floor',
    setup: async () => {
      workers = Array.from(
        { length: count },
        () => new Worker(RAW_WORKER, { workerData: { module: WORKER_MODULE.href } }),
      );
      await Promise.all(workers.map((w) => once(w, 'message')));
      for (const w of workers) {
        w.on('message', (/** @type {[number, number]} */ m) => {
          const resolve = resolvers[m[0]];
          resolvers[m[0]] = undefined;
          resolve?.(m[1]);
        });
      }
    },
    teardown: async () => {
      await Promise.all(workers.map((w) => w.terminate()));
    },
    run: (p) => {
      resolvers = new Array(p.n);
      return drive(p, (i) => {
        const result = new Promise((resolve) => {
          resolvers[i] = resolve;
        });
        workers[i % workers.length]?.postMessage([i, i]);
        return /** @type {Promise<number>} */ (result);
      });
    },
    check: verify,
    ...(metric ? { metric } : {}),
  };
}

/** @returns {import('../lib/runner.mjs').Case} */
function rawMessageFloor() {
  return rawWorkerFloor(
    `raw worker_threads postMessage, pipelined (${POOL_SIZE} workers, no pool)`,
    POOL_SIZE,
    saturate,
    check,
    undefined,
  );
}

/**
 * Floor: a SharedArrayBuffer + Atomics ping-pong with one worker (the main thread blocks in
 * Atomics.wait for each reply): a round trip with no message queue at all, one call at a time.
 * @returns {import('../lib/runner.mjs').Case}
 */
function rawAtomicsFloor() {
  /** @type {Worker | undefined} */
  let worker;
  const cells = new Int32Array(new SharedArrayBuffer(8));
  return {
    name: 'raw SharedArrayBuffer + Atomics ping-pong (1 worker, one call at a time)',
    role: 'floor',
    setup: async () => {
      worker = new Worker(RAW_WORKER, { workerData: { module: WORKER_MODULE.href, shared: cells.buffer } });
      await once(worker, 'message');
    },
    teardown: async () => {
      Atomics.store(cells, 0, 3);
      Atomics.notify(cells, 0);
      await worker?.terminate();
    },
    run: (p) => {
      let sum = 0;
      for (let i = 0; i < p.n; i++) {
        cells[1] = i;
        Atomics.store(cells, 0, 1);
        Atomics.notify(cells, 0);
        while (Atomics.load(cells, 0) === 1) Atomics.wait(cells, 0, 1);
        sum += cells[1];
      }
      return { count: p.n, sum };
    },
    check,
  };
}

/**
 * A peer-pool case: piscina and tinypool share an API (`new Pool(options)`, `run(arg)`,
 * `destroy()`), so one factory builds both, with the same options and workers warmed up.
 * @param {string} name
 * @param {typeof Piscina | typeof Tinypool} Pool
 * @param {(p: any, submit: (i: number) => PromiseLike<number>) => Promise<any>} drive
 * @param {(r: any, p: any) => void} verify
 * @param {((r: any, p: any) => any) | undefined} metric
 * @returns {import('../lib/runner.mjs').Case}
 */
function peerPool(name, Pool, drive, verify, metric) {
  /** @type {Piscina | Tinypool | undefined} */
  let pool;
  return {
    name,
    role: 'peer',
    setup: async () => {
      pool = new Pool({
        filename: WORKER_MODULE.href,
        minThreads: POOL_SIZE,
        maxThreads: POOL_SIZE,
        idleTimeout: 60_000,
      });
      await pool.run(0);
    },
    teardown: async () => {
      await pool?.destroy();
    },
    run: (p) => {
      const pl = /** @type {Piscina | Tinypool} */ (pool);
      return drive(p, (i) => pl.run(i));
    },
    check: verify,
    ...(metric ? { metric } : {}),
  };
}
