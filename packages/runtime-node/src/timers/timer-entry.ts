import { NodeTimerHandle } from './node-timer-handle.js';

/**
 * @deprecated Renamed {@link NodeTimerHandle} (`@sched/sim` has its own, unrelated `TimerEntry`).
 * Kept so existing imports keep working.
 */
export const TimerEntry: typeof NodeTimerHandle = NodeTimerHandle;
/** @deprecated Renamed {@link NodeTimerHandle}. */
export type TimerEntry = NodeTimerHandle;
