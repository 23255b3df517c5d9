import { SchedError } from '@sched/core';

/**
 * Thrown when a `ForegroundExecutor` is created or used on a scheduler that is not on the main
 * thread (for example a worker thread's scheduler). GPUI's foreground executor is `!Send`; in
 * JavaScript the equivalent mistake is building one inside a worker.
 */
export class OffMainThreadError extends SchedError {
  /** What was attempted, e.g. `ForegroundExecutor.spawn`. */
  readonly operation: string;

  constructor(operation: string) {
    super(
      'ERR_GPUI_OFF_MAIN_THREAD',
      `${operation} needs the main thread, but its scheduler is not on the main thread (a worker?): use a BackgroundExecutor there`,
    );
    this.operation = operation;
  }
}
