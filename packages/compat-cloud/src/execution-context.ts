/**
 * The part of a Cloudflare Workers `ExecutionContext` the facade needs: `waitUntil` keeps the
 * request alive until the promise settles. Cloudflare's `ExecutionContext` satisfies it, so does
 * `@sched/runtime-workers`' host, and so does {@link SimulatedExecutionContext} in tests.
 */
export interface ExecutionContextLike {
  /** Keeps the request alive until `promise` settles. */
  waitUntil(promise: Promise<unknown>): void;
}
