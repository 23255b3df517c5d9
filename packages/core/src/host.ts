// @sched/core/host: what a host implementation needs (the application API is the root entry).
export { Completion } from './control/completion.js';
export { attachProbe, forwardControl, probeOf } from './control/control.js';
export type { SchedulerProbe } from './control/probe.js';
export { checkDelay } from './delay.js';
export { callReporter } from './error-reporter.js';
export { PoolClosedError } from './errors/pool-closed-error.js';
export { QueueFullError } from './errors/queue-full-error.js';
export { UnknownWorkerExportError } from './errors/unknown-worker-export-error.js';
export { WorkerModuleLoadError } from './errors/worker-module-load-error.js';
export { checkNonNegativeInteger, checkPositiveInteger } from './integer.js';
export { LaneQueues, priorityOfSlot, slotOf } from './lanes/lane-queues.js';
export { RingQueue } from './lanes/ring-queue.js';
export { SliceBudget, type SliceClock } from './lanes/slice-budget.js';
export { checkPriority, priorityRank } from './priority.js';
export { CallRunnable, dispatchOnLane } from './runnable.js';
export {
  captureLocation,
  firstUserFrame,
  SPAWN_LOCATION_HINT,
  spawnedAt,
  spawnLocationHint,
} from './spawn-location.js';
export { describeTask, taskName } from './task/describe-task.js';
export { hostInfo, TIMER_INFO } from './task/host-info.js';
export { startTask } from './task/start-task.js';
export type { TaskSpec, TaskTracker } from './task/task.js';
export { StartRunnable, schedulerOfTask } from './task/task.js';
export { takeUnobservedFailures } from './task/unobserved.js';
export { isThenable } from './thenable.js';
export { createTimer, ScheduledTimer } from './timer.js';
export { type HeapItem, MinHeap } from './timers/min-heap.js';
export { cancelOnAbort } from './workers/cancel-on-abort.js';
export { describeWorkerTask } from './workers/describe-worker-task.js';
export { findUncloneable, findUncloneableArgument } from './workers/find-uncloneable.js';
