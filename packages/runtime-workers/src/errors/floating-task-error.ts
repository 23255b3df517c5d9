import { SchedError, type TaskInfo } from '@sched/core';
import { describeTask } from '@sched/core/host';

/**
 * Reported (never thrown at the caller) for a task that was still running when its request's
 * response was returned, and that nobody awaited, detached or registered with `waitUntil`. On
 * Cloudflare Workers such a task is cancelled with the request: its work is silently lost. The
 * message names the task, its label and where it was spawned.
 */
export class FloatingTaskError extends SchedError {
  /** The floating task. */
  readonly task: TaskInfo;
  /** The session (request) it was spawned in. */
  readonly sessionName: string;

  constructor(task: TaskInfo, sessionName: string) {
    super(
      'ERR_FLOATING_TASK',
      `${describeTask(task)} was still running when the response of ${sessionName} was returned, and nothing awaited it or handed it to waitUntil: on Workers its work is lost. Await it, detach() it or pass it to session.waitUntil().`,
    );
    this.task = task;
    this.sessionName = sessionName;
  }
}
