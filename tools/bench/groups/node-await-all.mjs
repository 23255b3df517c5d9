// Awaiting many Tasks at once through `Promise.all`, on Node: what it costs next to native
// promises. N tasks spawned on a NodeScheduler (async body returning its index), then
// `await Promise.all(tasks)`; the same tasks awaited one by one (`for … of` + `await`) show what
// the `Promise.all` path adds; the floor is `Promise.all` over N native async-function calls.
// A second set times `await Promise.all` alone, over tasks that have all finished. A third set
// measures the heap that `Promise.all` itself adds per item while every item is still pending
// (each waits on one shared gate), against native promises.

import { setSpawnLocationCapture, spawn } from '@sched/core';
import { NodeScheduler } from '@sched/runtime-node';
import { heapUsedAfterGc } from '../lib/heap.mjs';

/** @typedef {{ n: number, ops: number }} Params */
/** @typedef {{ count: number, sum: number, bytesPerItem?: number, nsPerItem?: number }} Result */

/** @param {Result} r @param {Params} p */
function check(r, p) {
  if (r.count !== p.n) throw new Error(`expected ${p.n} results, got ${r.count}`);
  const want = (p.n * (p.n - 1)) / 2;
  if (r.sum !== want) throw new Error(`expected results summing to ${want}, got ${r.sum}`);
}

/** @param {Result} r @param {Params} p */
function checkMemory(r, p) {
  check(r, p);
  // Below 100,000 items (smoke sizes) the heap added is within gc noise: only finiteness is
  // checked there; the full size must measure a positive cost.
  const plausible = p.n < 100_000 ? Number.isFinite(r.bytesPerItem) : (r.bytesPerItem ?? 0) > 0;
  if (!(typeof r.bytesPerItem === 'number' && plausible)) {
    throw new Error(`implausible ${r.bytesPerItem} bytes per item`);
  }
}

/** @param {Result} r */
const metric = (r) => ({ value: /** @type {number} */ (r.bytesPerItem), unit: 'B/item', better: 'lower' });

/** @param {Result} r @param {Params} p */
function checkTimed(r, p) {
  check(r, p);
  if (!(typeof r.nsPerItem === 'number' && r.nsPerItem > 0)) throw new Error(`implausible ${r.nsPerItem} ns per item`);
}

/** @param {Result} r */
const awaitMetric = (r) => ({ value: /** @type {number} */ (r.nsPerItem), unit: 'ns/item', better: 'lower' });

/**
 * Times only `await Promise.all(items)` over items that are all settled already.
 * @param {readonly PromiseLike<number>[]} items
 * @returns {Promise<Result>}
 */
async function timeAllSettled(items) {
  const start = process.hrtime.bigint();
  const values = await Promise.all(items);
  const nsPerItem = Number(process.hrtime.bigint() - start) / items.length;
  return { count: values.length, sum: sumOf(values), nsPerItem };
}

