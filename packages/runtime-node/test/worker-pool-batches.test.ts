import { getEventListeners } from 'node:events';
import type { Task } from '@sched/core';
import { NotCloneableError, TaskCancelledError } from '@sched/core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WorkerCrashedError } from '../src/errors/worker-crashed-error.js';
import { NodeScheduler } from '../src/node-scheduler.js';
import type { WorkerFunction } from '../src/pool/worker-function.js';
import { WorkerPool, type WorkerPoolOptions } from '../src/pool/worker-pool.js';
import { assertBuilt, crash, ManualClock, task } from './helpers.js';

// Batched jobs with real worker threads: several jobs per message to a worker, several results
// per message back. Every assertion here holds whether or not a batch formed (the machine may be
// too loaded for a call to count as short); the tests check what batching must never change.

const pools: WorkerPool[] = [];
/** A pool whose scheduler clock stands still: each report looks instant, so windows grow at once. */
function makePool(options: WorkerPoolOptions = {}): WorkerPool {
  const pool = new WorkerPool({ scheduler: new NodeScheduler({ clock: new ManualClock() }), ...options });
  pools.push(pool);
  return pool;
}

async function outcome(t: PromiseLike<unknown>): Promise<{ ok: boolean; value: unknown }> {
  try {
    return { ok: true, value: await t };
  } catch (error) {
    return { ok: false, value: error };
  }
}

function counters(n: number): { shared: SharedArrayBuffer; view: Int32Array } {
  const shared = new SharedArrayBuffer(4 * n);
  return { shared, view: new Int32Array(shared) };
}

/** Runs `fn(...args)` a few times so the workers time it (and find it short). */
async function warm(pool: WorkerPool, fn: WorkerFunction<any[], any>, args: unknown[]): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.all(Array.from({ length: 8 }, () => pool.run(fn, args)));
}

beforeAll(assertBuilt);
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close({ pending: 'cancel' })));
});

