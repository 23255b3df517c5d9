/**
 * A source of milliseconds for `NodeScheduler.now()`, timer deadlines and slice budgets.
 *
 * When to use: inject one in tests that need to control what `now()` reports, or to share a
 * time base with other code. For virtual time (timers that fire without waiting) use the
 * simulator (`@sched/sim`) instead: the Node host always waits in real time for its native timer.
 *
 * Gotchas: the clock must be monotonic and advance at the speed of real time; a clock that jumps
 * makes timers fire early or late by the size of the jump.
 */
export interface Clock {
  /** Current time in milliseconds (any origin, fractional allowed). */
  now(): number;
}

/** The default clock: `performance.now()` (monotonic, sub-millisecond, origin at process start). */
export const monotonicClock: Clock = Object.freeze({ now: (): number => performance.now() });
