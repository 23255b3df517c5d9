import { spawnedAt } from '../spawn-location.js';
import type { TaskInfo } from './task-info.js';

/** `task #12 "label"`, or `task #12` without a label: how every message names a task. */
export function taskName(task: { readonly id: number; readonly label: string | undefined }): string {
  return task.label === undefined ? `task #${task.id}` : `task #${task.id} "${task.label}"`;
}

/**
 * `task #12 "label" spawned at file:line:col`: a task as reports and errors name it, with where
 * it was spawned (or, when capture may be off, how to record that). Pass `hint: false` in a list
 * whose report gives the hint once (see `SPAWN_LOCATION_HINT`).
 */
export function describeTask(task: TaskInfo, hint = true): string {
  return `${taskName(task)} spawned at ${spawnedAt(task, hint)}`;
}