describe('WorkerPool batches', () => {
  it('a function that returns the same object changed each call gives each task the value it returned', async () => {
    const pool = makePool({ size: 1, minWorkers: 1 });
    await warm(pool, task('reuseObject'), [0]);
    const results = await Promise.all(Array.from({ length: 64 }, (_, i) => pool.run(task('reuseObject'), [i])));
    expect(results.map((r: { n: number }) => r.n)).toEqual(Array.from({ length: 64 }, (_, i) => i));
  });

  it('a function that returns a bare thenable (its then returns nothing) settles with its value', async () => {
    const pool = makePool({ size: 1, minWorkers: 1 });
    await warm(pool, task('add'), [1, 2]);
    const results = await Promise.all([pool.run(task('bareThenable'), [42]), pool.run(task('add'), [1, 2])]);
    expect(results).toEqual([42, 3]);
    expect(pool.stats.inFlight).toBe(0);
  });

  it('a task refused by postMessage when posted at once leaves no listener on its signal', async () => {
    const pool = makePool({ size: 1, minWorkers: 1 });
    await pool.run(task('add'), [0, 0]);
    const controller = new AbortController();
    // A Proxy passes the pre-check; postMessage, called inside run() for the idle worker, refuses it.
    const refused = pool.run(task('echo'), [new Proxy({ a: 1 }, {})], { signal: controller.signal });
    expect(refused.isFinished).toBe(false);
    expect((await outcome(refused)).value).toBeInstanceOf(NotCloneableError);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    const kept = pool.run(task('add'), [1, 1], { signal: controller.signal });
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    expect(await kept).toBe(2);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('sends a task to an idle worker at once; tasks submitted with it follow in one pump', async () => {
    const pool = makePool({ size: 1, minWorkers: 1, pipeline: 4 });
    await pool.run(task('add'), [0, 0]);
    const first = pool.run(task('add'), [1, 1]);
    expect(pool.stats).toMatchObject({ inFlight: 1, queued: 0 });
    const more = [pool.run(task('add'), [2, 2]), pool.run(task('add'), [3, 3])];
    expect(pool.stats).toMatchObject({ inFlight: 1, queued: 2 });
    await Promise.resolve();
    expect(pool.stats).toMatchObject({ inFlight: 3, queued: 0 });
    expect(await Promise.all([first, ...more])).toEqual([2, 4, 6]);
  });

  it('sends a deep queue of short tasks beyond the pipeline in batches; every result exact, once', async () => {
    const pool = makePool({ size: 1, pipeline: 2 });
    await warm(pool, task('add'), [1, 2]);
    let most = 0;
    for (let round = 0; round < 5; round++) {
      const tasks = Array.from({ length: 200 }, (_, i) => pool.run(task('add'), [i, round]));
      await Promise.resolve();
      most = Math.max(most, pool.stats.inFlight);
      expect(await Promise.all(tasks)).toEqual(Array.from({ length: 200 }, (_, i) => i + round));
    }
    // Only short tasks go beyond the pipeline: here the frozen clock lets the window open fully.
    expect(most).toBeGreaterThan(2);
    expect(most).toBeLessThanOrEqual(2 * 16);
    expect(pool.stats).toMatchObject({ queued: 0, inFlight: 0, crashes: 0 });
  });

  it('a task cancelled while batched behind a running one never runs; the others run once', async () => {
    const pool = makePool({ size: 1, pipeline: 2 });
    await warm(pool, task('spin'), ['warm', 0]);
    await warm(pool, task('mark'), [new SharedArrayBuffer(4), 0]);
    const { shared, view } = counters(10);
    // `spin` is known short, so the marks can be sent in the same batch as this long call.
    const blocker = pool.run(task('spin'), ['blocker', 300]);
    const marks = Array.from({ length: 10 }, (_, i) => pool.run(task('mark'), [shared, i]));
    await Promise.resolve();
    const cancelled = [2, 5, 9];
    for (const i of cancelled) expect((marks[i] as Task<unknown>).cancel('not needed')).toBe(true);
    expect(await blocker).toBe('blocker');
    for (const i of cancelled)
      expect((await outcome(marks[i] as Task<unknown>)).value).toBeInstanceOf(TaskCancelledError);
    const kept = [0, 1, 3, 4, 6, 7, 8];
    expect(await Promise.all(kept.map((i) => marks[i]))).toEqual(kept);
    expect([...view]).toEqual([1, 1, 0, 1, 1, 0, 1, 1, 1, 0]);
    expect(pool.stats).toMatchObject({ crashes: 0, queued: 0, inFlight: 0 });
  });

  it('a worker that exits mid-batch: finished results are kept, unstarted jobs go to a new worker, nothing runs twice', async () => {
    const pool = makePool({ size: 1, pipeline: 8 });
    await warm(pool, crash('exitOn'), ['warm', 0]);
    await warm(pool, task('mark'), [new SharedArrayBuffer(4), 0]);
    const { shared, view } = counters(4);
    // One message: mark 0 and 'before' finish (their results may be held: both are short), then
    // the worker exits; mark 1 and 'after' had not started.
    const before = [pool.run(task('mark'), [shared, 0]), pool.run(crash('exitOn'), ['before', 0])];
    const doomed = pool.run(crash('exitOn'), ['exit', 7], { label: 'doomed' });
    const after = [pool.run(task('mark'), [shared, 1]), pool.run(crash('exitOn'), ['after', 0])];
    const error = (await outcome(doomed)).value as WorkerCrashedError;
    expect(error).toBeInstanceOf(WorkerCrashedError);
    expect(error.kind).toBe('exit');
    expect(error.exitCode).toBe(7);
    expect(error.taskId).toBe(doomed.id);
    expect(await Promise.all(before)).toEqual([0, 'before']);
    expect(await Promise.all(after)).toEqual([1, 'after']);
    expect([...view]).toEqual([1, 1, 0, 0]);
    expect(pool.stats.crashes).toBe(1);
  });

  it('keeps each task its own transfer list: a task with one joins a batch only on an idle worker', async () => {
    const pool = makePool({ size: 1, pipeline: 8 });
    await warm(pool, task('add'), [1, 2]);
    const one = new Uint8Array([1, 2, 3]);
    const two = new Uint8Array([4, 5]);
    const first = pool.run(task('sumBytes'), [one], { transfer: [one.buffer] });
    const plain = pool.run(task('add'), [1, 1]);
    const second = pool.run(task('sumBytes'), [two], { transfer: [two.buffer] });
    await Promise.resolve();
    expect(one.buffer.byteLength).toBe(0); // moved with the first message
    expect(two.buffer.byteLength).toBe(2); // waits until the worker is idle
    expect(pool.stats).toMatchObject({ inFlight: 2, queued: 1 });
    expect(await Promise.all([first, plain, second])).toEqual([{ sum: 6, length: 3 }, 2, { sum: 9, length: 2 }]);
    expect(two.buffer.byteLength).toBe(0);
  });

  it('a long task of a function not known short holds back no more tasks than the pipeline', async () => {
    const pool = new WorkerPool({ scheduler: new NodeScheduler(), size: 2, pipeline: 3 });
    pools.push(pool);
    await warm(pool, task('add'), [1, 2]);
    const finished: string[] = [];
    const long = pool.run(task('delayed'), ['long', 300]).then((v) => finished.push(v as string));
    const short = Array.from({ length: 60 }, (_, i) =>
      pool.run(task('add'), [i, 0]).then(() => finished.push(`short-${i}`)),
    );
    await Promise.all([long, ...short]);
    // At most pipeline - 1 = 2 short tasks were sent behind the long one, as with a fixed pipeline.
    expect(finished.length - 1 - finished.indexOf('long')).toBeLessThanOrEqual(2);
    expect(finished).toHaveLength(61);
  });
});
