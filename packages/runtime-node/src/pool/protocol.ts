/**
 * The wire format between a `WorkerPool` and its workers. Messages are flat arrays (cheap to
 * structured-clone); batches of jobs and results share one message.
 *
 * main → worker:
 * - `[OP_RUN, slot, fn, args, slot, fn, args, …]` where `fn` is a function id the worker knows,
 *   or `[id, module, exportName]` the first time this worker sees that function
 * - `[OP_PROBE, module]`: load `module` and report its function exports
 *
 * worker → main:
 * - `[OP_STARTED]` once, when the worker has started
 * - `[OP_RESULTS, slot, status, value, slot, status, value, …]`
 * - `[OP_PROBED, module, ok, exportNamesOrError]`
 * - `[OP_SHORT, fnId, short]` when the worker's view of function `fnId` changes: `true` once a
 *   call finished synchronously in under `SHORT_JOB_MS`, `false` once one took much longer or went
 *   asynchronous (the pool batches short functions' jobs behind others; see `PoolWorker.window`)
 * - `[OP_FAULT, origin]` when an error reaches the worker's top level (`origin` as given to
 *   `uncaughtExceptionMonitor`: `'uncaughtException'` or `'unhandledRejection'`), just before it dies
 *
 * Claims: each worker shares an `Int32Array` with one cell per in-flight slot. Before running a
 * job the worker moves its cell from `CLAIM_QUEUED` to `CLAIM_STARTED` with a compare-and-swap;
 * the pool withdraws a job that has not started by moving the cell from `CLAIM_QUEUED` to
 * `CLAIM_WITHDRAWN`. Exactly one side wins, so a cancelled job either never starts or is known
 * to be running (and its worker is terminated).
 * @internal
 */
export const OP_RUN = 1;
/** @internal */
export const OP_PROBE = 2;
/** @internal */
export const OP_RESULTS = 3;
/** @internal */
export const OP_PROBED = 4;
/** `[OP_STARTED]`: the worker has started and listens for jobs. @internal */
export const OP_STARTED = 5;

/** `[OP_FAULT, origin]`: an error reached the worker's top level; it is about to die. @internal */
export const OP_FAULT = 6;

/** `[OP_SHORT, fnId, short]`: function `fnId` is now known short (or no longer). @internal */
export const OP_SHORT = 7;

/** Fields per job in an `OP_RUN` message. @internal */
export const RUN_STRIDE = 3;

/** How an `OP_RUN` job names a function the worker has not seen yet. @internal */
export type FunctionDefinition = readonly [id: number, module: string, exportName: string];
/** Fields per result in an `OP_RESULTS` message. @internal */
export const RESULT_STRIDE = 3;

/** The function returned (or resolved) `value`. @internal */
export const STATUS_OK = 0;
/** The function threw (or rejected) with `value` (an Error, or an `ErrorFields` record). @internal */
export const STATUS_THREW = 1;
/** The result could not be cloned; `value` is the clone error's message. @internal */
export const STATUS_RESULT_NOT_CLONEABLE = 2;
/** The module failed to load; `value` is the error. @internal */
export const STATUS_LOAD_FAILED = 3;
/** No such exported function; `value` is the list of function exports. @internal */
export const STATUS_NO_EXPORT = 4;
/** The job was withdrawn before it started; `value` is undefined. @internal */
export const STATUS_WITHDRAWN = 5;

/** @internal */
export const CLAIM_QUEUED = 0;
/** @internal */
export const CLAIM_STARTED = 1;
/** @internal */
export const CLAIM_WITHDRAWN = 2;
/** @internal */
export const CLAIM_DONE = 3;

/** What the pool passes as `workerData`. @internal */
export interface WorkerBootData {
  /** Shared claim cells, one per in-flight slot. */
  readonly claims: SharedArrayBuffer;
}

/**
 * A thrown value the worker sends back: the error itself when it can be cloned, plus its own
 * enumerable properties (`code`, …) that structured clone drops. @internal
 */
export interface ThrownRecord {
  readonly error: unknown;
  readonly props: Record<string, unknown> | undefined;
}
