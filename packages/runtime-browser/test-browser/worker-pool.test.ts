import { NotCloneableError, TaskCancelledError } from '@sched/core';
import {
  BrowserScheduler,
  BrowserWorkerPool,
  PoolClosedError,
  QueueFullError,
  UnknownWorkerExportError,
  WorkerCrashedError,
  WorkerModuleLoadError,
  workerFunction,
} from '@sched/runtime-browser';
import { afterEach, describe, expect, test } from 'vitest';

const jobs = new URL('./fixtures/jobs.js', import.meta.url);
const add = workerFunction<[number, number], number>(jobs, 'add');
const sumAndDouble = workerFunction<[Uint8Array], { sum: number; doubled: Uint8Array; receivedLength: number }>(
  jobs,
  'sumAndDouble',
);
const fail = workerFunction<[string], never>(jobs, 'fail');
const crashLater = workerFunction<[], never>(jobs, 'crashLater');
const rejectUnhandled = workerFunction<[], never>(jobs, 'rejectUnhandled');
const spin = workerFunction<[number, string], string>(jobs, 'spin');
const forever = workerFunction<[], never>(jobs, 'forever');
const isWorker = workerFunction<[], boolean>(jobs, 'isWorker');

/** Settles to the rejection reason; fails the test if `promise` fulfils. */
async function rejection(promise: PromiseLike<unknown>): Promise<unknown> {
  let value: unknown;
  try {
    value = await promise;
  } catch (error) {
    return error;
  }
  throw new Error(`expected a rejection, got ${String(value)}`);
}

const pools: BrowserWorkerPool[] = [];
function pool(options: ConstructorParameters<typeof BrowserWorkerPool>[0] = {}): BrowserWorkerPool {
  const created = new BrowserWorkerPool({ scheduler: new BrowserScheduler(), ...options });
  pools.push(created);
  return created;
}
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close({ pending: 'cancel' })));
});

