import type { TaskInfo } from './task-info.js';

/**
 * TaskInfo for Runnables that belong to no task: timer fires and plain dispatches made by a
 * host or by test code. Id 0 is never given to a task.
 */
export function hostInfo(label: string, lane: TaskInfo['lane'] = 'foreground'): TaskInfo {
  return { id: 0, label, priority: 'normal', lane, sessionId: undefined, spawnLocation: undefined };
}

/** Shared info for timer fires. */
export const TIMER_INFO: TaskInfo = Object.freeze(hostInfo('timer'));
