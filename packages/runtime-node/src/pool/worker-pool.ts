import type { Transferable } from 'node:worker_threads';
import {
  InvalidArgumentError,
  NotCloneableError,
  reportError,
  type Scheduler,
  type Task,
  type TaskInfo,
} from '@sched/core';
import {
  CallRunnable,
  cancelOnAbort,
  checkPriority,
  findUncloneableArgument,
  hostInfo,
  PoolClosedError,
  priorityRank,
  QueueFullError,
  startTask,
} from '@sched/core/host';
import { WorkerCrashedError, type WorkerFaultKind } from '../errors/worker-crashed-error.js';
import { diedOfFault, faultKind, resendAfterExit } from './crash-classification.js';
import { JobQueue } from './job-queue.js';
import { type KnownModuleState, ModuleRegistry, resolveExport } from './module-registry.js';
import { JOB_DONE, JOB_QUEUED, JOB_SENT, JOB_WAITING, PoolJob } from './pool-job.js';
import {
  closeMode,
  type PoolSettings,
  poolSettings,
  type WorkerPoolCloseOptions,
  type WorkerPoolOptions,
  type WorkerPoolStats,
  type WorkerRunOptions,
} from './pool-options.js';
import { PoolWorker, type PoolWorkerEvents } from './pool-worker.js';
import {
  CLAIM_DONE,
  CLAIM_QUEUED,
  CLAIM_WITHDRAWN,
  OP_PROBED,
  OP_RESULTS,
  OP_RUN,
  OP_SHORT,
  RESULT_STRIDE,
  RUN_STRIDE,
  STATUS_OK,
  STATUS_WITHDRAWN,
} from './protocol.js';
import { decodeFailure } from './result-decoding.js';
import { transferList } from './with-transfer.js';
import { normalizeModule, type WorkerFunction } from './worker-function.js';
import { nextJobMs, windowFor } from './worker-window.js';

export type { WorkerPoolCloseOptions, WorkerPoolOptions, WorkerPoolStats, WorkerRunOptions } from './pool-options.js';

