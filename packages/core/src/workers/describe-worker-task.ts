import { taskName } from '../task/describe-task.js';
import type { TaskInfo } from '../task/task-info.js';

/** `task #12 "resize" (resize in file:///app/jobs.mjs)`: how worker-pool errors name a worker task. */
export function describeWorkerTask(task: TaskInfo | undefined, module: string, exportName: string): string {
  return `${task === undefined ? 'worker task' : taskName(task)} (${exportName} in ${module})`;
}
