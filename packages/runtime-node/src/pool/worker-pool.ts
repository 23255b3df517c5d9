import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { ResourceLimits, SHARE_ENV, Transferable } from 'node:worker_threads';
import {
  CallRunnable,
  checkPriority,
  hostInfo,
  InvalidArgumentError,
  NotCloneableError,
  priorityRank,
  reportError,
  type Scheduler,
  StartRunnable,
  type Task,
  type TaskInfo,
  type TaskPriority,
  type TaskTracker,
} from '@sched/core';
import { describeWorkerTask } from '../errors/describe-task.js';
import { PoolClosedError } from '../errors/pool-closed-error.js';
import { QueueFullError } from '../errors/queue-full-error.js';
import { UnknownWorkerExportError } from '../errors/unknown-worker-export-error.js';
import { UnknownWorkerModuleError } from '../errors/unknown-worker-module-error.js';
import { WorkerCrashedError, type WorkerFaultKind } from '../errors/worker-crashed-error.js';
import { WorkerModuleLoadError } from '../errors/worker-module-load-error.js';
import { RingQueue } from '../lanes/ring-queue.js';
import { threadScheduler } from '../thread-scheduler.js';
import { findUncloneable } from './find-uncloneable.js';
import { JOB_DONE, JOB_QUEUED, JOB_SENT, JOB_WAITING, PoolJob } from './pool-job.js';
import { PoolWorker, type PoolWorkerEvents, type PoolWorkerSetup } from './pool-worker.js';
import {
  CLAIM_DONE,
  CLAIM_QUEUED,
  CLAIM_WITHDRAWN,
  OP_PROBE,
  OP_PROBED,
  OP_RESULTS,
  OP_RUN,
  RESULT_STRIDE,
  RUN_STRIDE,
  STATUS_LOAD_FAILED,
  STATUS_NO_EXPORT,
  STATUS_OK,
  STATUS_RESULT_NOT_CLONEABLE,
  STATUS_THREW,
  STATUS_WITHDRAWN,
  type ThrownRecord,
} from './protocol.js';
import { type TransferItem, transferList } from './with-transfer.js';
import { WORKER_ENTRY } from './worker-entry-url.js';
import { WorkerTask } from './worker-task.js';
import { normalizeModule, type WorkerTaskRef } from './worker-task-ref.js';

/** Options of {@link WorkerPool}. Every field is optional. */
export interface WorkerPoolOptions {
  /** Scheduler the returned Tasks belong to. Default: {@link threadScheduler}. */
  readonly scheduler?: Scheduler | undefined;
  /** Maximum number of worker threads. Default: `os.availableParallelism()`. */
  readonly size?: number | undefined;
  /** Workers kept alive while idle (never retired by `idleTimeoutMs`). Default 0. */
  readonly minWorkers?: number | undefined;
  /**
   * Most tasks that may wait in the queue (not yet sent to a worker). Beyond it `run` fails
   * with `QueueFullError`; `ready()` waits for room. Default: unlimited.
   */
  readonly maxQueue?: number | undefined;
  /** An idle worker above `minWorkers` exits after this many ms. Default 5000; `Infinity` never. */
  readonly idleTimeoutMs?: number | undefined;
  /**
   * Tasks a busy worker may hold (one running, the rest waiting in its port). Higher values
   * keep workers busy through message round trips; 1 sends work only to idle workers. Default 4.
   * Tasks with a transfer list are only ever sent to idle workers.
   */
  readonly pipeline?: number | undefined;
  /** V8 heap limits of each worker; a worker that exceeds them fails its task with `out-of-memory`. */
  readonly resourceLimits?: ResourceLimits | undefined;
  /** Worker thread name prefix (shown in debuggers and heap snapshots). Default `'@sched/pool'`. */
  readonly name?: string | undefined;
  /** `execArgv` of each worker. */
  readonly execArgv?: readonly string[] | undefined;
  /** `env` of each worker (`SHARE_ENV` to share the parent's). */
  readonly env?: NodeJS.ProcessEnv | typeof SHARE_ENV | undefined;
}

