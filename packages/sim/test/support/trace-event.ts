import type { TraceEvent } from '@sched/sim';

/** A trace event for renderer and error tests: step 1 at time 0, task 1 starting, then `over`. */
export function traceEvent(over: Partial<TraceEvent> = {}): TraceEvent {
  return {
    step: 1,
    time: 0,
    task: 1,
    label: undefined,
    kind: 'start',
    lane: 'background',
    session: undefined,
    choice: undefined,
    jitter: undefined,
    notes: undefined,
    ...over,
  };
}
