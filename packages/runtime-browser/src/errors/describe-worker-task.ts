import type { TaskInfo } from '@sched/core';
import { taskName } from '@sched/core/host';

/** `task #12 "resize" (resize in https://app.example/jobs.js)`: how pool errors name a worker task. */
export function describeWorkerTask(task: TaskInfo | undefined, module: string, exportName: string): string {
  return `${task === undefined ? 'worker task' : taskName(task)} (${exportName} in ${module})`;
}
