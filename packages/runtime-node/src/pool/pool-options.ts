import { availableParallelism } from 'node:os';
import type { ResourceLimits, SHARE_ENV } from 'node:worker_threads';
import { InvalidArgumentError, type Scheduler, type TaskPriority } from '@sched/core';
import { checkNonNegativeInteger, checkPositiveInteger, type TaskTracker } from '@sched/core/host';
import { threadScheduler } from '../thread-scheduler.js';
import type { PoolWorkerSetup } from './pool-worker.js';
import type { TransferItem } from './with-transfer.js';
import { WORKER_ENTRY } from './worker-entry-url.js';

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
   * with `QueueFullError`; `waitForRoom()` waits for room. Default: unlimited.
   */
  readonly maxQueue?: number | undefined;
  /** An idle worker above `minWorkers` exits after this many ms. Default 5000; `Infinity` never. */
  readonly idleTimeoutMs?: number | undefined;
  /**
   * Tasks a busy worker may hold (one running, the rest waiting in its port). Higher values
   * keep workers busy through message round trips; 1 sends work only to idle workers. Default 4.
   * Tasks with a transfer list are only ever sent to idle workers.
   *
   * When a worker's tasks are measured short, it may hold more (up to 16 × `pipeline`, about
   * half a millisecond of its work), sent and answered in batches, so a deep queue of small
   * tasks pays one message per batch instead of one per task. It falls back to `pipeline` as
   * soon as its tasks take longer. With `pipeline: 1` a worker never holds more than one.
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

/** How many times `pipeline` a worker may hold once its tasks are measured short. @internal */
export const WINDOW_GROWTH = 16;

/** {@link WorkerPoolOptions} checked, with every default filled in. @internal */
export interface PoolSettings {
  readonly scheduler: Scheduler;
  readonly size: number;
  readonly minWorkers: number;
  readonly maxQueue: number;
  readonly idleTimeoutMs: number;
  readonly pipeline: number;
  /** Most tasks a worker may hold once its tasks are measured short. */
  readonly maxWindow: number;
  /** What every worker thread is started with. */
  readonly worker: PoolWorkerSetup;
}

/** Checks `options` and fills in the defaults; throws `InvalidArgumentError` for a bad value. @internal */
export function poolSettings(options: WorkerPoolOptions): PoolSettings {
  const scheduler = options.scheduler ?? threadScheduler();
  const size = checkPositiveInteger('size', options.size ?? availableParallelism());
  const minWorkers = checkNonNegativeInteger('minWorkers', options.minWorkers ?? 0);
  if (minWorkers > size) throw new InvalidArgumentError('minWorkers', minWorkers, `at most size (${size})`);
  const maxQueueOption = options.maxQueue ?? Number.POSITIVE_INFINITY;
  const maxQueue =
    maxQueueOption === Number.POSITIVE_INFINITY ? maxQueueOption : checkNonNegativeInteger('maxQueue', maxQueueOption);
  const idleTimeoutMs = options.idleTimeoutMs ?? 5000;
  if (typeof idleTimeoutMs !== 'number' || Number.isNaN(idleTimeoutMs) || idleTimeoutMs < 0) {
    throw new InvalidArgumentError('idleTimeoutMs', idleTimeoutMs, 'a number of milliseconds >= 0, or Infinity');
  }
  const pipeline = checkPositiveInteger('pipeline', options.pipeline ?? 4);
  const maxWindow = pipeline === 1 ? 1 : pipeline * WINDOW_GROWTH;
  return {
    scheduler,
    size,
    minWorkers,
    maxQueue,
    idleTimeoutMs,
    pipeline,
    maxWindow,
    worker: {
      entry: WORKER_ENTRY,
      slots: maxWindow,
      pipeline,
      name: options.name ?? '@sched/pool',
      resourceLimits: options.resourceLimits,
      execArgv: options.execArgv,
      env: options.env,
    },
  };
}

/** Checks {@link WorkerPoolCloseOptions}; returns what to do with pending work. @internal */
export function closeMode(options: WorkerPoolCloseOptions): 'finish' | 'cancel' {
  const pending = options.pending ?? 'finish';
  if (pending !== 'finish' && pending !== 'cancel') {
    throw new InvalidArgumentError('pending', pending, "'finish' or 'cancel'");
  }
  return pending;
}
