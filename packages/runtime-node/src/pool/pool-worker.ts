import { type ResourceLimits, type Transferable, Worker } from 'node:worker_threads';
import type { TimerHandle } from '@sched/core';
import type { PoolJob } from './pool-job.js';
import { OP_FAULT, OP_RUN, type WorkerBootData } from './protocol.js';

/** Events a {@link PoolWorker} reports to its pool. @internal */
export interface PoolWorkerEvents {
  message(worker: PoolWorker, message: unknown[]): void;
  exit(worker: PoolWorker, code: number): void;
}

/** Construction options of a {@link PoolWorker}. @internal */
export interface PoolWorkerSetup {
  readonly entry: URL;
  /** Most jobs a worker may ever hold: its slot count. */
  readonly slots: number;
  /** Jobs it may hold until their duration is measured (the `pipeline` option). */
  readonly pipeline: number;
  readonly name: string;
  readonly resourceLimits: ResourceLimits | undefined;
  readonly execArgv: readonly string[] | undefined;
  readonly env: NodeJS.ProcessEnv | typeof import('node:worker_threads').SHARE_ENV | undefined;
}

/**
 * One worker thread of a pool and its in-flight jobs.
 *
 * Details: a worker holds up to `window` jobs at once (one running, the rest waiting in its
 * port, so it never idles for a round trip when the pool is saturated). The window starts at the
 * pool's `pipeline` and follows the measured job duration (see `windowFor`), up to `slots`; it
 * stays at `pipeline` while the worker holds any job whose function is not known short, so a
 * long job has no more work waiting behind it than with a fixed pipeline. Each
 * in-flight job owns a slot: an index into `jobs` and a claim cell in the shared `claims` array.
 * @internal
 */
export class PoolWorker {
  readonly thread: Worker;
  readonly claims: Int32Array;
  /** In-flight jobs by slot. */
  readonly jobs: (PoolJob | undefined)[];
  readonly #free: number[] = [];
  /** Slots holding a job whose function was not known short when it was sent. */
  readonly #unsure: boolean[] = [];
  inFlight = 0;
  /** In-flight jobs whose function was not known short when sent: while any, it holds at most `pipeline`. */
  unsure = 0;
  /** Most jobs to hold now. */
  window: number;
  /** Estimated time (ms) the worker spends per job, from its reports; `NaN` until measured. */
  jobMs: number = Number.NaN;
  /** When it last reported results, or became busy (ms, the pool scheduler's clock). */
  lastReport = 0;
  /** True once the worker sent any message (it started). */
  started = false;
  /** Set when the pool decided to terminate it (cancel, idle, close). */
  retiring = false;
  /** The job whose cancellation terminated it. */
  killedFor: PoolJob | undefined = undefined;
  /** The error the worker died of, from its `error` event. */
  fault: unknown = undefined;
  /** How the last error reached the worker's top level (`OP_FAULT`): `'uncaughtException'` or `'unhandledRejection'`. */
  faultOrigin: string | undefined = undefined;
  /** Modules this worker was asked to load and has not reported on. */
  readonly probing: Set<string> = new Set();
  idleTimer: TimerHandle | undefined = undefined;
  /** The `OP_RUN` message being built for it, and that message's transfer list. */
  outbox: unknown[] = [OP_RUN];
  outTransfer: Transferable[] = [];
  /** Function ids this worker has been told about (see `FunctionDefinition`). */
  readonly known: boolean[] = [];
  #refed = true;

  constructor(setup: PoolWorkerSetup, events: PoolWorkerEvents) {
    const claims = new SharedArrayBuffer(4 * setup.slots);
    this.claims = new Int32Array(claims);
    this.jobs = new Array<PoolJob | undefined>(setup.slots).fill(undefined);
    for (let slot = setup.slots - 1; slot >= 0; slot--) this.#free.push(slot);
    this.window = setup.pipeline;
    const workerData: WorkerBootData = { claims };
    this.thread = new Worker(setup.entry, {
      workerData,
      name: setup.name,
      resourceLimits: setup.resourceLimits,
      execArgv: setup.execArgv as string[] | undefined,
      env: setup.env,
    });
    this.thread.on('message', (message: unknown[]) => {
      this.started = true;
      if (message[0] === OP_FAULT) this.faultOrigin = message[1] as string;
      else events.message(this, message);
    });
    this.thread.on('error', (error: unknown) => {
      this.fault ??= error;
    });
    this.thread.on('exit', (code: number) => events.exit(this, code));
  }

  /** Free slots left. */
  get capacity(): number {
    return this.#free.length;
  }

  /** Takes a free slot for `job` (`short`: its function is known short). The caller checked `capacity`. */
  take(job: PoolJob, short: boolean): number {
    const slot = this.#free.pop() as number;
    this.jobs[slot] = job;
    this.#unsure[slot] = !short;
    if (!short) this.unsure++;
    Atomics.store(this.claims, slot, 0);
    this.inFlight++;
    return slot;
  }

  /** Frees `slot` and returns the job it held. */
  release(slot: number): PoolJob | undefined {
    const job = this.jobs[slot];
    if (job === undefined) return undefined;
    this.jobs[slot] = undefined;
    this.#free.push(slot);
    if (this.#unsure[slot] === true) this.unsure--;
    this.inFlight--;
    return job;
  }

  /** Lets the process exit while this worker is idle (`false`), or keeps it alive (`true`). */
  keepAlive(ref: boolean): void {
    if (this.#refed === ref) return;
    this.#refed = ref;
    if (ref) this.thread.ref();
    else this.thread.unref();
  }
}
