import { InvalidArgumentError, NotCloneableError, reportError, type Scheduler, type Task } from '@sched/core';
import {
  cancelOnAbort,
  checkPriority,
  findUncloneableArgument,
  hostInfo,
  PoolClosedError,
  priorityRank,
  QueueFullError,
  RingQueue,
  startTask,
  UnknownWorkerExportError,
  WorkerModuleLoadError,
} from '@sched/core/host';
import { BrowserScheduler } from '../browser-scheduler.js';
import { WorkerCrashedError, type WorkerFaultKind } from '../errors/worker-crashed-error.js';
import { PoolJob } from './pool-job.js';
import type {
  BrowserWorkerPoolCloseOptions,
  BrowserWorkerPoolOptions,
  BrowserWorkerPoolStats,
  BrowserWorkerRunOptions,
  PoolSettings,
} from './pool-options.js';
import { poolSettings } from './pool-options.js';
import type { RunMessage, WorkerReply } from './protocol.js';
import { absoluteModuleUrl, type WorkerFunction } from './worker-function.js';
import { WORKER_SOURCE } from './worker-source.js';

const POOL_INFO = Object.freeze(hostInfo('worker-pool', 'background'));

/** One Web Worker of the pool and the job it runs (one at a time). */
interface PoolWorker {
  readonly thread: Worker;
  job: PoolJob | undefined;
}

/**
 * A pool of Web Workers that runs named functions (module URL + export) and returns each result
 * as a {@link Task}: the browser counterpart of runtime-node's `WorkerPool`.
 *
 * When to use: CPU-bound work that would block the page. Closures cannot cross threads, so the
 * work is a function exported by an ES module, and its arguments and result are structured-cloned
 * (or transferred).
 *
 * Details:
 * - Workers are module workers started on demand up to `size`, each running one task at a time;
 *   they live until `close()`.
 * - Queue: by priority, then FIFO. `maxQueue` bounds it (`QueueFullError`); `waitForRoom()`
 *   resolves when there is room again (back-pressure for producers).
 * - Arguments are checked before anything is queued or sent: non-cloneable values reject the Task
 *   with `NotCloneableError` (from `@sched/core`), naming the offending path.
 * - Cancellation (`task.cancel()` or `options.signal`): a queued task is dropped; a running one is
 *   stopped by terminating its worker, which is replaced when there is more work.
 * - Faults: a worker whose module fails to load rejects only that task with
 *   `WorkerModuleLoadError` (the worker survives); a missing export with
 *   `UnknownWorkerExportError`, found by the worker on the module's first call and, once a worker
 *   has reported the module's exports (cached per module), before the arguments are sent, as
 *   Node's pool does. An uncaught exception or an unhandled rejection inside the worker
 *   fails the task it was running with `WorkerCrashedError`; that worker is terminated and
 *   replaced, and no other task is affected. An error thrown by the function itself rejects the
 *   Task with that error (as the browser clones it).
 *
 * Gotchas: the workers start from a `blob:` URL, so a page whose Content-Security-Policy forbids
 * `blob:` workers (`worker-src`) cannot use the pool. Worker modules are loaded with `import()`
 * from inside the worker and must be reachable by URL.
 *
 * @example
 * ```ts
 * import { BrowserWorkerPool, workerFunction } from '@sched/runtime-browser';
 *
 * const fib = workerFunction<[number], number>(new URL('./fib.js', import.meta.url), 'fib');
 * const pool = new BrowserWorkerPool({ size: 2 });
 * console.log(await pool.run(fib, [25], { label: 'fib(25)' })); // 75025
 * await pool.close();
 * ```
 */
export class BrowserWorkerPool {
  readonly #settings: PoolSettings;
  readonly #scheduler: Scheduler;
  readonly #queues = [new RingQueue<PoolJob>(), new RingQueue<PoolJob>(), new RingQueue<PoolJob>()];
  readonly #workers: PoolWorker[] = [];
  /** Function exports of each module a worker has loaded, by absolute URL (reported on load). */
  readonly #exports = new Map<string, ReadonlySet<string>>();
  #queued = 0;
  #running = 0;
  #crashes = 0;
  #nextJob = 1;
  #nextWorker = 1;
  #scriptUrl: string | undefined = undefined;
  #pumpQueued = false;
  #roomWaiters: (() => void)[] = [];
  #closed = false;
  #closing: Promise<void> | undefined = undefined;
  #onIdle: (() => void) | undefined = undefined;

  constructor(options: BrowserWorkerPoolOptions = {}) {
    this.#settings = poolSettings(options);
    this.#scheduler = options.scheduler ?? new BrowserScheduler();
  }

  /** Maximum number of workers. */
  get size(): number {
    return this.#settings.size;
  }

