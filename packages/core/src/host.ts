// @sched/core/host: what a host implementation needs (the application API is the root entry).
export { Completion } from './control/completion.js';
export { attachProbe, forwardControl, probeOf } from './control/control.js';
export type { SchedulerProbe } from './control/probe.js';
export { hostInfo, TIMER_INFO } from './task/host-info.js';
export { startTask } from './task/start-task.js';
export { StartRunnable, schedulerOfTask } from './task/task.js';
export { takeUnobservedFailures } from './task/unobserved.js';
