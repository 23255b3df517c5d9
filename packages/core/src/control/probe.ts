import type { TaskInfo } from '../task/task-info.js';

/**
 * The hooks a controlling host (the simulator) gives core primitives. Production hosts have
 * none, and core falls back to native promise resolution.
 */
export interface SchedulerProbe {
  /**
   * A task is awaiting a scheduler-owned awaitable. Returns the task doing so (the awaiter), so
   * its resumption can be dispatched on its own lane; `undefined` if the awaiter is not a task
   * (for example test code), in which case core resolves natively.
   */
  suspend(): TaskInfo | undefined;
  /** A task's body settled (returned, threw, or was found cancelled before it started). */
  finished(task: TaskInfo): void;
  /**
   * Optional: the running code used a sync primitive. `write` publishes something other tasks
   * observe (a mutex release, a channel send); `read` observes the latest one (a lock request, a
   * receive). The simulator turns these into reads-from coverage while exploring.
   */
  access?(resource: object, kind: 'read' | 'write'): void;
  /**
   * Optional: false when this host does not want spawn locations captured while capture is in its
   * default `'auto'` mode (a multi-seed run's passing seeds skip the stack walk; a failing seed is
   * re-run with capture on). Absent or true: `'auto'` captures on this host.
   */
  readonly spawnLocations?: boolean;
}
