import {
  type ErrorReporter,
  reportError,
  type Scheduler,
  Session,
  type SpawnOptions,
  type Task,
  type TaskBody,
  type TaskInfo,
} from '@sched/core';
import { CallRunnable, callReporter, captureLocation, checkDelay, hostInfo } from '@sched/core/host';
import { FloatingTaskError } from '../errors/floating-task-error.js';
import { LateWaitUntilError } from '../errors/late-wait-until-error.js';
import { WaitUntilOverdueError } from '../errors/wait-until-overdue-error.js';
import { workersScheduler } from '../workers-scheduler.js';
import type { SessionOptions } from './session-options.js';
import { settled } from './settled.js';
import type { WorkersContext } from './workers-context.js';

/** Where a request session is: running its handler, draining `waitUntil` work, or over. */
export type RequestPhase = 'handling' | 'draining' | 'ended';

const DEFAULT_OVERDUE_MS = 20_000;

/**
 * The session of one handler invocation (a `fetch` request, a `scheduled` event, a `queue`
 * batch), given to the handler by `withSessions`.
 *
 * When to use: spawn the request's tasks with {@link RequestSession.spawn}. Await what the
 * response needs; `detach()` or {@link RequestSession.waitUntil} what may finish after it.
 *
 * Details: when the handler returns, every task of the session that is still running is looked
 * at. Awaited, detached and registered tasks are kept alive with the request's `ctx.waitUntil`
 * until they (and tasks they spawn) settle. A task nobody awaited, detached or registered is a
 * *floating task*: on Workers it is cancelled with the request and its work is lost. Each one is
 * reported as a `FloatingTaskError` naming its label and spawn location. Work still pending
 * `overdueMs` after the response is reported as a `WaitUntilOverdueError`.
 *
 * Gotchas: spawn locations are recorded only with `setSpawnLocationCapture(true)` from
 * `@sched/core` (a stack walk per spawn); without it reports say `unknown location`.
 */
export class RequestSession {
  /** The core session that tracks the tasks. */
  readonly session: Session;
  /** Scheduler the session's tasks run on. */
  readonly scheduler: Scheduler;
  readonly #ctx: WorkersContext;
  readonly #onError: ErrorReporter;
  readonly #log: boolean;
  readonly #overdueMs: number;
  /** Plain promises handed to `waitUntil`, with the info reports name them by. */
  readonly #promises = new Map<PromiseLike<unknown>, TaskInfo>();
  readonly #settledPromises = new WeakSet<PromiseLike<unknown>>();
  /** Floating tasks reported so far, in the order found (a Set: each is reported once). */
  readonly #floating = new Set<TaskInfo>();
  #phase: RequestPhase = 'handling';

  /**
   * A session named `name` (e.g. `fetch GET /orders`) whose kept-alive work goes to `ctx.waitUntil`.
   * Throws `InvalidArgumentError` for a bad `overdueMs`.
   */
  constructor(name: string, ctx: WorkersContext, options: SessionOptions = {}) {
    this.session = new Session(name);
    this.scheduler = options.scheduler ?? workersScheduler();
    this.#ctx = ctx;
    this.#onError = options.onError ?? reportError;
    this.#log = options.log === true;
    this.#overdueMs = checkDelay(options.overdueMs ?? DEFAULT_OVERDUE_MS, 'overdueMs');
  }

  /** Name of the session, e.g. `fetch GET /orders`. */
  get name(): string {
    return this.session.name ?? `session #${this.session.id}`;
  }

  /** Where the session is: `handling`, `draining` (after the response) or `ended`. */
  get phase(): RequestPhase {
    return this.#phase;
  }

