/**
 * The part of a Workers `ExecutionContext` @sched uses. The runtime's own `ctx` fits it; the
 * simulator helper passes one that registers with the request's session.
 */
export interface WorkersContext {
  /** Keeps the invocation alive until `promise` settles (at most 30 s after the response). */
  waitUntil(promise: Promise<unknown>): void;
}
