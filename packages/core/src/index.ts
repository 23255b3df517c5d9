// @sched/core: the application API. What a host implementation needs is in @sched/core/host.
export { yieldNow } from './control/yield-now.js';
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
export { PRIORITIES, type TaskPriority } from './priority.js';
export type { Runnable, RunnableKind } from './runnable.js';
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
export { type SpawnLocationCapture, setSpawnLocationCapture } from './spawn-location.js';
export { Channel } from './sync/channel.js';
export { Mutex, type MutexGuard } from './sync/mutex.js';
export { Task, type TaskHandling, type TaskState } from './task/task.js';
export type { TaskBody, TaskContext } from './task/task-context.js';
export type { Lane, TaskInfo } from './task/task-info.js';
