import type { TaskInfo } from '@sched/core';
import { describeTask } from '@sched/core/host';
import { markHandlerEntered } from '../global-scope.js';
import { RequestSession } from './request-session.js';
import type { SessionOptions } from './session-options.js';
import type { WorkersContext } from './workers-context.js';

/**
 * A module worker's handlers, each with a fourth argument: the invocation's {@link RequestSession}.
 * `Ctx` is the runtime's execution context type (`ExecutionContext` from
 * `@cloudflare/workers-types`); @sched only needs its `waitUntil`.
 */
export interface SessionHandler<Env = unknown, Ctx extends WorkersContext = WorkersContext> {
  /** An HTTP request. */
  fetch?(request: Request, env: Env, ctx: Ctx, session: RequestSession): Response | Promise<Response>;
  /** A Cron Trigger. */
  scheduled?(controller: ScheduledControllerLike, env: Env, ctx: Ctx, session: RequestSession): unknown;
  /** A Queue batch. */
  queue?(batch: MessageBatchLike, env: Env, ctx: Ctx, session: RequestSession): unknown;
}

/** The fields of a Workers `ScheduledController` that session names use. */
export interface ScheduledControllerLike {
  /** The Cron Trigger's schedule, e.g. `0 * * * *`. */
  readonly cron: string;
}

/** The fields of a Workers `MessageBatch` that session names use. */
export interface MessageBatchLike {
  /** Name of the queue the batch came from. */
  readonly queue: string;
}

/** What {@link withSessions} returns: plain module-worker handlers, ready to `export default`. */
export interface SessionWrappedHandler<Env = unknown, Ctx extends WorkersContext = WorkersContext> {
  /** The wrapped `fetch`: runs the handler's with a new session, then checks it. */
  fetch?(request: Request, env: Env, ctx: Ctx): Promise<Response>;
  /** The wrapped `scheduled`: runs the handler's with a new session, then checks it. */
  scheduled?(controller: ScheduledControllerLike, env: Env, ctx: Ctx): Promise<void>;
  /** The wrapped `queue`: runs the handler's with a new session, then checks it. */
  queue?(batch: MessageBatchLike, env: Env, ctx: Ctx): Promise<void>;
}

/**
 * Wraps a module worker's handlers (`fetch`, `scheduled`, `queue`) so each invocation gets its own
 * {@link RequestSession}, passed as the handler's fourth argument.
 *
 * When to use: as the `export default` of a Worker that spawns @sched tasks.
 *
 * Details: when the handler returns (or throws), the session is checked. Tasks that are awaited,
 * detached or registered with `session.waitUntil` are handed to `ctx.waitUntil`, as one promise
 * that settles when all of them (and what they spawn) have. A task that is none of these is a
 * *floating task*, the bug that silently loses work on Workers: it is reported to `onError`
 * (default: core's error reporter) with its label and spawn location, and, in development, in the
 * `floatingHeader` response header and a `console.warn` line (`log: true`).
 *
 * @example
 * ```ts
 * import { setSpawnLocationCapture } from '@sched/core';
 * import { withSessions } from '@sched/runtime-workers';
 *
 * setSpawnLocationCapture(true); // name spawn sites in reports (a stack walk per spawn)
 * const log: string[] = [];
 * const saveAudit = async (line: string): Promise<void> => { log.push(line); };
 *
 * const worker = withSessions({
 *   async fetch(request, _env, _ctx, session) {
 *     const audit = session.spawn(() => saveAudit(`GET ${new URL(request.url).pathname}`), { label: 'audit' });
 *     session.waitUntil(audit); // may finish after the response
 *     const page = await session.spawn(async ({ sleep }) => { await sleep(1); return 'hello'; });
 *     return new Response(page);
 *   },
 * }, { floatingHeader: 'x-sched-floating' });
 * export default worker;
 *
 * // What the runtime does with each request: call fetch, then keep ctx.waitUntil work alive.
 * const kept: Promise<unknown>[] = [];
 * const response = await worker.fetch?.(new Request('https://example.com/home'), {}, { waitUntil: (p) => void kept.push(p) });
 * await Promise.all(kept);
 * console.log(await response?.text(), log); // hello [ 'GET /home' ]
 * ```
 */
export function withSessions<Env = unknown, Ctx extends WorkersContext = WorkersContext>(
  handler: SessionHandler<Env, Ctx>,
  options: SessionOptions = {},
): SessionWrappedHandler<Env, Ctx> {
  const wrapped: SessionWrappedHandler<Env, Ctx> = {};
  const { fetch, scheduled, queue } = handler;
  if (fetch !== undefined) {
    wrapped.fetch = async (request, env, ctx) => {
      const session = start(`fetch ${request.method} ${pathOf(request.url)}`, ctx, options);
      let floating: readonly TaskInfo[] = [];
      let response: Response;
      try {
        response = await fetch.call(handler, request, env, ctx, session);
      } finally {
        floating = finish(session, ctx);
      }
      return options.floatingHeader === undefined || floating.length === 0
        ? response
        : withHeader(response, options.floatingHeader, floating);
    };
  }
  if (scheduled !== undefined) {
    wrapped.scheduled = async (controller, env, ctx) => {
      const session = start(`scheduled ${controller.cron}`, ctx, options);
      try {
        await scheduled.call(handler, controller, env, ctx, session);
      } finally {
        finish(session, ctx);
      }
    };
  }
  if (queue !== undefined) {
    wrapped.queue = async (batch, env, ctx) => {
      const session = start(`queue ${batch.queue}`, ctx, options);
      try {
        await queue.call(handler, batch, env, ctx, session);
      } finally {
        finish(session, ctx);
      }
    };
  }
  return wrapped;
}

function start(name: string, ctx: WorkersContext, options: SessionOptions): RequestSession {
  markHandlerEntered();
  return new RequestSession(name, ctx, options);
}

function finish(session: RequestSession, ctx: WorkersContext): readonly TaskInfo[] {
  const floating = session.respond();
  ctx.waitUntil(session.drain());
  return floating;
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

/** A copy of `response` with `header` listing the floating tasks (one line, `; `-separated). */
function withHeader(response: Response, header: string, floating: readonly TaskInfo[]): Response {
  const copy = new Response(response.body, response);
  const list = floating.map((task) => describeTask(task, false)).join('; ');
  copy.headers.set(header, `${floating.length} floating: ${list}`.replace(/[\r\n]+/g, ' '));
  return copy;
}
