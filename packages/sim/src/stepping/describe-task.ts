import type { TaskInfo } from '@sched/core';
import { spawnedAt } from '@sched/core/host';

/** `task #3 "label" (spawned at file:line:col)`, as escape and cleanup reports name a task. */
export function describeTask(task: TaskInfo): string {
  const label = task.label === undefined ? '' : ` "${task.label}"`;
  return `task #${task.id}${label} (spawned at ${spawnedAt(task)})`;
}
