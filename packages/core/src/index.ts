export { Completion } from './control/completion.js';
export { forwardControl } from './control/control.js';
export type { SchedulerProbe } from './control/probe.js';
export { yieldNow } from './control/yield-now.js';
export { checkDelay } from './delay.js';
export { type ErrorReporter, reportError, setErrorReporter } from './error-reporter.js';
export { ChannelClosedError } from './errors/channel-closed-error.js';
export { InvalidArgumentError } from './errors/invalid-argument-error.js';
export { NotCloneableError } from './errors/not-cloneable-error.js';
export { SchedError } from './errors/sched-error.js';
export { SessionCleanupError } from './errors/session-cleanup-error.js';
export { TaskCancelledError } from './errors/task-cancelled-error.js';
export { TimerCancelledError } from './errors/timer-cancelled-error.js';
export { type UnobservedFailure, UnobservedTaskError } from './errors/unobserved-task-error.js';
export { Executor } from './executor.js';
export { checkPriority, PRIORITIES, priorityRank, type TaskPriority } from './priority.js';
export { CallRunnable, type Runnable, type RunnableKind } from './runnable.js';
export type { Scheduler, Timer, TimerHandle } from './scheduler.js';
export { Session } from './session.js';
export {
  type SpawnOptions,
  spawn,
  spawnBackground,
  spawnForeground,
  spawnInSession,
  spawnLabeled,
  spawnWithPriority,
} from './spawn.js';
export {
  captureLocation,
  firstUserFrame,
  LocationCapture,
  lacksCapture,
  SPAWN_LOCATION_HINT,
  type SpawnLocationCapture,
  setSpawnLocationCapture,
  spawnedAt,
} from './spawn-location.js';
export { Channel } from './sync/channel.js';
export { Mutex, type MutexGuard } from './sync/mutex.js';
export { hostInfo, TIMER_INFO } from './task/host-info.js';
export {
  StartRunnable,
  Task,
  type TaskHandling,
  type TaskSpec,
  type TaskState,
  type TaskTracker,
} from './task/task.js';
export type { TaskBody, TaskContext } from './task/task-context.js';
export type { Lane, TaskInfo } from './task/task-info.js';
export { createTimer, ScheduledTimer } from './timer.js';
