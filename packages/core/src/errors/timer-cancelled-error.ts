import { SchedError } from './sched-error.js';

/** The rejection of awaiting a timer whose `cancel()` was called. */
export class TimerCancelledError extends SchedError {
  constructor() {
    super('ERR_TIMER_CANCELLED', 'the timer was cancelled');
  }
}
