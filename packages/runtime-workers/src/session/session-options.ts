import type { ErrorReporter, Scheduler } from '@sched/core';

/** Options of `withSessions` and of each {@link RequestSession}. Every field is optional. */
export interface SessionOptions {
  /** Scheduler the sessions spawn on (default: the isolate's shared `workersScheduler()`). */
  readonly scheduler?: Scheduler | undefined;
  /**
   * Receives each `FloatingTaskError` and `WaitUntilOverdueError`, and the rejection of a plain
   * promise handed to `session.waitUntil`. Default: core's installed error reporter.
   */
  readonly onError?: ErrorReporter | undefined;
  /**
   * Development aid: name of a response header that lists the floating tasks of a `fetch`
   * (e.g. `'x-sched-floating'`). Off by default; never expose it in production.
   */
  readonly floatingHeader?: string | undefined;
  /** Development aid: also print each report with `console.warn` (default false). */
  readonly log?: boolean | undefined;
  /**
   * Milliseconds after the response at which `waitUntil` work that has not settled is reported
   * (default 20,000: well before Cloudflare's 30 s limit).
   */
  readonly overdueMs?: number | undefined;
}