/** @param {readonly number[]} values */
function sumOf(values) {
  let sum = 0;
  for (const v of values) sum += v;
  return sum;
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Starts n items with `start(i, gate)`, lets them reach the gate, then measures the heap that
 * `Promise.all` over them adds (its per-item jobs run, the items still pending), opens the gate
 * and checks every result.
 * @param {Params} p @param {(i: number, gate: Promise<void>) => PromiseLike<number>} start
 * @param {() => void} [openItems]  for items that do not wait on the gate: settles them all
 * @returns {Promise<Result>}
 */
async function allWhilePending(p, start, openItems) {
  /** @type {() => void} */
  let open = () => {};
  /** @type {Promise<void>} */
  const gate = new Promise((resolve) => {
    open = () => resolve(undefined);
  });
  const items = new Array(p.n);
  for (let i = 0; i < p.n; i++) items[i] = start(i, gate);
  await turn();
  await turn();
  const before = heapUsedAfterGc();
  const all = Promise.all(items);
  await turn();
  await turn();
  const bytesPerItem = (heapUsedAfterGc() - before) / p.n;
  open();
  openItems?.();
  const values = await all;
  return { count: values.length, sum: sumOf(values), bytesPerItem };
}

/**
 * The least any awaitable that is not a native promise can be: a class whose `then` hands its
 * two callbacks to a native promise. V8 gives every such item in `Promise.all` a promise of its
 * own, a job and resolving functions before `then` is even called.
 * @implements {PromiseLike<number>}
 */
class ForwardingThenable {
  /** @param {Promise<number>} promise */
  constructor(promise) {
    this.promise = promise;
  }
  /** @type {PromiseLike<number>['then']} */
  then(onFulfilled, onRejected) {
    return this.promise.then(onFulfilled, onRejected);
  }
}

/**
 * Even less: a thenable that keeps its two callbacks and calls one when told (`settle`), making
 * no promise at all. Its heap in `Promise.all` is V8's per-thenable cost alone.
 * @implements {PromiseLike<number>}
 */
class StoringThenable {
  /** @type {((value: number) => unknown) | null | undefined} */
  onFulfilled = undefined;
  /** @type {PromiseLike<number>['then']} */
  then(onFulfilled) {
    this.onFulfilled = onFulfilled;
    return /** @type {PromiseLike<never>} */ (/** @type {unknown} */ (undefined));
  }
  /** @param {number} value */
  settle(value) {
    this.onFulfilled?.(value);
  }
}

/**
 * The other way out: an item that is a native promise (a subclass whose `constructor` reads
 * `Promise`, so `Promise.resolve` takes it as it is). `Promise.all` then makes no promise, job or
 * resolving functions for it, but every item pays for a native promise and its resolving
 * functions when it is made, and `await item` never calls its `then` (V8 follows the promise
 * directly), so a host could not see that await.
 */
class NativeSubclass extends Promise {}
Object.defineProperty(NativeSubclass.prototype, 'constructor', { value: Promise });

/**
 * The @sched cases share one NodeScheduler, with spawn-location capture off (the production
 * default), set in setup and restored in teardown.
 * @param {string} name @param {string} set
 * @param {(s: NodeScheduler, p: Params) => Promise<Result>} run
 * @param {{ check: (r: Result, p: Params) => void, metric?: typeof metric }} how
 * @returns {import('../lib/runner.mjs').Case}
 */
function schedCase(name, set, run, how) {
  /** @type {NodeScheduler | undefined} */
  let scheduler;
  let previousCapture = true;
  return {
    name,
    set,
    role: 'subject',
    setup: () => {
      scheduler = new NodeScheduler();
      previousCapture = setSpawnLocationCapture(false);
    },
    teardown: () => {
      setSpawnLocationCapture(previousCapture);
    },
    run: (p) => run(/** @type {NodeScheduler} */ (scheduler), p),
    ...how,
  };
}

/** @param {NodeScheduler} s @param {number} n */
function spawnAll(s, n) {
  const tasks = new Array(n);
  for (let i = 0; i < n; i++) tasks[i] = spawn(s, async () => i);
  return tasks;
}

export const group = {
  name: 'node-await-all',
  description:
    'N tasks awaited at once. Set `time`: N × `spawn(new NodeScheduler(), async () => i)`, then `await Promise.all(tasks)`; the same with the tasks awaited one by one (`for (const t of tasks) sum += await t`); floor: `await Promise.all` over N native async-function calls `(async () => i)()`. Set `await only`: the time of `await Promise.all(items)` alone, per item, once every task has finished (floor: resolved native promises). Set `memory`: N items (tasks, or native async-function calls) each waiting on one shared gate, heap added by `Promise.all(items)` per item (after gc, its per-item jobs run, items still pending), then the gate opens and every result is checked. Bounds (peers) for any awaitable that is not a native promise, which V8 gives a promise, a job and resolving functions of its own in `Promise.all`: set `time`, N native async-function promises each behind a minimal thenable whose `then` forwards to it; set `memory`, N minimal thenables that only keep their callback (no promise made), settled once the heap is read; and in both sets, items that are native promises (a Promise subclass whose `constructor` reads `Promise`: the only kind `Promise.all` takes as it is). Spawn-location capture off (the production default).',
  params: {
    full: { n: 100_000, ops: 100_000 },
    smoke: { n: 20_000, ops: 20_000 },
  },
  cases: [
    schedCase(
      'time · @sched/runtime-node await Promise.all(tasks)',
      'time',
      async (s, p) => {
        const values = await Promise.all(spawnAll(s, p.n));
        return { count: values.length, sum: sumOf(values) };
      },
      { check },
    ),
    schedCase(
      'time · @sched/runtime-node for … await over the tasks',
      'time',
      async (s, p) => {
        const tasks = spawnAll(s, p.n);
        let sum = 0;
        for (const task of tasks) sum += await task;
        return { count: tasks.length, sum };
      },
      { check },
    ),
    {
      name: 'time · native await Promise.all(promises) (floor)',
      set: 'time',
      role: 'floor',
      run: async (/** @type {Params} */ p) => {
        const promises = new Array(p.n);
        for (let i = 0; i < p.n; i++) promises[i] = (async () => i)();
        const values = await Promise.all(promises);
        return { count: values.length, sum: sumOf(values) };
      },
      check,
    },
    {
      name: 'time · bound: native promises each behind a minimal forwarding thenable',
      set: 'time',
      role: 'peer',
      run: async (/** @type {Params} */ p) => {
        const items = new Array(p.n);
        for (let i = 0; i < p.n; i++) items[i] = new ForwardingThenable((async () => i)());
        const values = await Promise.all(items);
        return { count: values.length, sum: sumOf(values) };
      },
      check,
    },
    {
      name: 'time · bound: items that are native promises (a Promise subclass, made and resolved)',
      set: 'time',
      role: 'peer',
      run: async (/** @type {Params} */ p) => {
        const items = new Array(p.n);
        for (let i = 0; i < p.n; i++) items[i] = new NativeSubclass((resolve) => resolve(i));
        const values = await Promise.all(items);
        return { count: values.length, sum: sumOf(values) };
      },
      check,
    },
    schedCase(
      'await only · @sched/runtime-node Promise.all(settled tasks), time per task',
      'await only',
      async (s, p) => {
        const tasks = spawnAll(s, p.n);
        const last = tasks[tasks.length - 1];
        while (!last.isFinished) await turn();
        return timeAllSettled(tasks);
      },
      { check: checkTimed, metric: awaitMetric },
    ),
    {
      name: 'await only · native Promise.all(resolved promises), time per promise (floor)',
      set: 'await only',
      role: 'floor',
      run: async (/** @type {Params} */ p) => {
        const promises = new Array(p.n);
        for (let i = 0; i < p.n; i++) promises[i] = (async () => i)();
        await turn();
        return timeAllSettled(promises);
      },
      check: checkTimed,
      metric: awaitMetric,
    },
    schedCase(
      'memory · @sched/runtime-node Promise.all(tasks), heap per task',
      'memory',
      (s, p) =>
        allWhilePending(p, (i, gate) =>
          spawn(s, async () => {
            await gate;
            return i;
          }),
        ),
      { check: checkMemory, metric },
    ),
    {
      name: 'memory · native Promise.all(promises), heap per promise (floor)',
      set: 'memory',
      role: 'floor',
      run: (/** @type {Params} */ p) =>
        allWhilePending(p, async (i, gate) => {
          await gate;
          return i;
        }),
      check: checkMemory,
      metric,
    },
    {
      name: 'memory · bound: minimal thenables that only keep their callbacks, heap per item',
      set: 'memory',
      role: 'peer',
      run: async (/** @type {Params} */ p) => {
        /** @type {StoringThenable[]} */
        const items = [];
        const result = await allWhilePending(
          p,
          () => {
            const item = new StoringThenable();
            items.push(item);
            return item;
          },
          () => {
            for (let i = 0; i < items.length; i++) items[i].settle(i);
          },
        );
        return result;
      },
      check: checkMemory,
      metric,
    },
    {
      name: 'memory · bound: items that are native promises (a Promise subclass), heap per item',
      set: 'memory',
      role: 'peer',
      run: (/** @type {Params} */ p) =>
        allWhilePending(p, (i, gate) => new NativeSubclass((resolve) => resolve(gate.then(() => i)))),
      check: checkMemory,
      metric,
    },
  ],
};
