import { type Scheduler, type TaskInfo, UnobservedTaskError } from '@sched/core';
import { takeUnobservedFailures } from '@sched/core/host';

/**
 * The end-of-test verdict on task failures nobody observed (see `Simulator.checkUnobserved`):
 * throws an {@link UnobservedTaskError} naming the first one (and listing the others), or, when
 * `fail` is false, appends them to `record`. Each failure is taken once.
 */
export function checkUnobservedFailures(
  simulator: Scheduler,
  fail: boolean,
  record: Array<{ readonly error: unknown; readonly task: TaskInfo }>,
): void {
  const failures = takeUnobservedFailures(simulator);
  // Indexed, not destructured: this runs once per seed, and most seeds have no failure.
  const first = failures[0];
  if (first === undefined) return;
  if (!fail) {
    for (const { task, error } of failures) record.push({ error, task });
    return;
  }
  throw new UnobservedTaskError(first.task, first.error, failures.slice(1));
}
