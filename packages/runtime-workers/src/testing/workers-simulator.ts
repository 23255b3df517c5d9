import type { TaskInfo } from '@sched/core';
import type { Simulator } from '@sched/sim';
import { FloatingTaskError } from '../errors/floating-task-error.js';
import { RequestSession } from '../session/request-session.js';
import type { MessageBatchLike, SessionHandler } from '../session/with-sessions.js';
import type { WorkersContext } from '../session/workers-context.js';

/** Options of {@link WorkersSimulator}. Every field is optional. */
export interface WorkersSimulatorOptions<Env> {
  /** The `env` handed to the handler: bindings, usually stubs wrapped with `simulateIo`. */
  readonly env?: Env | undefined;
}

/** A report made during a simulated invocation (a floating task, a rejected waitUntil promise…). */
export interface WorkersSimulatorReport {
  readonly error: unknown;
  readonly task: TaskInfo;
}

/**
 * Drives a `withSessions` handler object on the simulator, under the Workers cleanup rule.
 *
 * When to use: to test the same handler code that runs in production, across many seeds, with
 * `many()` / `once()` from `@sched/sim`. Hand the handler `env` bindings wrapped with
 * `simulateIo`, so every I/O completes at a point the seed decides.
 *
 * Details: each invocation runs its handler in a simulator task, with a {@link RequestSession}
 * whose scheduler is the simulator and a `ctx` whose `waitUntil` registers with the session.
 * When the handler returns, the session is checked exactly as in production. Then, as on
 * Workers, a floating task is cancelled with the response: the invocation throws its
 * `FloatingTaskError`, which fails the seed (and `many` prints the replay command). Otherwise the
 * simulator runs until every awaited, detached and registered task has finished, and the session
 * is closed with the simulator's `workers` rule. Give the simulator `autoAdvance: true`: its clock
 * then stands still during CPU work and advances only when a timer or a simulated I/O completes,
 * which is how the deployed Workers clock behaves (local workerd cannot show this).
 *
 * @example
 * ```ts
 * import { Simulator, simulateIo } from '@sched/sim';
 * import { WorkersSimulator } from '@sched/runtime-workers/testing';
 *
 * const sim = new Simulator({ seed: 3, autoAdvance: true });
 * const kv = simulateIo(sim, async (key: string) => `value of ${key}`, { latency: [1, 5] });
 * const worker = new WorkersSimulator(sim, {
 *   async fetch(request, env, ctx, session) {
 *     const value = await session.spawn(async () => kv(new URL(request.url).pathname));
 *     return new Response(value);
 *   },
 * });
 * const response = await worker.fetch('https://example.com/a');
 * console.log(await response.text()); // value of /a
 * ```
 */
export class WorkersSimulator<Env = unknown> {
  readonly #sim: Simulator;
  readonly #handler: SessionHandler<Env>;
  readonly #env: Env;
  readonly #reports: WorkersSimulatorReport[] = [];

  constructor(sim: Simulator, handler: SessionHandler<Env>, options: WorkersSimulatorOptions<Env> = {}) {
    this.#sim = sim;
    this.#handler = handler;
    this.#env = options.env as Env;
  }

  /** Every report made so far (floating tasks, rejected waitUntil promises), in order. */
  get reports(): readonly WorkersSimulatorReport[] {
    return this.#reports;
  }

  /**
   * Sends a simulated request through the handler's `fetch` and returns its response once the
   * invocation is over (its waitUntil work finished). Throws the first `FloatingTaskError` if the
   * response left a task floating.
   */
  async fetch(input: Request | string, init?: RequestInit): Promise<Response> {
    const fetchHandler = this.#handler.fetch;
    if (fetchHandler === undefined) throw new TypeError('the handler has no fetch method');
    const request = typeof input === 'string' ? new Request(input, init) : input;
    return this.#invoke(`fetch ${request.method} ${new URL(request.url).pathname}`, (ctx, session) =>
      fetchHandler.call(this.#handler, request, this.#env, ctx, session),
    );
  }

  /** Runs the handler's `scheduled` for a simulated Cron Trigger `cron`. */
  async scheduled(cron: string): Promise<void> {
    const scheduledHandler = this.#handler.scheduled;
    if (scheduledHandler === undefined) throw new TypeError('the handler has no scheduled method');
    await this.#invoke(`scheduled ${cron}`, async (ctx, session) => {
      await scheduledHandler.call(this.#handler, { cron }, this.#env, ctx, session);
    });
  }

  /** Runs the handler's `queue` for a simulated batch (any object with the queue's name). */
  async queue<B extends MessageBatchLike>(batch: B): Promise<void> {
    const queueHandler = this.#handler.queue;
    if (queueHandler === undefined) throw new TypeError('the handler has no queue method');
    await this.#invoke(`queue ${batch.queue}`, async (ctx, session) => {
      await queueHandler.call(this.#handler, batch, this.#env, ctx, session);
    });
  }

  async #invoke<T>(name: string, call: (ctx: WorkersContext, session: RequestSession) => Promise<T> | T): Promise<T> {
    const sim = this.#sim;
    const ctx: WorkersContext = { waitUntil: (promise) => session.waitUntil(promise) };
    const session = new RequestSession(name, ctx, {
      scheduler: sim,
      onError: (error, task) => this.#reports.push({ error, task }),
    });
    const handling = sim.spawn(async () => call(ctx, session), { label: name });
    const result = await sim.runUntil(handling);
    const floating = session.respond();
    if (floating.length > 0) {
      // Workers cancel a floating task with the response: so does the simulation. The tasks
      // respond() just found floating are live, in spawn order.
      for (const task of floating) cancelTask(task);
      throw new FloatingTaskError(floating[0] as TaskInfo, name);
    }
    await sim.endSession(session.session, { rule: 'workers' });
    return result;
  }
}

function cancelTask(task: TaskInfo): void {
  (task as TaskInfo & { cancel(reason?: unknown): boolean }).cancel('response returned');
}
