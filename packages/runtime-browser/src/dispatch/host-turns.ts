import type { TaskPriority } from '@sched/core';

/** Which native primitive gives the scheduler its turns. */
export type HostTurnsKind = 'postTask' | 'MessageChannel';

/**
 * A source of macrotask turns on the page's event loop: `request(priority)` makes the browser call
 * back once, in a task of its own, so input, rendering and other tasks can run in between.
 * @internal
 */
export interface HostTurns {
  readonly kind: HostTurnsKind;
  /** Asks for one turn; `onTurn` is called with the priority it was requested at. */
  request(priority: TaskPriority): void;
}
