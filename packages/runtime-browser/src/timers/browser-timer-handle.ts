import type { TimerHandle } from '@sched/core';

/** The handle of a delayed dispatch on the browser host. There is no process to keep alive. */
export interface BrowserTimerHandle extends TimerHandle {
  /** Clock reading at which the dispatch fires. */
  readonly deadline: number;
}
