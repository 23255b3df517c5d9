import type { TaskPriority } from '@sched/core';
import type { HostTurns } from './host-turns.js';

/** `scheduler.postTask`'s priority names. */
export type PostTaskPriority = 'user-blocking' | 'user-visible' | 'background';

/** The subset of the Prioritized Task Scheduling API this host uses. @internal */
export interface PostTaskScheduler {
  postTask(callback: () => void, options?: { priority?: PostTaskPriority }): Promise<unknown>;
  yield?(): Promise<void>;
}

/** @sched's priorities mapped 1:1 onto `scheduler.postTask`'s. */
export function postTaskPriority(priority: TaskPriority): PostTaskPriority {
  return priority === 'normal' ? 'user-visible' : priority;
}

/** The page's `scheduler` global when it has `postTask` (Chromium, Firefox), else undefined. @internal */
export function nativePostTask(): PostTaskScheduler | undefined {
  const candidate = (globalThis as { scheduler?: Partial<PostTaskScheduler> }).scheduler;
  return typeof candidate?.postTask === 'function' ? (candidate as PostTaskScheduler) : undefined;
}

const ignore = (): void => undefined;

/**
 * Turns from `scheduler.postTask`, at the browser priority that matches the most urgent queued
 * work: the browser's own scheduler then weighs @sched's work against its other tasks.
 * @internal
 */
export class PostTaskTurns implements HostTurns {
  readonly kind = 'postTask';
  readonly #scheduler: PostTaskScheduler;
  readonly #callbacks: Record<TaskPriority, () => void>;

  constructor(scheduler: PostTaskScheduler, onTurn: (priority: TaskPriority) => void) {
    this.#scheduler = scheduler;
    this.#callbacks = {
      'user-blocking': () => onTurn('user-blocking'),
      normal: () => onTurn('normal'),
      background: () => onTurn('background'),
    };
  }

  request(priority: TaskPriority): void {
    // postTask's promise settles with the callback's outcome; the callback never throws.
    this.#scheduler
      .postTask(this.#callbacks[priority], { priority: postTaskPriority(priority) })
      .then(undefined, ignore);
  }
}