  /** True after `close()` was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Current counters. */
  get stats(): BrowserWorkerPoolStats {
    return { workers: this.#workers.length, queued: this.#queued, running: this.#running, crashes: this.#crashes };
  }

  /**
   * Runs `fn` in a worker with `args` and returns its result as a Task.
   *
   * Details: the Task rejects with `NotCloneableError`, `QueueFullError` or `PoolClosedError`
   * without anything being sent; with `WorkerModuleLoadError` or `UnknownWorkerExportError` when
   * the worker cannot find the function; with `WorkerCrashedError` if the worker fails while
   * running it; with whatever the function threw otherwise. Cancelling the Task drops or stops
   * the work.
   *
   * Gotchas: an invalid `priority` throws `InvalidArgumentError` synchronously.
   */
  run<A extends readonly unknown[], R>(
    fn: WorkerFunction<A, R>,
    args: A,
    options?: BrowserWorkerRunOptions,
  ): Task<Awaited<R>> {
    const priority = checkPriority(options?.priority);
    let module: string;
    let failure: unknown;
    try {
      module = absoluteModuleUrl(fn.module);
    } catch (error) {
      module = String(fn.module);
      failure = error;
    }
    const transfer = options?.transfer ?? [];
    const job = new PoolJob(
      this.#nextJob++,
      module,
      fn.exportName,
      Array.isArray(args) ? args : [],
      transfer,
      priorityRank(priority),
    );
    const task = startTask(this.#scheduler, () => job.promise() as Promise<Awaited<R>>, {
      label: options?.label ?? fn.exportName,
      priority,
      lane: 'background',
      session: options?.session,
      onCancel: (error) => this.#cancel(job, error),
    });
    job.task = task as Task<unknown>;
    failure ??= this.#admit(job, args, transfer);
    if (failure !== undefined) {
      job.settle(false, failure);
      return task;
    }
    const signal = options?.signal;
    if (signal !== undefined) job.onSettled = cancelOnAbort(task, signal);
    return task;
  }

