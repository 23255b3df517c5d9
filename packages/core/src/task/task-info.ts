import type { TaskPriority } from '../priority.js';

/**
 * Where a task's Runnables are dispatched: `foreground` is the main thread (FIFO per session in
 * the simulator), `background` may run in any order relative to other work.
 */
export type Lane = 'foreground' | 'background';

/** Read-only description of a task, shared by every Runnable of that task. */
export interface TaskInfo {
  /** Unique, increasing id (per process). */
  readonly id: number;
  /** Optional human label, for traces and test control. */
  readonly label: string | undefined;
  /** Priority used when its Runnables are dispatched. */
  readonly priority: TaskPriority;
  /** Lane its Runnables are dispatched to. */
  readonly lane: Lane;
  /** Id of the session the task was spawned in, if any. */
  readonly sessionId: number | undefined;
  /** `file:line:column` of the code that spawned it, when capture is on. */
  readonly spawnLocation: string | undefined;
}