/** Options of {@link WorkerPool.run}. Every field is optional. */
export interface WorkerRunOptions {
  /**
   * Objects in `args` to move instead of copy (ArrayBuffers, MessagePorts, …). Accepts what you
   * naturally pass, such as `[bytes.buffer]` (typed `ArrayBufferLike`); a `SharedArrayBuffer` is
   * shared anyway, so it is dropped from the list.
   */
  readonly transfer?: readonly TransferItem[] | undefined;
  /** Task label. Default: the export name. */
  readonly label?: string | undefined;
  /** Queue priority (and the Task's priority). Default `'normal'`. */
  readonly priority?: TaskPriority | undefined;
  /** Aborting it cancels the task, like `task.cancel(signal.reason)`. */
  readonly signal?: AbortSignal | undefined;
  /** Session to track the task in. */
  readonly session?: TaskTracker | undefined;
}

/** How {@link WorkerPool.close} treats work that has not finished. */
export interface WorkerPoolCloseOptions {
  /**
   * `'finish'` (default): run every queued and running task to completion, then stop the workers.
   * `'cancel'`: cancel them (their Tasks reject with `TaskCancelledError` whose cause is a
   * `PoolClosedError`), terminating running workers.
   */
  readonly pending?: 'finish' | 'cancel' | undefined;
}

/** Counters describing a pool at one moment. */
export interface WorkerPoolStats {
  /** Live worker threads. */
  readonly workers: number;
  /** Tasks waiting to be sent (including those waiting for their module to be checked). */
  readonly queued: number;
  /** Tasks posted to workers and not finished. */
  readonly inFlight: number;
  /** Workers that died of a fault and were replaced. */
  readonly crashes: number;
}

type ModuleState =
  | { readonly status: 'probing'; readonly waiting: PoolJob[]; readonly worker: PoolWorker }
  | { readonly status: 'ready'; readonly exports: ReadonlyMap<string, number> }
  | { readonly status: 'missing'; readonly reason: string }
  | { readonly status: 'failed'; readonly cause: unknown };

const POOL_INFO: TaskInfo = Object.freeze(hostInfo('worker-pool', 'background'));
/** Consecutive workers that may die before starting, before queued work fails with `startup`. */
const MAX_STARTUP_FAILURES = 3;

/**
 * A pool of `worker_threads` that runs named functions (module URL + export) and returns each
 * result as a {@link Task}.
 *
 * When to use: CPU-bound work that would block the event loop. Closures cannot cross threads, so
 * the work is a function exported by a JavaScript module, and its arguments and result are
 * structured-cloned (or transferred).
 *
 * Details:
 * - Workers start on demand up to `size`; idle ones above `minWorkers` exit after
 *   `idleTimeoutMs`. Busy workers keep the process alive, idle ones do not.
 * - Queue: by priority, then FIFO. `maxQueue` bounds it (`QueueFullError`); `ready()` resolves
 *   when there is room again (back-pressure for producers).
 * - Checks before anything is sent: the module must exist (`UnknownWorkerModuleError`), export a
 *   function of that name (`UnknownWorkerExportError`, learned once per module by loading it in
 *   a worker), and the arguments must be cloneable (`NotCloneableError` from `@sched/core`).
 * - Cancellation (`task.cancel()` or `options.signal`): a queued task is dropped; a running one
 *   is stopped by terminating its worker, which is replaced.
 * - Faults: if a worker throws at top level, calls `process.exit`, or exceeds `resourceLimits`,
 *   the task it was running fails with `WorkerCrashedError` naming that task and the fault kind;
 *   other tasks it held are sent to a replacement worker, none is lost.
 * - Each worker runs its own `NodeScheduler` ({@link threadScheduler}), so worker code can spawn
 *   tasks too. An error thrown by the worker function rejects the Task with that error (its
 *   class is kept for built-in errors, its own properties such as `code` are copied back).
 *
 * Gotchas: arguments are cloned when the task is sent to a worker, not when `run` is called; do
 * not mutate them in between. Worker modules must be JavaScript (Node 20 workers cannot load
 * `.ts`). Call `close()` when done; idle workers do not hold the process open, but busy ones do.
 *
 * @example
 * ```ts
 * import { WorkerPool, workerTask } from '@sched/runtime-node';
 *
 * const fib = workerTask<[number], number>(new URL('./fib.mjs', import.meta.url), 'fib');
 * const pool = new WorkerPool({ size: 4 });
 * const task = pool.run(fib, [25], { label: 'fib(25)' });
 * console.log(await task); // 75025
 * await pool.close();
 * ```
 */
