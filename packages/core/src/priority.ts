import { InvalidArgumentError } from './errors/invalid-argument-error.js';

/**
 * How urgent a task is. Hosts map these onto their own levels (for example
 * `scheduler.postTask` in browsers: `user-blocking`, `user-visible`, `background`).
 *
 * Ties break FIFO: lower rank runs first, and among equal priorities the Runnable dispatched
 * first runs first.
 */
export type TaskPriority = 'user-blocking' | 'normal' | 'background';

/** Every priority, most urgent first. The index is the rank. */
export const PRIORITIES: readonly TaskPriority[] = Object.freeze(['user-blocking', 'normal', 'background']);

/** Rank of a priority: 0 for `user-blocking`, 1 for `normal`, 2 for `background`. */
export function priorityRank(priority: TaskPriority): 0 | 1 | 2 {
  return priority === 'normal' ? 1 : priority === 'user-blocking' ? 0 : 2;
}

/**
 * Returns `priority` if it is a known priority; throws {@link InvalidArgumentError} otherwise.
 * `undefined` means `'normal'`.
 */
export function checkPriority(priority: unknown): TaskPriority {
  if (priority === undefined) return 'normal';
  if (priority === 'normal' || priority === 'user-blocking' || priority === 'background') return priority;
  throw new InvalidArgumentError('priority', priority, `one of ${PRIORITIES.join(', ')}`);
}