  /** Resolves when the queue has room for another task (at once if it has). */
  waitForRoom(): Promise<void> {
    if (this.#queued < this.#settings.maxQueue || this.#closed) return Promise.resolve();
    return new Promise<void>((resolve) => this.#roomWaiters.push(resolve));
  }

  /**
   * Stops accepting work and terminates the workers once pending work is finished (or cancelled
   * with `{ pending: 'cancel' }`). Resolves when every worker is terminated; calling it again
   * returns the same promise.
   */
  close(options: BrowserWorkerPoolCloseOptions = {}): Promise<void> {
    const pending = options.pending ?? 'finish';
    if (pending !== 'finish' && pending !== 'cancel') {
      throw new InvalidArgumentError('pending', pending, "'finish' or 'cancel'");
    }
    this.#closed = true;
    this.#wakeRoomWaiters();
    if (pending === 'cancel') this.#cancelAll();
    this.#closing ??= new Promise<void>((resolve) => {
      this.#onIdle = () => {
        this.#onIdle = undefined;
        for (const worker of this.#workers.splice(0)) worker.thread.terminate();
        if (this.#scriptUrl !== undefined) URL.revokeObjectURL(this.#scriptUrl);
        this.#scriptUrl = undefined;
        resolve();
      };
      this.#checkIdle();
    });
    return this.#closing;
  }

  /** Validates a new job and queues it; returns the error that rejects it instead, if any. */
  #admit(job: PoolJob, args: unknown, transfer: unknown): unknown {
    if (this.#closed) return new PoolClosedError(`cannot run worker task ${job.describe()}: the worker pool is closed`);
    const missing = this.#missingExport(job);
    if (missing !== undefined) return missing;
    if (!Array.isArray(args)) return new InvalidArgumentError('args', args, 'an array of arguments');
    if (!Array.isArray(transfer))
      return new InvalidArgumentError('transfer', transfer, 'an array of transferable objects');
    const problem = findUncloneableArgument(args, transfer);
    if (problem !== undefined) return new NotCloneableError('arguments', job.describe(), problem);
    if (this.#queued >= this.#settings.maxQueue)
      return new QueueFullError(this.#settings.maxQueue, `worker task ${job.describe()}`);
    (this.#queues[job.rank] as RingQueue<PoolJob>).push(job);
    this.#queued++;
    this.#schedulePump();
    return undefined;
  }

  #schedulePump(): void {
    if (this.#pumpQueued) return;
    this.#pumpQueued = true;
    queueMicrotask(() => {
      this.#pumpQueued = false;
      this.#pump();
    });
  }

  /** Sends queued jobs to idle workers, starting new workers up to `size`. */
  #pump(): void {
    while (this.#queued > 0) {
      let worker = this.#workers.find((candidate) => candidate.job === undefined);
      if (worker === undefined) {
        if (this.#workers.length >= this.#settings.size) break;
        worker = this.#startWorker();
      }
      const job = this.#nextQueued();
      if (job === undefined) break;
      this.#send(worker, job);
    }
    this.#wakeRoomWaiters();
    this.#checkIdle();
  }

  #nextQueued(): PoolJob | undefined {
    for (const queue of this.#queues) {
      for (let job = queue.shift(); job !== undefined; job = queue.shift()) {
        if (job.state === 'queued') {
          this.#queued--;
          return job;
        }
      }
    }
    return undefined;
  }

  /** `UnknownWorkerExportError` if a worker already reported that `job`'s module lacks its export. */
  #missingExport(job: PoolJob): UnknownWorkerExportError | undefined {
    const exports = this.#exports.get(job.module);
    if (exports === undefined || exports.has(job.exportName)) return undefined;
    return new UnknownWorkerExportError(job.task, job.module, job.exportName, [...exports]);
  }

  #send(worker: PoolWorker, job: PoolJob): void {
    // Queued before the module's exports were known: still check before the arguments are sent.
    const missing = this.#missingExport(job);
    if (missing !== undefined) {
      job.settle(false, missing);
      return;
    }
    const message: RunMessage = { id: job.id, module: job.module, exportName: job.exportName, args: job.args };
    try {
      worker.thread.postMessage(message, job.transfer as Transferable[]);
    } catch (error) {
      job.settle(false, new NotCloneableError('arguments', job.describe(), error));
      return;
    }
    job.state = 'running';
    worker.job = job;
    this.#running++;
  }

  #startWorker(): PoolWorker {
    this.#scriptUrl ??= URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }));
    const thread = new Worker(this.#scriptUrl, {
      type: 'module',
      name: `${this.#settings.name} #${this.#nextWorker++}`,
    });
    const worker: PoolWorker = { thread, job: undefined };
    thread.onmessage = (event: MessageEvent<WorkerReply>) => this.#onReply(worker, event.data);
    thread.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      this.#fault(worker, 'uncaught-exception', event.error ?? event.message);
    };
    thread.onmessageerror = () => this.#fault(worker, 'message-error', undefined);
    this.#workers.push(worker);
    return worker;
  }

  #onReply(worker: PoolWorker, reply: WorkerReply): void {
    if (reply.op === 'fault') {
      this.#fault(worker, 'unhandled-rejection', reply.error);
      return;
    }
    if (reply.op === 'loaded') {
      this.#exports.set(reply.module, new Set(reply.exports));
      return;
    }
    const job = worker.job;
    if (job === undefined || job.id !== reply.id) return;
    worker.job = undefined;
    this.#running--;
    switch (reply.op) {
      case 'done':
        job.settle(true, reply.value);
        break;
      case 'threw':
        job.settle(false, reply.error);
        break;
      case 'load-failed':
        job.settle(false, new WorkerModuleLoadError(job.task, job.module, job.exportName, reply.error));
        break;
      case 'no-export':
        job.settle(false, new UnknownWorkerExportError(job.task, job.module, job.exportName, reply.available));
        break;
    }
    this.#pump();
  }

  /** The worker failed: fail only the task it was running, terminate it, and carry on without it. */
  #fault(worker: PoolWorker, kind: WorkerFaultKind, cause: unknown): void {
    if (!this.#remove(worker)) return;
    this.#crashes++;
    worker.thread.terminate();
    const job = worker.job;
    worker.job = undefined;
    if (job !== undefined) {
      this.#running--;
      job.settle(false, new WorkerCrashedError(job.task, job.module, job.exportName, kind, cause));
    } else {
      reportError(new WorkerCrashedError(undefined, '', '', kind, cause), POOL_INFO);
    }
    this.#pump();
  }

  #cancel(job: PoolJob, reason: unknown): void {
    if (job.state === 'queued') {
      this.#queued--;
      job.settle(false, reason);
      this.#wakeRoomWaiters();
      this.#checkIdle();
      return;
    }
    if (job.state !== 'running') return;
    job.settle(false, reason);
    // Running: the only way to stop it is to terminate its worker.
    const worker = this.#workers.find((candidate) => candidate.job === job);
    if (worker !== undefined) {
      this.#remove(worker);
      worker.job = undefined;
      this.#running--;
      worker.thread.terminate();
    }
    this.#schedulePump();
  }

  #cancelAll(): void {
    const reason = new PoolClosedError('the worker pool was closed before this task finished');
    const jobs: PoolJob[] = [];
    for (const worker of this.#workers) if (worker.job !== undefined) jobs.push(worker.job);
    for (const queue of this.#queues)
      for (let job = queue.shift(); job !== undefined; job = queue.shift()) jobs.push(job);
    for (const job of jobs) if (job.state !== 'done') job.task?.cancel(reason);
  }

  #remove(worker: PoolWorker): boolean {
    const index = this.#workers.indexOf(worker);
    if (index < 0) return false;
    this.#workers.splice(index, 1);
    return true;
  }

  #wakeRoomWaiters(): void {
    if (this.#roomWaiters.length === 0) return;
    if (!this.#closed && this.#queued >= this.#settings.maxQueue) return;
    const waiters = this.#roomWaiters;
    this.#roomWaiters = [];
    for (const wake of waiters) wake();
  }

  #checkIdle(): void {
    if (this.#onIdle !== undefined && this.#queued === 0 && this.#running === 0) this.#onIdle();
  }
}
