export {
  PoolClosedError,
  QueueFullError,
  UnknownWorkerExportError,
  WorkerModuleLoadError,
} from '@sched/core/host';
export { type Clock, monotonicClock } from './clock.js';
export { UnknownWorkerModuleError } from './errors/unknown-worker-module-error.js';
export { WorkerCrashedError, type WorkerFaultKind } from './errors/worker-crashed-error.js';
export { NodeScheduler, type NodeSchedulerOptions } from './node-scheduler.js';
export type {
  WorkerPoolCloseOptions,
  WorkerPoolOptions,
  WorkerPoolStats,
  WorkerRunOptions,
} from './pool/pool-options.js';
export { type TransferItem, type WithTransfer, withTransfer } from './pool/with-transfer.js';
export {
  type WorkerFunction,
  type WorkerTaskRef,
  workerFunction,
  workerTask,
} from './pool/worker-function.js';
export { WorkerPool } from './pool/worker-pool.js';
export { threadScheduler } from './thread-scheduler.js';
export type { NodeTimer } from './timers/node-timer.js';
export type { NodeTimerHandle } from './timers/node-timer-handle.js';
