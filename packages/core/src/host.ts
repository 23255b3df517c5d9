// @sched/core/host: what a host implementation needs (the application API is the root entry).
export { Completion } from './control/completion.js';
export { attachProbe, forwardControl, probeOf } from './control/control.js';
export type { SchedulerProbe } from './control/probe.js';
export { checkDelay } from './delay.js';
export { callReporter } from './error-reporter.js';
export { checkNonNegativeInteger, checkPositiveInteger } from './integer.js';
export { checkPriority, priorityRank } from './priority.js';
export { CallRunnable, dispatchOnLane } from './runnable.js';
export {
  captureLocation,
  firstUserFrame,
  LocationCapture,
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