describe('BrowserWorkerPool', () => {
  test('runs a named export in a Web Worker and returns its result as a Task', async () => {
    const p = pool({ size: 2 });
    const task = p.run(add, [2, 3], { label: 'add' });
    expect(task.label).toBe('add');
    expect(await task).toBe(5);
    expect(await p.run(isWorker, [])).toBe(true);
    expect(p.stats.crashes).toBe(0);
  });

  test('transfers an argument buffer (detached on the page) and a result buffer back', async () => {
    const p = pool({ size: 1 });
    const bytes = new Uint8Array([1, 2, 3, 4]);
    const task = p.run(sumAndDouble, [bytes], { transfer: [bytes.buffer] });
    const result = await task;
    expect(bytes.byteLength).toBe(0); // moved, not copied
    expect(result.sum).toBe(10);
    expect(result.receivedLength).toBe(4);
    expect([...result.doubled]).toEqual([2, 4, 6, 8]);
  });

  test('rejects non-cloneable arguments before anything is sent or any worker starts', async () => {
    const p = pool({ size: 1 });
    const error = await rejection(p.run(add, [1, { onDone: () => 1 } as unknown as number]));
    expect(error).toBeInstanceOf(NotCloneableError);
    expect((error as Error).message).toContain('args[1].onDone is a function');
    const port = new MessageChannel().port1;
    const portError = await rejection(p.run(add, [port as unknown as number, 1]));
    expect((portError as Error).message).toContain('args[0] is a MessagePort that is not in the transfer list');
    expect(p.stats).toEqual({ workers: 0, queued: 0, running: 0, crashes: 0 });
  });

  test('an error thrown by the function rejects its task with that error; the worker lives on', async () => {
    const p = pool({ size: 1 });
    const error = await rejection(p.run(fail, ['bad input']));
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toBe('bad input');
    expect(await p.run(add, [1, 1])).toBe(2);
    expect(p.stats.crashes).toBe(0);
  });

  test('a worker that throws at top level fails only its own task, with WorkerCrashedError, and is replaced', async () => {
    const p = pool({ size: 1 });
    const crashing = p.run(crashLater, [], { label: 'crasher' });
    const queued = p.run(add, [20, 22]);
    const error = await rejection(crashing);
    expect(error).toBeInstanceOf(WorkerCrashedError);
    expect((error as WorkerCrashedError).kind).toBe('uncaught-exception');
    expect((error as WorkerCrashedError).label).toBe('crasher');
    expect((error as WorkerCrashedError).code).toBe('ERR_WORKER_CRASHED');
    expect(await queued).toBe(42);
    expect(p.stats.crashes).toBe(1);
    expect(p.stats.workers).toBe(1);
  });

  test('an unhandled rejection inside the worker fails its task with kind unhandled-rejection', async () => {
    const p = pool({ size: 1 });
    const error = await rejection(p.run(rejectUnhandled, []));
    expect(error).toBeInstanceOf(WorkerCrashedError);
    expect((error as WorkerCrashedError).kind).toBe('unhandled-rejection');
    expect((error as Error).message).toContain('nobody handles this');
    expect(await p.run(add, [1, 2])).toBe(3);
  });

  test('a module that fails to load, or a missing export, fails only that task with a typed error', async () => {
    const p = pool({ size: 1 });
    const broken = workerFunction<[], never>(new URL('./fixtures/broken.js', import.meta.url), 'anything');
    const loadError = await rejection(p.run(broken, []));
    expect(loadError).toBeInstanceOf(WorkerModuleLoadError);
    expect((loadError as Error).message).toContain('broken module: top-level throw');
    const missing = workerFunction<[], never>(jobs, 'nope');
    const exportError = await rejection(p.run(missing, []));
    expect(exportError).toBeInstanceOf(UnknownWorkerExportError);
    expect((exportError as UnknownWorkerExportError).available).toContain('add');
    expect((exportError as UnknownWorkerExportError).available).not.toContain('notAFunction');
    expect(await p.run(add, [5, 5])).toBe(10);
    expect(p.stats.crashes).toBe(0);
  });

  test('once a worker has loaded a module, a missing export fails before its arguments are sent', async () => {
    const p = pool({ size: 1 });
    const missing = workerFunction<[ArrayBuffer], never>(jobs, 'nope');
    const runWith = (buffer: ArrayBuffer) => p.run(missing, [buffer], { transfer: [buffer] });
    // The module's first call: only the worker can tell, so the arguments go (transferred).
    const first = new ArrayBuffer(8);
    // Queued behind it, before the module's exports are known: checked again before sending.
    const queued = new ArrayBuffer(8);
    const [firstError, queuedError] = await Promise.all([rejection(runWith(first)), rejection(runWith(queued))]);
    expect(firstError).toBeInstanceOf(UnknownWorkerExportError);
    expect(queuedError).toBeInstanceOf(UnknownWorkerExportError);
    expect([first.byteLength, queued.byteLength]).toEqual([0, 8]);
    // Now known: rejected at once, nothing sent, the worker stays idle.
    const later = new ArrayBuffer(8);
    const error = await rejection(runWith(later));
    expect(error).toBeInstanceOf(UnknownWorkerExportError);
    expect((error as UnknownWorkerExportError).available).toContain('add');
    expect((error as UnknownWorkerExportError).available).not.toContain('nope');
    expect(later.byteLength).toBe(8);
    expect(p.stats).toEqual({ workers: 1, queued: 0, running: 0, crashes: 0 });
    expect(await p.run(add, [2, 3])).toBe(5);
  });

  test('cancelling a running task terminates its worker; queued work runs on a replacement', async () => {
    const p = pool({ size: 1 });
    const stuck = p.run(forever, [], { label: 'stuck' });
    const next = p.run(add, [1, 2]);
    await new Promise((resolve) => setTimeout(resolve, 50)); // let it start spinning
    expect(p.stats.running).toBe(1);
    expect(stuck.cancel('user gave up')).toBe(true);
    const error = await rejection(stuck);
    expect(error).toBeInstanceOf(TaskCancelledError);
    expect(await next).toBe(3);
    expect(p.stats.crashes).toBe(0);
  });

  test('an aborted signal drops a queued task before it is sent', async () => {
    const p = pool({ size: 1 });
    const first = p.run(spin, [30, 'first']);
    const controller = new AbortController();
    const second = p.run(spin, [0, 'second'], { signal: controller.signal });
    controller.abort(new Error('not needed'));
    expect(await rejection(second)).toBeInstanceOf(TaskCancelledError);
    expect(await first).toBe('first');
  });

  test('back-pressure: maxQueue rejects with QueueFullError, waitForRoom resolves when there is room', async () => {
    const p = pool({ size: 1, maxQueue: 2 });
    const results: PromiseLike<string>[] = [];
    results.push(p.run(spin, [20, 'a']));
    await Promise.resolve(); // 'a' is sent to the worker on the next microtask
    await Promise.resolve();
    results.push(p.run(spin, [0, 'b']), p.run(spin, [0, 'c']));
    expect(p.stats.queued).toBe(2);
    const full = await rejection(p.run(spin, [0, 'd']));
    expect(full).toBeInstanceOf(QueueFullError);
    expect((full as QueueFullError).maxQueue).toBe(2);
    await p.waitForRoom();
    expect(p.stats.queued).toBeLessThan(2);
    results.push(p.run(spin, [0, 'e']));
    expect(await Promise.all(results)).toEqual(['a', 'b', 'c', 'e']);
  });

  test('queued tasks start by priority, then FIFO', async () => {
    const p = pool({ size: 1 });
    const order: string[] = [];
    const track = (task: PromiseLike<string>) => task.then((tag) => order.push(tag));
    const all = [
      track(p.run(spin, [20, 'running'])),
      track(p.run(spin, [0, 'bg'], { priority: 'background' })),
      track(p.run(spin, [0, 'n1'])),
      track(p.run(spin, [0, 'ub'], { priority: 'user-blocking' })),
      track(p.run(spin, [0, 'n2'])),
    ];
    await Promise.all(all);
    // All five are queued before the pool's first pump (a microtask): priority, then FIFO.
    expect(order).toEqual(['ub', 'running', 'n1', 'n2', 'bg']);
  });

  test('a BrowserScheduler inside a worker reports isMainThread() false and runs tasks and timers', async () => {
    const p = pool({ size: 1 });
    const inWorker = workerFunction<
      [number],
      { mainThread: boolean; dispatchKind: string; value: string; waited: boolean }
    >(new URL('./fixtures/in-worker.js', import.meta.url), 'schedulerInWorker');
    expect(await p.run(inWorker, [5])).toEqual({
      mainThread: false,
      dispatchKind: 'postTask',
      value: 'slept',
      waited: true,
    });
  });

  test('close() finishes pending work, then rejects new work with PoolClosedError', async () => {
    const p = pool({ size: 2 });
    const pending = p.run(spin, [10, 'done']);
    const closed = p.close();
    expect(await pending).toBe('done');
    await closed;
    expect(p.stats.workers).toBe(0);
    expect(await rejection(p.run(add, [1, 1]))).toBeInstanceOf(PoolClosedError);
  });
});
