import { CallRunnable, dispatchOnLane } from '../runnable.js';
import type { Scheduler } from '../scheduler.js';
import { hostInfo } from '../task/host-info.js';
import type { TaskInfo } from '../task/task-info.js';
import { Completion } from './completion.js';
import { probeOf } from './control.js';

const YIELD_INFO: TaskInfo = Object.freeze(hostInfo('yield'));

/** One resolved Completion per controlling scheduler (weakly held: no scheduler is kept alive). */
const resolvedFor = new WeakMap<Scheduler, Completion<void>>();

/**
 * Gives every other ready Runnable of the same lane a chance to run before the caller resumes.
 * Inside a task prefer `ctx.yieldNow()`, which keeps the task's own lane and priority.
 *
 * @example
 * ```ts
 * import { spawn, yieldNow } from '@sched/core';
 * import { threadScheduler } from '@sched/runtime-node';
 *
 * const scheduler = threadScheduler();
 * const seen: string[] = [];
 * const handle = (item: number) => seen.push(`item ${item}`);
 * spawn(scheduler, async () => { seen.push('other task'); }).detach();
 *
 * const items = [1, 2, 3];
 * for (const item of items) { handle(item); await yieldNow(scheduler); }
 * console.log(seen.join(', ')); // item 1, other task, item 2, item 3
 * ```
 */
export function yieldNow(scheduler: Scheduler, task: TaskInfo = YIELD_INFO): PromiseLike<void> {
  if (probeOf(scheduler) !== undefined) {
    // The awaiter's resume Runnable is dispatched when it awaits: at the back of its own lane.
    // A resolved Completion holds no per-await state, so one per scheduler serves every yield.
    let resolved = resolvedFor.get(scheduler);
    if (resolved === undefined) {
      resolved = new Completion<void>(scheduler);
      resolved.resolve();
      resolvedFor.set(scheduler, resolved);
    }
    return resolved;
  }
  const completion = new Completion<void>(scheduler);
  dispatchOnLane(scheduler, new CallRunnable(task, () => completion.resolve(), 'call'));
  return completion;
}
