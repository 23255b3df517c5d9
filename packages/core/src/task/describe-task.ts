import type { TaskInfo } from './task-info.js';

/** `task #12 "label"`, or `task #12` without a label: how every message names a task. */
export function taskName(task: { readonly id: number; readonly label: string | undefined }): string {
  return task.label === undefined ? `task #${task.id}` : `task #${task.id} "${task.label}"`;
}

/**
 * `task #12 "label" spawned at file:line:col`: a task as reports and errors name it, with where
 * it was spawned (or how to record that when spawn-location capture was off).
 */
export function describeTask(task: TaskInfo): string {
  return `${taskName(task)} spawned at ${task.spawnLocation ?? UNKNOWN_LOCATION}`;
}

const UNKNOWN_LOCATION = 'an unknown location (setSpawnLocationCapture(true) records it)';
