import type { UnobservedFailure } from '../errors/unobserved-task-error.js';
import type { Scheduler } from '../scheduler.js';
import type { Task } from './task.js';

/**
 * Tasks that failed with nobody observing them, per controlling host (a scheduler with a
 * `probe`). Only such hosts record them: they take the verdict later (at the end of a test
 * body), when a test had every chance to observe the failure. Production hosts hold nothing.
 */
const failedByHost = new WeakMap<Scheduler, Set<Task<unknown>>>();

/** @internal Called by a task that failed unobserved under a host with a probe. */
export function recordUnobservedFailure(scheduler: Scheduler, task: Task<unknown>): void {
  let failed = failedByHost.get(scheduler);
  if (failed === undefined) failedByHost.set(scheduler, (failed = new Set()));
  failed.add(task);
}

/**
 * For hosts with a probe (the simulator): the tasks of `scheduler` that failed and whose error
 * nobody has observed since (not awaited, `then`-ed, detached or registered with `waitUntil`),
 * in the order they failed. Taking them forgets them, so each is reported once. Production
 * hosts never record any, so this returns an empty list for them.
 */
export function takeUnobservedFailures(scheduler: Scheduler): UnobservedFailure[] {
  const failed = failedByHost.get(scheduler);
  if (failed === undefined) return [];
  failedByHost.delete(scheduler);
  const failures: UnobservedFailure[] = [];
  for (const task of failed) if (task.handling === 'none') failures.push({ task, error: task.failure });
  return failures;
}
