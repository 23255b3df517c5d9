/**
 * A source of milliseconds for `BrowserScheduler.now()`, timer deadlines and frame budgets.
 *
 * When to use: inject one to share a time base with other code. For virtual time use the
 * simulator (`@sched/sim`): the browser host always waits in real time for its native timer.
 *
 * Gotchas: the clock must be monotonic and advance at the speed of real time.
 */
export interface Clock {
  /** Current time in milliseconds (any origin, fractional allowed). */
  now(): number;
}

/** The default clock: `performance.now()` (monotonic, origin at page load). */
export const performanceClock: Clock = Object.freeze({ now: (): number => performance.now() });