export class WorkerPool {
  readonly #scheduler: Scheduler;
  readonly #size: number;
  readonly #minWorkers: number;
  readonly #maxQueue: number;
  readonly #idleTimeoutMs: number;
  readonly #pipeline: number;
  readonly #setup: PoolWorkerSetup;
  readonly #events: PoolWorkerEvents;
  readonly #queues: RingQueue<PoolJob>[] = [new RingQueue(), new RingQueue(), new RingQueue()];
  readonly #workers: PoolWorker[] = [];
  readonly #modules = new Map<string, ModuleState>();
  #queued = 0;
  #inFlight = 0;
  #crashes = 0;
  #startupFailures = 0;
  #workerCount = 0;
  #nextFnId = 0;
  #pumpQueued = false;
  readonly #pumpBound: () => void;
  readonly #cancelBound: (job: PoolJob, reason: unknown) => void;
  #readyWaiters: (() => void)[] = [];
  #closed = false;
  #closing: Promise<void> | undefined = undefined;
  #onIdle: (() => void) | undefined = undefined;

  constructor(options: WorkerPoolOptions = {}) {
    this.#scheduler = options.scheduler ?? threadScheduler();
    this.#size = positiveInteger('size', options.size ?? availableParallelism());
    this.#minWorkers = nonNegativeInteger('minWorkers', options.minWorkers ?? 0);
    if (this.#minWorkers > this.#size)
      throw new InvalidArgumentError('minWorkers', this.#minWorkers, `at most size (${this.#size})`);
    const maxQueue = options.maxQueue ?? Number.POSITIVE_INFINITY;
    this.#maxQueue = maxQueue === Number.POSITIVE_INFINITY ? maxQueue : nonNegativeInteger('maxQueue', maxQueue);
    const idle = options.idleTimeoutMs ?? 5000;
    if (typeof idle !== 'number' || Number.isNaN(idle) || idle < 0) {
      throw new InvalidArgumentError('idleTimeoutMs', idle, 'a number of milliseconds >= 0, or Infinity');
    }
    this.#idleTimeoutMs = idle;
    this.#pipeline = positiveInteger('pipeline', options.pipeline ?? 4);
    this.#setup = {
      entry: WORKER_ENTRY,
      pipeline: this.#pipeline,
      name: options.name ?? '@sched/pool',
      resourceLimits: options.resourceLimits,
      execArgv: options.execArgv,
      env: options.env,
    };
    this.#events = {
      message: (worker, message) => this.#onMessage(worker, message),
      exit: (worker, code) => this.#onExit(worker, code),
    };
    this.#pumpBound = () => this.#pump();
    this.#cancelBound = (job, reason) => this.#cancel(job, reason);
    for (let i = 0; i < this.#minWorkers; i++) this.#startWorker();
  }

  /** Maximum number of workers. */
  get size(): number {
    return this.#size;
  }

  /** True after `close()` was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Current counters. */
  get stats(): WorkerPoolStats {
    return { workers: this.#workers.length, queued: this.#queued, inFlight: this.#inFlight, crashes: this.#crashes };
  }

  /**
   * Runs `ref`'s function in a worker with `args` and returns its result as a Task.
   *
   * Details: the Task rejects with `UnknownWorkerModuleError`, `UnknownWorkerExportError`,
   * `WorkerModuleLoadError`, `NotCloneableError`, `QueueFullError` or `PoolClosedError` without
   * anything being sent; with `WorkerCrashedError` if the worker dies while running it; with
   * whatever the function threw otherwise. Cancelling the Task drops or stops the work.
   *
   * Gotchas: an invalid `priority` throws `InvalidArgumentError` synchronously.
   */
  run<A extends readonly unknown[], R>(
    ref: WorkerTaskRef<A, R>,
    args: A,
    options?: WorkerRunOptions,
  ): Task<Awaited<R>> {
    const priority = checkPriority(options?.priority);
    const given = options?.transfer;
    const transfer = Array.isArray(given) ? transferList(given) : (given as readonly Transferable[] | undefined);
    let module = ref.module;
    let failure: unknown;
    if (!this.#modules.has(module)) {
      try {
        module = normalizeModule(module);
      } catch (error) {
        module = String(module);
        failure = error;
      }
    }
    const exportName = ref.exportName;
    const job = new PoolJob(module, exportName, Array.isArray(args) ? args : [], transfer, priorityRank(priority));
    const task = new WorkerTask<Awaited<R>>(
      this.#scheduler,
      job,
      { label: options?.label ?? exportName, priority, lane: 'background', session: options?.session },
      this.#cancelBound,
    );
    job.task = task;
    this.#scheduler.dispatchBackground(new StartRunnable(task as Task<unknown>));
    failure ??= this.#admit(job, args, transfer);
    if (failure !== undefined) {
      job.settle(false, failure);
      return task;
    }
    const external = options?.signal;
    if (external !== undefined) {
      const onAbort = (): void => void task.cancel(external.reason);
      if (external.aborted) onAbort();
      else {
        external.addEventListener('abort', onAbort, { once: true });
        job.onSettled = () => external.removeEventListener('abort', onAbort);
      }
    }
    return task;
  }

  /**
   * Resolves when the queue has room for another task (at once if it has). With the default
   * unlimited queue it always resolves at once.
   *
   * @example
   * ```ts
   * import { WorkerPool, workerTask } from '@sched/runtime-node';
   *
   * const parse = workerTask<[string], unknown>(new URL('./parse.mjs', import.meta.url), 'parse');
   * const pool = new WorkerPool({ size: 2, maxQueue: 4 });
   * const files = Array.from({ length: 20 }, (_, i) => `{"n":${i}}`);
   * const results: PromiseLike<unknown>[] = [];
   * for (const file of files) {
   *   await pool.ready(); // waits while 4 tasks are queued
   *   results.push(pool.run(parse, [file]));
   * }
   * console.log((await Promise.all(results)).length); // 20
   * await pool.close();
   * ```
   */
  ready(): Promise<void> {
    if (this.#queued < this.#maxQueue || this.#closed) return Promise.resolve();
    return new Promise<void>((resolve) => this.#readyWaiters.push(resolve));
  }

  /**
   * Stops accepting work and shuts the workers down once pending work is finished (or cancelled,
   * see {@link WorkerPoolCloseOptions}). Resolves when every worker has exited. Calling it again
   * returns the same promise.
   */
  close(options: WorkerPoolCloseOptions = {}): Promise<void> {
    const pending = options.pending ?? 'finish';
    if (pending !== 'finish' && pending !== 'cancel') {
      throw new InvalidArgumentError('pending', pending, "'finish' or 'cancel'");
    }
    if (!this.#closed) {
      this.#closed = true;
      this.#wakeReady();
    }
    if (pending === 'cancel') this.#cancelAll();
    this.#closing ??= new Promise<void>((resolve) => {
      this.#onIdle = () => {
        this.#onIdle = undefined;
        void Promise.all([...this.#workers].map((worker) => this.#retire(worker))).then(() => resolve());
      };
      this.#checkIdle();
    });
    return this.#closing;
  }

  /** Validates a new job and queues it; returns the error that rejects it instead, if any. */
  #admit(job: PoolJob, args: readonly unknown[], transfer: readonly Transferable[] | undefined): unknown {
    if (this.#closed)
      return new PoolClosedError(`cannot run worker task ${this.#describe(job)}: the worker pool is closed`);
    if (!Array.isArray(args)) {
      return new InvalidArgumentError('args', args, 'an array of arguments');
    }
    if (transfer !== undefined && !Array.isArray(transfer)) {
      return new InvalidArgumentError('transfer', transfer, 'an array of transferable objects');
    }
    const problem = argsProblem(args, transfer ?? []);
    if (problem !== undefined) return new NotCloneableError('arguments', this.#describe(job), problem);
    if (this.#queued >= this.#maxQueue) return new QueueFullError(this.#maxQueue, `worker task ${this.#describe(job)}`);
    let state = this.#modules.get(job.module);
    if (state === undefined) {
      state = this.#checkModule(job.module);
      this.#modules.set(job.module, state);
    }
    switch (state.status) {
      case 'missing':
        return new UnknownWorkerModuleError(job.task, job.module, job.exportName, state.reason);
      case 'failed':
        return new WorkerModuleLoadError(job.task, job.module, job.exportName, state.cause);
      case 'ready': {
        const fnId = state.exports.get(job.exportName);
        if (fnId === undefined) {
          return new UnknownWorkerExportError(job.task, job.module, job.exportName, [...state.exports.keys()]);
        }
        job.fnId = fnId;
        this.#enqueue(job);
        return undefined;
      }
      case 'probing':
        job.state = JOB_WAITING;
        state.waiting.push(job);
        this.#queued++;
        return undefined;
    }
  }

  /** First sight of a module: check it exists, then ask a worker for its exports. */
  #checkModule(module: string): ModuleState {
    if (module.startsWith('file:')) {
      let reason: string | undefined;
      try {
        if (!statSync(fileURLToPath(module)).isFile()) reason = 'the module path is not a file';
      } catch {
        reason = 'no such module file';
      }
      if (reason !== undefined) return { status: 'missing', reason };
    }
    const worker = this.#leastBusyWorker() ?? this.#startWorker();
    worker.probing.add(module);
    worker.keepAlive(true);
    worker.thread.postMessage([OP_PROBE, module]);
    return { status: 'probing', waiting: [], worker };
  }

  #enqueue(job: PoolJob): void {
    job.state = JOB_QUEUED;
    (this.#queues[job.rank] as RingQueue<PoolJob>).push(job);
    this.#queued++;
    if (!this.#pumpQueued) {
      this.#pumpQueued = true;
      queueMicrotask(this.#pumpBound);
    }
  }

  /** Next queued job (skipping cancelled ones), without removing it. */
  #peekJob(): PoolJob | undefined {
    for (const queue of this.#queues) {
      let job = queue.peek();
      while (job !== undefined && job.state !== JOB_QUEUED) {
        queue.shift();
        job = queue.peek();
      }
      if (job !== undefined) return job;
    }
    return undefined;
  }

  /** Sends queued jobs to workers: idle workers first (starting new ones up to `size`), then pipelines. */
  #pump(): void {
    this.#pumpQueued = false;
    if (this.#queued === 0) return;
    const workers = this.#workers;
    const batches = new Map<PoolWorker, { message: unknown[]; transfer: Transferable[] }>();
    for (let depth = 1; depth <= this.#pipeline && this.#queued > 0; depth++) {
      let sentAtDepth = false;
      for (let i = 0; i <= workers.length && this.#queued > 0; i++) {
        let worker = workers[i];
        if (worker === undefined) {
          if (depth > 1 || workers.length >= this.#size || this.#startupFailures >= MAX_STARTUP_FAILURES) break;
          worker = this.#startWorker();
        }
        if (worker.retiring || worker.inFlight >= depth) continue;
        const job = this.#peekJob();
        if (job === undefined) break;
        if (worker.inFlight > 0 && job.transfer !== undefined && job.transfer.length > 0) continue;
        (this.#queues[job.rank] as RingQueue<PoolJob>).shift();
        this.#queued--;
        let batch = batches.get(worker);
        if (batch === undefined) batches.set(worker, (batch = { message: [OP_RUN], transfer: [] }));
        this.#assign(job, worker, batch);
        sentAtDepth = true;
      }
      if (!sentAtDepth && depth > 1) break;
    }
    for (const [worker, batch] of batches) this.#post(worker, batch.message, batch.transfer);
    if (this.#startupFailures >= MAX_STARTUP_FAILURES && workers.length === 0) this.#failQueued();
    this.#wakeReady();
  }

  #assign(job: PoolJob, worker: PoolWorker, batch: { message: unknown[]; transfer: Transferable[] }): void {
    if (worker.inFlight === 0) {
      worker.keepAlive(true);
      if (worker.idleTimer !== undefined) {
        worker.idleTimer.cancel();
        worker.idleTimer = undefined;
      }
    }
    const slot = worker.take(job);
    job.state = JOB_SENT;
    job.worker = worker;
    job.slot = slot;
    this.#inFlight++;
    if (worker.known[job.fnId] === true) batch.message.push(slot, job.fnId, job.args);
    else {
      worker.known[job.fnId] = true;
      batch.message.push(slot, [job.fnId, job.module, job.exportName], job.args);
    }
    if (job.transfer !== undefined) for (const item of job.transfer) batch.transfer.push(item);
  }

  /** Posts a batch; if it cannot be cloned, retries job by job so only the culprits fail. */
  #post(worker: PoolWorker, message: unknown[], transfer: Transferable[]): void {
    try {
      worker.thread.postMessage(message, transfer);
      return;
    } catch (error) {
      if (message.length === 1 + RUN_STRIDE) {
        this.#failUnsent(worker, message[1] as number, error);
        return;
      }
    }
    for (let i = 1; i < message.length; i += RUN_STRIDE) {
      const slot = message[i] as number;
      const job = worker.jobs[slot] as PoolJob;
      const definition = [job.fnId, job.module, job.exportName];
      try {
        worker.thread.postMessage([OP_RUN, slot, definition, job.args], (job.transfer ?? []) as Transferable[]);
      } catch (error) {
        this.#failUnsent(worker, slot, error);
      }
    }
  }

  /** A job's message could not be posted: nothing was sent; fail it with `NotCloneableError`. */
  #failUnsent(worker: PoolWorker, slot: number, error: unknown): void {
    const job = worker.release(slot) as PoolJob;
    this.#inFlight--;
    job.settle(false, new NotCloneableError('arguments', this.#describe(job), error));
    if (worker.inFlight === 0) this.#workerIdle(worker);
  }

  #onMessage(worker: PoolWorker, message: unknown[]): void {
    this.#startupFailures = 0;
    if (message[0] === OP_RESULTS) {
      for (let i = 1; i < message.length; i += RESULT_STRIDE) {
        this.#onResult(worker, message[i] as number, message[i + 1] as number, message[i + 2]);
      }
      if (this.#queued > 0) this.#pump();
      if (worker.inFlight === 0) this.#workerIdle(worker);
    } else if (message[0] === OP_PROBED) {
      this.#onProbed(worker, message[1] as string, message[2] as boolean, message[3]);
    }
  }

  #onResult(worker: PoolWorker, slot: number, status: number, value: unknown): void {
    const job = worker.release(slot);
    if (job === undefined) return;
    this.#inFlight--;
    if (job.state !== JOB_SENT || job.worker !== worker) return;
    switch (status) {
      case STATUS_OK:
        job.settle(true, value);
        return;
      case STATUS_THREW:
        job.settle(false, rebuildThrown(value as ThrownRecord));
        return;
      case STATUS_RESULT_NOT_CLONEABLE:
        job.settle(false, new NotCloneableError('result', this.#describe(job), value));
        return;
      case STATUS_LOAD_FAILED:
        job.settle(false, new WorkerModuleLoadError(job.task, job.module, job.exportName, value));
        return;
      case STATUS_NO_EXPORT:
        job.settle(false, new UnknownWorkerExportError(job.task, job.module, job.exportName, value as string[]));
        return;
      case STATUS_WITHDRAWN:
        return;
    }
  }

  #onProbed(worker: PoolWorker, module: string, ok: boolean, data: unknown): void {
    worker.probing.delete(module);
    if (!ok) {
      this.#settleProbe(module, { status: 'failed', cause: data });
    } else {
      const exports = new Map<string, number>();
      for (const name of data as string[]) exports.set(name, this.#nextFnId++);
      this.#settleProbe(module, { status: 'ready', exports });
    }
    if (worker.inFlight === 0) this.#workerIdle(worker);
  }

  #settleProbe(module: string, next: ModuleState): void {
    const state = this.#modules.get(module);
    if (state?.status !== 'probing') return;
    this.#modules.set(module, next);
    for (const job of state.waiting) {
      if (job.state !== JOB_WAITING) continue;
      this.#queued--;
      const fnId = next.status === 'ready' ? next.exports.get(job.exportName) : undefined;
      if (fnId !== undefined) {
        job.fnId = fnId;
        this.#enqueue(job);
      } else if (next.status === 'ready') {
        job.settle(false, new UnknownWorkerExportError(job.task, job.module, job.exportName, [...next.exports.keys()]));
      } else {
        job.settle(
          false,
          new WorkerModuleLoadError(job.task, job.module, job.exportName, (next as { cause?: unknown }).cause),
        );
      }
    }
    this.#wakeReady();
    this.#checkIdle();
  }

  #onExit(worker: PoolWorker, code: number): void {
    const index = this.#workers.indexOf(worker);
    if (index >= 0) this.#workers.splice(index, 1);
    worker.idleTimer?.cancel();
    worker.idleTimer = undefined;
    const fault = worker.fault;
    const crashed = !worker.retiring || worker.killedFor !== undefined;
    const kind: WorkerFaultKind = !worker.started
      ? 'startup'
      : (fault as { code?: unknown } | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? 'out-of-memory'
        : fault !== undefined
          ? 'uncaught-exception'
          : 'exit';
    if (!worker.retiring) {
      this.#crashes++;
      if (!worker.started) this.#startupFailures++;
    }
    const orphans: PoolJob[] = [];
    let blamed = worker.probing.size > 0;
    for (let slot = 0; slot < worker.jobs.length; slot++) {
      const job = worker.release(slot);
      if (job === undefined) continue;
      this.#inFlight--;
      if (job.state !== JOB_SENT || job.worker !== worker) continue;
      const claim = Atomics.load(worker.claims, slot);
      if (claim === CLAIM_QUEUED || claim === CLAIM_WITHDRAWN || !crashed) orphans.push(job);
      else {
        blamed = true;
        job.settle(false, new WorkerCrashedError(job.task, job.module, job.exportName, kind, code, fault));
      }
    }
    this.#requeue(orphans);
    for (const module of worker.probing) this.#probeLost(module, worker, kind, code, fault);
    if (!worker.retiring && !blamed) {
      // A fault no task can carry (for example a timer left behind by an earlier task threw while
      // the worker was idle): report it rather than lose it.
      reportError(new WorkerCrashedError(undefined, '', '', kind, code, fault), POOL_INFO);
    }
    if (!this.#closed && this.#workers.length < this.#minWorkers) this.#startWorker();
    if (this.#queued > 0) this.#pump();
    this.#checkIdle();
  }

  /**
   * The worker loading `module` died. If it had started, loading the module killed it: the module
   * is marked failed. If it never started, the module is not to blame: waiting tasks fail with a
   * `startup` crash and the module will be checked again.
   */
  #probeLost(module: string, worker: PoolWorker, kind: WorkerFaultKind, code: number, fault: unknown): void {
    if (worker.started) {
      const cause = fault ?? new Error(`the worker exited with code ${code} while loading the module`);
      this.#settleProbe(module, { status: 'failed', cause });
      return;
    }
    const state = this.#modules.get(module);
    if (state?.status !== 'probing') return;
    this.#modules.delete(module);
    for (const job of state.waiting) {
      if (job.state !== JOB_WAITING) continue;
      this.#queued--;
      job.settle(false, new WorkerCrashedError(job.task, job.module, job.exportName, kind, code, fault));
    }
    this.#wakeReady();
  }

  /** Puts jobs a dead worker had not started back at the front of the queue, in order. */
  #requeue(jobs: PoolJob[]): void {
    if (jobs.length === 0) return;
    jobs.sort((a, b) => b.seq - a.seq);
    for (const job of jobs) {
      job.state = JOB_QUEUED;
      job.worker = undefined;
      job.slot = -1;
      (this.#queues[job.rank] as RingQueue<PoolJob>).unshift(job);
      this.#queued++;
    }
    if (!this.#pumpQueued) {
      this.#pumpQueued = true;
      queueMicrotask(this.#pumpBound);
    }
  }

  #cancel(job: PoolJob, reason: unknown): void {
    switch (job.state) {
      case JOB_WAITING:
      case JOB_QUEUED:
        this.#queued--;
        job.settle(false, reason);
        this.#wakeReady();
        this.#checkIdle();
        return;
      case JOB_SENT: {
        const worker = job.worker as PoolWorker;
        const claim = Atomics.compareExchange(worker.claims, job.slot, CLAIM_QUEUED, CLAIM_WITHDRAWN);
        job.settle(false, reason);
        if (claim === CLAIM_QUEUED || claim === CLAIM_DONE) return;
        // Running: stop it by terminating its worker; jobs it had not started go elsewhere.
        worker.killedFor = job;
        const orphans: PoolJob[] = [];
        for (const other of worker.jobs) {
          if (other === undefined || other.state !== JOB_SENT || other.worker !== worker) continue;
          if (Atomics.compareExchange(worker.claims, other.slot, CLAIM_QUEUED, CLAIM_WITHDRAWN) === CLAIM_QUEUED) {
            orphans.push(other);
          }
        }
        void this.#retire(worker);
        this.#requeue(orphans);
        return;
      }
    }
  }

  #cancelAll(): void {
    const reason = new PoolClosedError('the worker pool was closed before this task finished');
    const jobs: PoolJob[] = [];
    for (const queue of this.#queues) for (const job of queue.drainAll()) if (job.state === JOB_QUEUED) jobs.push(job);
    for (const state of this.#modules.values()) if (state.status === 'probing') jobs.push(...state.waiting);
    for (const worker of this.#workers) for (const job of worker.jobs) if (job !== undefined) jobs.push(job);
    jobs.sort((a, b) => a.seq - b.seq);
    for (const job of jobs) {
      if (job.state === JOB_DONE) continue;
      const task = job.task as Task<unknown>;
      task.cancel(reason);
    }
  }

  /** Removes `worker` from service and terminates it. Resolves when it has exited. */
  #retire(worker: PoolWorker): Promise<void> {
    if (!worker.retiring) {
      worker.retiring = true;
      const index = this.#workers.indexOf(worker);
      if (index >= 0) this.#workers.splice(index, 1);
      worker.idleTimer?.cancel();
      worker.idleTimer = undefined;
    }
    return worker.thread.terminate().then(
      () => undefined,
      () => undefined,
    );
  }

  #workerIdle(worker: PoolWorker): void {
    if (worker.retiring || worker.inFlight > 0) return;
    if (worker.probing.size === 0) worker.keepAlive(false);
    if (
      !this.#closed &&
      worker.idleTimer === undefined &&
      this.#idleTimeoutMs !== Number.POSITIVE_INFINITY &&
      this.#workers.length > this.#minWorkers
    ) {
      worker.idleTimer = this.#scheduler.dispatchAfter(
        this.#idleTimeoutMs,
        new CallRunnable(POOL_INFO, () => {
          worker.idleTimer = undefined;
          if (worker.inFlight === 0 && worker.probing.size === 0 && this.#workers.length > this.#minWorkers) {
            void this.#retire(worker);
          }
        }),
      );
      // Pool housekeeping: an idle worker's retirement must never keep the process alive.
      worker.idleTimer.unref?.();
    }
    this.#checkIdle();
  }

  /** While closing: once nothing is queued or running, stop the workers. */
  #checkIdle(): void {
    if (this.#onIdle === undefined || this.#queued > 0 || this.#inFlight > 0) return;
    for (const worker of this.#workers) if (worker.probing.size > 0) return;
    this.#onIdle();
  }

  #failQueued(): void {
    for (const queue of this.#queues) {
      for (const job of queue.drainAll()) {
        if (job.state !== JOB_QUEUED) continue;
        this.#queued--;
        job.settle(false, new WorkerCrashedError(job.task, job.module, job.exportName, 'startup', undefined));
      }
    }
    this.#checkIdle();
  }

  #wakeReady(): void {
    while (this.#readyWaiters.length > 0 && (this.#queued < this.#maxQueue || this.#closed)) {
      (this.#readyWaiters.shift() as () => void)();
    }
  }

  #leastBusyWorker(): PoolWorker | undefined {
    let best: PoolWorker | undefined;
    for (const worker of this.#workers) {
      if (worker.retiring) continue;
      if (best === undefined || worker.inFlight < best.inFlight) best = worker;
    }
    if (best !== undefined && best.inFlight > 0 && this.#workers.length < this.#size) return undefined;
    return best;
  }

  #startWorker(): PoolWorker {
    const worker = new PoolWorker(
      { ...this.#setup, name: `${this.#setup.name} #${++this.#workerCount}` },
      this.#events,
    );
    worker.keepAlive(false);
    this.#workers.push(worker);
    return worker;
  }

  /** `#12 "label" (export in module)`, for messages that say "worker task …" themselves. */
  #describe(job: PoolJob): string {
    return describeWorkerTask(job.task, job.module, job.exportName).replace(/^task /, '');
  }
}

function argsProblem(args: readonly unknown[], transfer: readonly Transferable[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const value = args[i];
    if (typeof value === 'object' ? value !== null : typeof value === 'function' || typeof value === 'symbol') {
      let problem: string | undefined;
      try {
        problem = findUncloneable(value, `args[${i}]`, transfer);
      } catch (error) {
        problem = `reading args[${i}] threw: ${error instanceof Error ? error.message : String(error)}`;
      }
      if (problem !== undefined) return problem;
    }
  }
  return undefined;
}

/** Turns what a worker reported as thrown back into the thrown value. */
function rebuildThrown(record: ThrownRecord): unknown {
  const error = record.error;
  if (record.props !== undefined && typeof error === 'object' && error !== null) {
    for (const key of Object.keys(record.props)) {
      try {
        (error as Record<string, unknown>)[key] = record.props[key];
      } catch {
        // A read-only property: keep what structured clone restored.
      }
    }
  }
  return error;
}

function positiveInteger(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new InvalidArgumentError(name, value, 'an integer >= 1');
  }
  return value;
}

function nonNegativeInteger(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new InvalidArgumentError(name, value, 'an integer >= 0');
  }
  return value;
}
