import type { TaskInfo } from '@sched/core';
import { firstUserFrame } from '@sched/core/host';

let lastId = 0;

/**
 * The identity under which a simulated I/O function's completions appear in traces: a
 * background-lane TaskInfo with its own label and a negative id (it is not a task, and negative
 * ids never collide with tasks', which start at 1, or with host work, which is 0). Each
 * wrapper gets one, so a timeline shows its completions in one column.
 */
export function ioInfo(label: string): TaskInfo {
  return Object.freeze({
    id: --lastId,
    label,
    priority: 'normal',
    lane: 'background',
    sessionId: undefined,
    spawnLocation: firstUserFrame(new Error().stack),
  });
}
