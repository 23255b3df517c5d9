import { describeTask } from './task/describe-task.js';
import type { TaskInfo } from './task/task-info.js';

/**
 * Receives errors that no awaiter will see: failures of detached tasks (and of tasks registered
 * with `waitUntil`), errors thrown by a task body after it was cancelled (other than the
 * cancellation itself), and, on production hosts, an `UnobservedTaskError` for a task that
 * failed with nobody observing it.
 */
export type ErrorReporter = (error: unknown, task: TaskInfo) => void;

const defaultReporter: ErrorReporter = (error, task) => {
  console.error(`[@sched] unobserved error in ${describeTask(task)}:`, error);
};

let reporter: ErrorReporter = defaultReporter;

/**
 * Installs the hook that receives unobserved task errors and returns the previous one.
 * The default prints to `console.error`; nothing is ever swallowed silently.
 *
 * A task that fails while nobody awaits, detaches or registers it is handled apart. With the
 * default reporter it becomes an unhandled rejection of an `UnobservedTaskError` (so Node prints
 * it and exits with code 1), unless the task is observed before the microtask queue drains.
 * With your own reporter installed, no unhandled rejection is raised: your reporter receives the
 * `UnobservedTaskError` instead, from a Runnable dispatched on the task's scheduler when it
 * failed, unless the task was observed before that Runnable ran.
 *
 * @example
 * ```ts
 * import { setErrorReporter, spawn } from '@sched/core';
 * import { threadScheduler } from '@sched/runtime-node';
 *
 * const errors: unknown[] = [];
 * const previous = setErrorReporter((e) => errors.push(e));
 * spawn(threadScheduler(), async () => { throw new Error('disk full'); }).detach(); // its failure goes to the reporter
 * await new Promise((resolve) => setTimeout(resolve, 10));
 * console.log(errors.map(String)); // [ 'Error: disk full' ]
 * setErrorReporter(previous);
 * ```
 */
export function setErrorReporter(next: ErrorReporter): ErrorReporter {
  const previous = reporter;
  reporter = next;
  return previous;
}

/** @internal True while the default reporter is installed (no `setErrorReporter` in effect). */
export function isDefaultReporter(): boolean {
  return reporter === defaultReporter;
}

/** Sends an error to the installed reporter. A reporter that throws is not allowed to break the host. */
export function reportError(error: unknown, task: TaskInfo): void {
  reportErrorTo(reporter, error, task);
}

/**
 * @internal Sends an error to `target` (a task's own reporter, or the installed one when
 * undefined), with the same guard as {@link reportError}: a throwing reporter's failure is
 * rethrown in a microtask instead of breaking the caller.
 */
export function reportErrorTo(target: ErrorReporter | undefined, error: unknown, task: TaskInfo): void {
  callReporter(target ?? reporter, error, task);
}

/**
 * Calls `report` (any error reporter, such as a host's `onError` option) with the guard every
 * report goes through: if the reporter itself throws, that failure is rethrown in a microtask
 * (so it surfaces as an uncaught error) instead of breaking the caller.
 */
export function callReporter(report: ErrorReporter, error: unknown, task: TaskInfo): void {
  try {
    report(error, task);
  } catch (reporterFailure) {
    queueMicrotask(() => {
      throw reporterFailure;
    });
  }
}
