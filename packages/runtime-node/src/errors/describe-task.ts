import type { TaskInfo } from '@sched/core';

/** `task #12 "resize" (resize in file:///app/jobs.mjs)`: how pool errors name a worker task. */
export function describeWorkerTask(task: TaskInfo | undefined, module: string, exportName: string): string {
  const id = task === undefined ? 'worker task' : `task #${task.id}`;
  const label = task?.label === undefined ? '' : ` "${task.label}"`;
  return `${id}${label} (${exportName} in ${module})`;
}