  /** Every floating task reported so far, in the order found. */
  get floatingTasks(): readonly TaskInfo[] {
    return [...this.#floating];
  }

  /** Spawns a task in this session on its scheduler. */
  spawn<T>(body: TaskBody<T>, options?: SpawnOptions): Task<T> {
    return this.session.spawn(this.scheduler, body, options);
  }

  /**
   * Hands `work` (a task or any promise) to the request's `waitUntil`: the invocation stays alive
   * until it settles. A task's failure goes to the error reporter; a plain promise's rejection
   * goes to `onError`. After the drain has ended (`phase` is `ended`) the invocation is over:
   * a {@link LateWaitUntilError} naming the work goes to `onError`, and the work is still passed
   * to `ctx.waitUntil`, best effort.
   */
  waitUntil(work: PromiseLike<unknown>): void {
    let info: TaskInfo | undefined = isTask(work) ? work : this.#promises.get(work);
    if (info === undefined) {
      const promiseInfo: TaskInfo = {
        ...hostInfo('waitUntil promise'),
        spawnLocation: captureLocation(this.scheduler),
      };
      info = promiseInfo;
      this.#promises.set(work, promiseInfo);
      work.then(
        () => this.#settledPromises.add(work),
        (error: unknown) => {
          this.#settledPromises.add(work);
          this.#report(error, promiseInfo);
        },
      );
    }
    this.session.waitUntil(work);
    if (this.#phase !== 'ended') return;
    this.#report(new LateWaitUntilError(info, this.name), info);
    this.#ctx.waitUntil(settled(work));
  }

  /**
   * Called when the response is returned (by `withSessions`, or the simulator helper): reports
   * each floating task and registers every other running task, so all of them are waited for.
   * Returns the floating tasks found.
   */
  respond(): readonly TaskInfo[] {
    if (this.#phase !== 'handling') return [];
    this.#phase = 'draining';
    const found = this.#checkFloating();
    for (const task of this.#liveTasks()) {
      if (task.handling !== 'none' && task.handling !== 'registered') this.session.waitUntil(task);
    }
    return found;
  }

  /**
   * After {@link RequestSession.respond}: settles when every awaited, detached or registered task
   * and every registered promise has settled, including work they start meanwhile. Reports work
   * still pending after `overdueMs`, and tasks spawned after the response that float. This is
   * the promise `withSessions` hands to `ctx.waitUntil`.
   */
  async drain(): Promise<void> {
    let pending = this.#pending();
    const watchdog =
      pending.length === 0
        ? undefined
        : this.scheduler.dispatchAfter(
            this.#overdueMs,
            new CallRunnable(hostInfo('waitUntil watchdog'), () => this.#reportOverdue()),
          );
    for (; pending.length > 0; pending = this.#pending()) {
      await Promise.all(pending.map(settled));
    }
    watchdog?.cancel();
    this.#checkFloating();
    this.#phase = 'ended';
  }

  /** Tasks and promises the invocation must still wait for. */
  #pending(): PromiseLike<unknown>[] {
    const pending: PromiseLike<unknown>[] = [];
    for (const task of this.#liveTasks()) if (task.handling !== 'none') pending.push(task);
    for (const work of this.#promises.keys()) if (!this.#settledPromises.has(work)) pending.push(work);
    return pending;
  }

  #liveTasks(): Task<unknown>[] {
    return this.session.liveTasks() as Task<unknown>[];
  }

  #checkFloating(): TaskInfo[] {
    const found = this.session.danglingTasks().filter((task) => !this.#floating.has(task));
    for (const task of found) {
      this.#floating.add(task);
      this.#report(new FloatingTaskError(task, this.name), task);
    }
    return found;
  }

  #reportOverdue(): void {
    for (const work of this.#pending()) {
      const info = isTask(work) ? work : this.#promises.get(work);
      if (info !== undefined) this.#report(new WaitUntilOverdueError(info, this.#overdueMs), info);
    }
  }

  #report(error: unknown, task: TaskInfo): void {
    if (this.#log) console.warn(`[@sched] ${this.name}:`, error instanceof Error ? error.message : error);
    callReporter(this.#onError, error, task);
  }
}

function isTask(value: unknown): value is Task<unknown> {
  return typeof value === 'object' && value !== null && 'handling' in value && 'spawnLocation' in value;
}
