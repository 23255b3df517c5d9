import { SchedError } from './errors/sched-error.js';
import { SessionCleanupError } from './errors/session-cleanup-error.js';
import type { Scheduler } from './scheduler.js';
import { type SpawnOptions, spawn } from './spawn.js';
import type { Task } from './task/task.js';
import type { TaskBody } from './task/task-context.js';
import type { TaskInfo } from './task/task-info.js';

let nextSessionId = 1;

/**
 * A group of tasks with a cleanup rule: when the session ends, every task spawned in it must
 * be finished, awaited, detached on purpose, cancelled, or registered with `waitUntil`.
 * Otherwise {@link Session.validateCleanup} throws a {@link SessionCleanupError} naming each
 * dangling task and where it was spawned.
 *
 * This is the rule a Cloudflare Worker lives by: work not handed to `waitUntil` dies with the
 * response. The simulator checks it deterministically.
 *
 * @example
 * ```ts
 * import { Session } from '@sched/core';
 * import { threadScheduler } from '@sched/runtime-node';
 *
 * const scheduler = threadScheduler();
 * const saveAudit = async (): Promise<string> => 'saved';
 *
 * const session = new Session('request 1');
 * const write = session.spawn(scheduler, async () => saveAudit());
 * session.waitUntil(write);
 * session.validateCleanup(); // passes: the write is registered
 * console.log(await write); // saved
 * ```
 */
export class Session {
  /** Unique id. */
  readonly id: number;
  /** Optional name for reports. */
  readonly name: string | undefined;
  readonly #live = new Set<Task<unknown>>();
  /** Tasks that failed while nobody was awaiting them; reported unless observed before cleanup. */
  readonly #failed = new Set<Task<unknown>>();
  readonly #waitUntil: PromiseLike<unknown>[] = [];
  #closed = false;

  constructor(name?: string) {
    this.id = nextSessionId++;
    this.name = name;
  }

  /** True after `close()`. */
  get isClosed(): boolean {
    return this.#closed;
  }

  /** Spawns a task in this session. */
  spawn<T>(scheduler: Scheduler, body: TaskBody<T>, options?: SpawnOptions): Task<T> {
    if (this.#closed) throw new SchedError('ERR_SESSION_CLOSED', `session #${this.id} is closed`);
    return spawn(scheduler, body, { ...options, session: this });
  }

  /** Called by core when a task is spawned in this session (`TaskTracker`); not for application code. */
  track(task: Task<unknown>): void {
    if (this.#closed) throw new SchedError('ERR_SESSION_CLOSED', `session #${this.id} is closed`);
    this.#live.add(task);
  }

  /** Called by core when a tracked task finishes or is cancelled (`TaskTracker`); not for application code. */
  untrack(task: Task<unknown>): void {
    this.#live.delete(task);
    if (task.state === 'failed' && task.handling === 'none') this.#failed.add(task);
  }

  /**
   * Registers work that must be allowed to finish after the session's main work ends, like
   * `ctx.waitUntil` in Workers. A registered task is not dangling.
   */
  waitUntil(work: PromiseLike<unknown>): void {
    // Registering is a deliberate decision about the outcome; it does not count as an await.
    if (isTask(work)) work.markRegistered();
    this.#waitUntil.push(work);
  }

  /** Work registered with `waitUntil`, in registration order. */
  registered(): readonly PromiseLike<unknown>[] {
    return this.#waitUntil;
  }

  /** Live tasks nobody will observe: not finished, awaited, detached, cancelled or registered. */
  danglingTasks(): TaskInfo[] {
    const dangling: TaskInfo[] = [];
    for (const task of this.#live) if (task.handling === 'none') dangling.push(task);
    return dangling;
  }

  /**
   * Tasks that failed and whose error nobody has observed yet: not awaited, not detached (a
   * detached task's error goes to the error reporter), not registered. Awaiting one later
   * removes it from this list.
   */
  unobservedFailures(): Array<{ readonly task: TaskInfo; readonly error: unknown }> {
    const failures: Array<{ task: TaskInfo; error: unknown }> = [];
    for (const task of this.#failed) if (task.handling === 'none') failures.push({ task, error: task.failure });
    return failures;
  }

  /** Tasks of this session that have not finished yet (whatever their handling). */
  liveTasks(): TaskInfo[] {
    return [...this.#live];
  }

  /**
   * Unfinished tasks not registered with `waitUntil`, whatever their other handling, in spawn
   * order: the dangling tasks by the Workers rule, since a Worker cancels whatever was not handed
   * to `waitUntil` when the response is returned, even work that is awaited or detached.
   */
  unregisteredTasks(): TaskInfo[] {
    const registered = new Set<unknown>(this.#waitUntil);
    const unregistered: TaskInfo[] = [];
    for (const task of this.#live) if (!registered.has(task)) unregistered.push(task);
    return unregistered;
  }

  /**
   * Throws {@link SessionCleanupError} if any task is dangling, or failed with an error that
   * nobody observed (so no error of the session is lost silently).
   */
  validateCleanup(): void {
    const dangling = this.danglingTasks();
    const failures = this.unobservedFailures();
    if (dangling.length > 0 || failures.length > 0) {
      throw new SessionCleanupError(this.id, this.name, dangling, failures);
    }
  }

  /**
   * Validates cleanup, then closes the session so nothing more can be spawned in it. With
   * `{ cancelDangling: true }` dangling tasks are cancelled instead of reported.
   */
  close(options?: { readonly cancelDangling?: boolean }): void {
    if (options?.cancelDangling === true) {
      for (const task of [...this.#live]) if (task.handling === 'none') task.cancel('session closed');
    }
    this.validateCleanup();
    this.#closed = true;
  }
}

function isTask(value: unknown): value is Task<unknown> {
  return typeof value === 'object' && value !== null && 'markRegistered' in value;
}
