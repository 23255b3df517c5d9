// @sched/runtime-workers: the Cloudflare Workers host. The simulator helper is in ./testing.
export { FloatingTaskError } from './errors/floating-task-error.js';
export { GlobalScopeError } from './errors/global-scope-error.js';
export { LateWaitUntilError } from './errors/late-wait-until-error.js';
export { WaitUntilOverdueError } from './errors/wait-until-overdue-error.js';
export { type RequestPhase, RequestSession } from './session/request-session.js';
export type { SessionOptions } from './session/session-options.js';
export {
  type MessageBatchLike,
  type ScheduledControllerLike,
  type SessionHandler,
  type SessionWrappedHandler,
  withSessions,
} from './session/with-sessions.js';
export type { WorkersContext } from './session/workers-context.js';
export { WorkersScheduler, type WorkersSchedulerOptions, workersScheduler } from './workers-scheduler.js';
