export {
  PoolClosedError,
  QueueFullError,
  UnknownWorkerExportError,
  WorkerModuleLoadError,
} from '@sched/core/host';
export { BrowserScheduler, type BrowserSchedulerOptions } from './browser-scheduler.js';
export { type Clock, performanceClock } from './clock.js';
export type { HostTurnsKind } from './dispatch/host-turns.js';
export { type PostTaskPriority, postTaskPriority } from './dispatch/post-task-turns.js';
export { WorkerCrashedError, type WorkerFaultKind } from './errors/worker-crashed-error.js';
export type {
  BrowserWorkerPoolCloseOptions,
  BrowserWorkerPoolOptions,
  BrowserWorkerPoolStats,
  BrowserWorkerRunOptions,
} from './pool/pool-options.js';
export { type WithTransfer, withTransfer } from './pool/with-transfer.js';
export { type WorkerFunction, workerFunction } from './pool/worker-function.js';
export { BrowserWorkerPool } from './pool/worker-pool.js';
export type { BrowserTimerHandle } from './timers/browser-timer-handle.js';
