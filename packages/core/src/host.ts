// @sched/core/host: what a host implementation needs (the application API is the root entry).
export { Completion } from './control/completion.js';
export { attachProbe, forwardControl, probeOf } from './control/control.js';
export type { SchedulerProbe } from './control/probe.js';
export { checkDelay } from './delay.js';
export { checkPriority, priorityRank } from './priority.js';
export { CallRunnable } from './runnable.js';
export {
  captureLocation,
  firstUserFrame,
  LocationCapture,
  lacksCapture,
  SPAWN_LOCATION_HINT,
  spawnedAt,
} from './spawn-location.js';
export { hostInfo, TIMER_INFO } from './task/host-info.js';
export type { TaskSpec, TaskTracker } from './task/task.js';
export { StartRunnable, schedulerOfTask } from './task/task.js';
export { takeUnobservedFailures } from './task/unobserved.js';
export { createTimer, ScheduledTimer } from './timer.js';
