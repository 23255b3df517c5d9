import { InvalidArgumentError, type Scheduler, type Session, type TaskPriority } from '@sched/core';
import { checkPositiveInteger } from '@sched/core/host';

/** Options of {@link BrowserWorkerPool}. Every field is optional. */
export interface BrowserWorkerPoolOptions {
  /** Maximum number of workers (default: `navigator.hardwareConcurrency - 1`, at least 1). */
  readonly size?: number | undefined;
  /** Maximum number of queued (not yet running) tasks; more reject with `QueueFullError` (default unlimited). */
  readonly maxQueue?: number | undefined;
  /** The scheduler the returned Tasks live on (default: a new `BrowserScheduler`). */
  readonly scheduler?: Scheduler | undefined;
  /** Prefix of the workers' names, shown in the browser's devtools (default `'@sched worker'`). */
  readonly name?: string | undefined;
}

/** Options of one `BrowserWorkerPool.run` call. */
export interface BrowserWorkerRunOptions {
  /** Objects moved to the worker instead of copied (ArrayBuffers, MessagePorts, …). */
  readonly transfer?: readonly Transferable[] | undefined;
  /** Queue order: `user-blocking` first, then `normal`, then `background`; FIFO among equals. */
  readonly priority?: TaskPriority | undefined;
  /** Task label (default: the export name). */
  readonly label?: string | undefined;
  /** Aborting it cancels the task (drops it if queued, terminates its worker if running). */
  readonly signal?: AbortSignal | undefined;
  /** Session the returned Task belongs to. */
  readonly session?: Session | undefined;
}

/** Options of `BrowserWorkerPool.close`. */
export interface BrowserWorkerPoolCloseOptions {
  /** `'finish'` (default): run queued and running tasks first. `'cancel'`: cancel them. */
  readonly pending?: 'finish' | 'cancel' | undefined;
}

/** Counters of a pool. */
export interface BrowserWorkerPoolStats {
  /** Live workers. */
  readonly workers: number;
  /** Tasks waiting for a worker. */
  readonly queued: number;
  /** Tasks running in a worker. */
  readonly running: number;
  /** Workers that failed (and were replaced) so far. */
  readonly crashes: number;
}

/** @internal */
export interface PoolSettings {
  readonly size: number;
  readonly maxQueue: number;
  readonly name: string;
}

/** Validated settings, with defaults. @internal */
export function poolSettings(options: BrowserWorkerPoolOptions): PoolSettings {
  const cores = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 2;
  const size = options.size ?? Math.max(1, cores - 1);
  checkPositiveInteger('size', size);
  const maxQueue = options.maxQueue ?? Number.POSITIVE_INFINITY;
  if (maxQueue !== Number.POSITIVE_INFINITY) checkPositiveInteger('maxQueue', maxQueue);
  const name = options.name ?? '@sched worker';
  if (typeof name !== 'string') throw new InvalidArgumentError('name', name, 'a string');
  return { size, maxQueue, name };
}