const POOL_INFO: TaskInfo = Object.freeze(hostInfo('worker-pool', 'background'));
const NO_TRANSFER: readonly Transferable[] = Object.freeze([]);
const RESOLVED: Promise<void> = Promise.resolve();
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
 * - Queue: by priority, then FIFO. `maxQueue` bounds it (`QueueFullError`); `waitForRoom()` resolves
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
 * import { WorkerPool, workerFunction } from '@sched/runtime-node';
 *
 * const fib = workerFunction<[number], number>(new URL('./fib.mjs', import.meta.url), 'fib');
 * const pool = new WorkerPool({ size: 4 });
 * const task = pool.run(fib, [25], { label: 'fib(25)' });
 * console.log(await task); // 75025
 * await pool.close();
 * ```
 */
export class WorkerPool {
  readonly #scheduler: Scheduler;
  readonly #settings: PoolSettings;
  readonly #events: PoolWorkerEvents;
  readonly #queue: JobQueue;
  readonly #workers: PoolWorker[] = [];
  readonly #modules = new ModuleRegistry();
  /** Function ids the workers report as short (`OP_SHORT`). */
  readonly #short: boolean[] = [];
  #inFlight = 0;
  #crashes = 0;
  #startupFailures = 0;
  #workerCount = 0;
  #pumpQueued = false;
  /** Workers with a message being built by {@link #pump}. */
  readonly #touched: PoolWorker[] = [];
  readonly #pumpBound: () => void;
  readonly #pickWorkerBound: () => PoolWorker;
  #closed = false;
  #closing: Promise<void> | undefined = undefined;
  #onIdle: (() => void) | undefined = undefined;

  constructor(options: WorkerPoolOptions = {}) {
    this.#settings = poolSettings(options);
    this.#scheduler = this.#settings.scheduler;
    this.#queue = new JobQueue(this.#settings.maxQueue);
    this.#events = {
      message: (worker, message) => this.#onMessage(worker, message),
      exit: (worker, code) => this.#onExit(worker, code),
    };
    this.#pumpBound = () => this.#pump();
    this.#pickWorkerBound = () => this.#leastBusyWorker() ?? this.#startWorker();
    for (let i = 0; i < this.#settings.minWorkers; i++) this.#startWorker();
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
  get stats(): WorkerPoolStats {
    return {
      workers: this.#workers.length,
      queued: this.#queue.count,
      inFlight: this.#inFlight,
      crashes: this.#crashes,
    };
  }

  /**
   * Runs `fn` in a worker with `args` and returns its result as a Task.
   *
   * Details: the Task rejects with `UnknownWorkerModuleError`, `UnknownWorkerExportError`,
   * `WorkerModuleLoadError`, `NotCloneableError`, `QueueFullError` or `PoolClosedError` without
   * anything being sent; with `WorkerCrashedError` if the worker dies while running it; with
   * whatever the function threw otherwise. Cancelling the Task drops or stops the work.
   *
   * Gotchas: an invalid `priority` throws `InvalidArgumentError` synchronously.
   */
  run<A extends readonly unknown[], R>(
    fn: WorkerFunction<A, R>,
    args: A,
    options?: WorkerRunOptions,
  ): Task<Awaited<R>> {
    const priority = checkPriority(options?.priority);
    const given = options?.transfer;
    const transfer = Array.isArray(given) ? transferList(given) : (given as readonly Transferable[] | undefined);
    let module = fn.module;
    let failure: unknown;
    if (!this.#modules.has(module)) {
      try {
        module = normalizeModule(module);
      } catch (error) {
        module = String(module);
        failure = error;
      }
    }
    const exportName = fn.exportName;
    const job = new PoolJob(module, exportName, Array.isArray(args) ? args : [], transfer, priorityRank(priority));
    // An ordinary task whose body returns the job (a thenable: the task settles with its outcome);
    // cancelling it drops or stops the job synchronously (the spec's cancel hook costs nothing per
    // task, unlike a signal listener).
    const task = startTask(this.#scheduler, () => job as unknown as PromiseLike<Awaited<R>>, {
      label: options?.label ?? exportName,
      priority,
      lane: 'background',
      session: options?.session,
      onCancel: (error) => this.#cancel(job, error),
    });
    job.task = task;
    failure ??= this.#admit(job, args, transfer);
    if (failure !== undefined) {
      job.settle(false, failure);
      return task;
    }
    const external = options?.signal;
    // (A job posted at once to an idle worker may already have failed: postMessage refused it.)
    if (external !== undefined && job.state !== JOB_DONE) job.onSettled = cancelOnAbort(task, external);
    return task;
  }

  /**
   * Resolves when the queue has room for another task (at once if it has). With the default
   * unlimited queue it always resolves at once.
   *
   * @example
   * ```ts
   * import { WorkerPool, workerFunction } from '@sched/runtime-node';
   *
   * const parse = workerFunction<[string], unknown>(new URL('./parse.mjs', import.meta.url), 'parse');
   * const pool = new WorkerPool({ size: 2, maxQueue: 4 });
   * const files = Array.from({ length: 20 }, (_, i) => `{"n":${i}}`);
   * const results: PromiseLike<unknown>[] = [];
   * for (const file of files) {
   *   await pool.waitForRoom(); // waits while 4 tasks are queued
   *   results.push(pool.run(parse, [file]));
   * }
   * console.log((await Promise.all(results)).length); // 20
   * await pool.close();
   * ```
   */
  waitForRoom(): Promise<void> {
    return this.#queue.whenRoom();
  }

  /** @deprecated Renamed {@link WorkerPool.waitForRoom}: it waits for room in the queue, not for the pool to start. */
  ready(): Promise<void> {
    return this.#queue.whenRoom();
  }

  /**
   * Stops accepting work and shuts the workers down once pending work is finished (or cancelled,
   * see {@link WorkerPoolCloseOptions}). Resolves when every worker has exited. Calling it again
   * returns the same promise.
   */
  close(options: WorkerPoolCloseOptions = {}): Promise<void> {
    const pending = closeMode(options);
    if (!this.#closed) {
      this.#closed = true;
      this.#queue.close();
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
    if (this.#closed) return new PoolClosedError(`cannot run worker task ${job.describe()}: the worker pool is closed`);
    if (!Array.isArray(args)) {
      return new InvalidArgumentError('args', args, 'an array of arguments');
    }
    if (transfer !== undefined && !Array.isArray(transfer)) {
      return new InvalidArgumentError('transfer', transfer, 'an array of transferable objects');
    }
    const problem = findUncloneableArgument(args, transfer ?? NO_TRANSFER);
    if (problem !== undefined) return new NotCloneableError('arguments', job.describe(), problem);
    const queue = this.#queue;
    if (queue.isFull) return new QueueFullError(queue.maxQueue, `worker task ${job.describe()}`);
    const state = this.#modules.lookup(job.module, this.#pickWorkerBound);
    if (state.status === 'probing') {
      state.waiting.push(job);
      queue.hold(job);
      return undefined;
    }
    const fnId = resolveExport(job, state);
    if (typeof fnId !== 'number') return fnId;
    job.fnId = fnId;
    this.#enqueue(job);
    return undefined;
  }

  /**
   * Queues `job`. A worker that is idle gets it at once (the fewest steps for a lone task); else
   * the pump runs in a microtask, so tasks submitted together go out together, in batches.
   */
  #enqueue(job: PoolJob): void {
    this.#queue.push(job);
    if (!this.#pumpQueued && this.#idleWorkerReady()) this.#pump();
    else this.#schedulePump();
  }

  /** True if a worker is idle, or one may be started. */
  #idleWorkerReady(): boolean {
    const workers = this.#workers;
    if (workers.length < this.#settings.size) return this.#startupFailures < MAX_STARTUP_FAILURES;
    for (const worker of workers) if (worker.inFlight === 0 && !worker.retiring) return true;
    return false;
  }

  #schedulePump(): void {
    if (!this.#pumpQueued) {
      this.#pumpQueued = true;
      // A promise reaction, not queueMicrotask: Node wraps each queueMicrotask callback in an
      // AsyncResource, which costs more than the pump it schedules.
      void RESOLVED.then(this.#pumpBound);
    }
  }

  /**
   * Sends queued jobs to workers, one message per worker: level by level (idle workers first,
   * starting new ones up to `size`, then one more job for each busy worker, and so on up to each
   * worker's window), so a deep queue is spread evenly and only what idle workers cannot take is
   * batched behind running jobs.
   */
  #pump(): void {
    this.#pumpQueued = false;
    const queue = this.#queue;
    if (queue.count === 0) return;
    const workers = this.#workers;
    const { size, pipeline } = this.#settings;
    const short = this.#short;
    const touched = this.#touched;
    let depth = Number.POSITIVE_INFINITY;
    let deepest = 0;
    for (const worker of workers) {
      if (worker.retiring) continue;
      if (worker.inFlight < depth) depth = worker.inFlight;
      if (worker.window > deepest) deepest = worker.window;
    }
    if (workers.length < size) depth = 0;
    levels: for (depth++; depth <= deepest || (depth === 1 && workers.length < size); depth++) {
      for (let i = 0; i <= workers.length; i++) {
        if (queue.count === 0) break levels;
        let worker = workers[i];
        if (worker === undefined) {
          if (depth > 1 || workers.length >= size || this.#startupFailures >= MAX_STARTUP_FAILURES) break;
          worker = this.#startWorker();
          if (worker.window > deepest) deepest = worker.window;
        }
        if (worker.retiring || worker.inFlight >= depth || depth > worker.window) continue;
        const job = queue.peek();
        if (job === undefined) break levels;
        if (worker.inFlight > 0 && job.transfer !== undefined && job.transfer.length > 0) continue;
        if (worker.inFlight >= pipeline && (worker.unsure > 0 || short[job.fnId] !== true)) continue;
        queue.take(job);
        if (worker.outbox.length === 1) touched.push(worker);
        this.#assign(job, worker);
      }
    }
    for (const worker of touched) this.#post(worker);
    touched.length = 0;
    if (this.#startupFailures >= MAX_STARTUP_FAILURES && workers.length === 0) this.#failQueued();
    queue.wakeRoomWaiters();
  }

  /** Moves `job` into `worker`'s next message. */
  #assign(job: PoolJob, worker: PoolWorker): void {
    if (worker.inFlight === 0) {
      worker.keepAlive(true);
      worker.lastReport = this.#scheduler.now();
      if (worker.idleTimer !== undefined) {
        worker.idleTimer.cancel();
        worker.idleTimer = undefined;
      }
    }
    const slot = worker.take(job, this.#short[job.fnId] === true);
    job.state = JOB_SENT;
    job.worker = worker;
    job.slot = slot;
    this.#inFlight++;
    const message = worker.outbox;
    if (worker.known[job.fnId] === true) message.push(slot, job.fnId, job.args);
    else {
      worker.known[job.fnId] = true;
      message.push(slot, [job.fnId, job.module, job.exportName], job.args);
    }
    if (job.transfer !== undefined) for (const item of job.transfer) worker.outTransfer.push(item);
  }

  /** Posts `worker`'s next message; if it cannot be cloned, retries job by job so only the culprits fail. */
  #post(worker: PoolWorker): void {
    const message = worker.outbox;
    const transfer = worker.outTransfer;
    worker.outbox = [OP_RUN];
    if (transfer.length > 0) worker.outTransfer = [];
    try {
      if (transfer.length === 0) worker.thread.postMessage(message);
      else worker.thread.postMessage(message, transfer);
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
    job.settle(false, new NotCloneableError('arguments', job.describe(), error));
    if (worker.inFlight === 0) this.#workerIdle(worker);
  }

  #onMessage(worker: PoolWorker, message: unknown[]): void {
    this.#startupFailures = 0;
    if (message[0] === OP_RESULTS) {
      const { pipeline, maxWindow } = this.#settings;
      if (maxWindow > pipeline) {
        const now = this.#scheduler.now();
        worker.jobMs = nextJobMs(worker.jobMs, now - worker.lastReport, (message.length - 1) / RESULT_STRIDE);
        worker.lastReport = now;
        worker.window = windowFor(worker.jobMs, pipeline, maxWindow);
      }
      for (let i = 1; i < message.length; i += RESULT_STRIDE) {
        this.#onResult(worker, message[i] as number, message[i + 1] as number, message[i + 2]);
      }
      if (this.#queue.count > 0) this.#pump();
      if (worker.inFlight === 0) this.#workerIdle(worker);
    } else if (message[0] === OP_SHORT) {
      this.#short[message[1] as number] = message[2] as boolean;
    } else if (message[0] === OP_PROBED) {
      this.#onProbed(worker, message[1] as string, message[2] as boolean, message[3]);
    }
  }

  #onResult(worker: PoolWorker, slot: number, status: number, value: unknown): void {
    const job = worker.release(slot);
    if (job === undefined) return;
    this.#inFlight--;
    if (job.state !== JOB_SENT || job.worker !== worker) return;
    if (status === STATUS_OK) job.settle(true, value);
    else if (status !== STATUS_WITHDRAWN) job.settle(false, decodeFailure(job, status, value));
  }

  #onProbed(worker: PoolWorker, module: string, ok: boolean, data: unknown): void {
    worker.probing.delete(module);
    this.#settleProbe(module, this.#modules.stateFromProbe(ok, data));
    if (worker.inFlight === 0) this.#workerIdle(worker);
  }

  /** A module's exports are known (or it failed to load): queue or reject the jobs that waited for it. */
  #settleProbe(module: string, next: KnownModuleState): void {
    const waiting = this.#modules.settle(module, next);
    if (waiting === undefined) return;
    const queue = this.#queue;
    for (const job of waiting) {
      if (job.state !== JOB_WAITING) continue;
      queue.discard();
      const fnId = resolveExport(job, next);
      if (typeof fnId === 'number') {
        job.fnId = fnId;
        this.#enqueue(job);
      } else {
        job.settle(false, fnId);
      }
    }
    queue.wakeRoomWaiters();
    this.#checkIdle();
  }

  #onExit(worker: PoolWorker, code: number): void {
    const index = this.#workers.indexOf(worker);
    if (index >= 0) this.#workers.splice(index, 1);
    worker.idleTimer?.cancel();
    worker.idleTimer = undefined;
    const fault = worker.fault;
    const crashed = diedOfFault(worker);
    const kind = faultKind(worker);
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
      if (resendAfterExit(Atomics.load(worker.claims, slot), crashed)) orphans.push(job);
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
    if (!this.#closed && this.#workers.length < this.#settings.minWorkers) this.#startWorker();
    if (this.#queue.count > 0) this.#pump();
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
    const waiting = this.#modules.forget(module);
    if (waiting === undefined) return;
    for (const job of waiting) {
      if (job.state !== JOB_WAITING) continue;
      this.#queue.discard();
      job.settle(false, new WorkerCrashedError(job.task, job.module, job.exportName, kind, code, fault));
    }
    this.#queue.wakeRoomWaiters();
  }

  /** Puts jobs a dead worker had not started back at the front of the queue, in order. */
  #requeue(jobs: PoolJob[]): void {
    if (jobs.length === 0) return;
    this.#queue.requeue(jobs);
    this.#schedulePump();
  }

  #cancel(job: PoolJob, reason: unknown): void {
    switch (job.state) {
      case JOB_WAITING:
      case JOB_QUEUED:
        this.#queue.discard();
        job.settle(false, reason);
        this.#queue.wakeRoomWaiters();
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
    const jobs = this.#queue.drainQueued();
    for (const job of this.#modules.waitingJobs()) jobs.push(job);
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
    const { idleTimeoutMs, minWorkers } = this.#settings;
    if (
      !this.#closed &&
      worker.idleTimer === undefined &&
      idleTimeoutMs !== Number.POSITIVE_INFINITY &&
      this.#workers.length > minWorkers
    ) {
      worker.idleTimer = this.#scheduler.dispatchAfter(
        idleTimeoutMs,
        new CallRunnable(POOL_INFO, () => {
          worker.idleTimer = undefined;
          if (worker.inFlight === 0 && worker.probing.size === 0 && this.#workers.length > minWorkers) {
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
    if (this.#onIdle === undefined || this.#queue.count > 0 || this.#inFlight > 0) return;
    for (const worker of this.#workers) if (worker.probing.size > 0) return;
    this.#onIdle();
  }

  #failQueued(): void {
    for (const job of this.#queue.drainQueued()) {
      this.#queue.discard();
      job.settle(false, new WorkerCrashedError(job.task, job.module, job.exportName, 'startup', undefined));
    }
    this.#checkIdle();
  }

  #leastBusyWorker(): PoolWorker | undefined {
    let best: PoolWorker | undefined;
    for (const worker of this.#workers) {
      if (worker.retiring) continue;
      if (best === undefined || worker.inFlight < best.inFlight) best = worker;
    }
    if (best !== undefined && best.inFlight > 0 && this.#workers.length < this.#settings.size) return undefined;
    return best;
  }

  #startWorker(): PoolWorker {
    const setup = this.#settings.worker;
    const worker = new PoolWorker({ ...setup, name: `${setup.name} #${++this.#workerCount}` }, this.#events);
    worker.keepAlive(false);
    this.#workers.push(worker);
    return worker;
  }
}
