import { SchedError } from '@sched/core';

/**
 * Thrown when `block` or `blockWithTimeout` is called while a simulated run is in progress
 * (from inside a task). JavaScript cannot block a thread: a task awaits instead, and only test
 * code outside the run may drive the simulator until the work is done.
 */
export class BlockInRunError extends SchedError {
  constructor(method: string) {
    super(
      'ERR_GPUI_BLOCK_IN_RUN',
      `${method}() was called while the simulator is running (from inside a task): await the work there instead`,
    );
  }
}
