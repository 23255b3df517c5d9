import type { WorkerFaultKind } from '../errors/worker-crashed-error.js';
import type { PoolWorker } from './pool-worker.js';
import { CLAIM_QUEUED, CLAIM_WITHDRAWN } from './protocol.js';

/**
 * How a worker that exited died: `startup` if it never sent a message, `out-of-memory` if it
 * exceeded its `resourceLimits`, `unhandled-rejection` or `uncaught-exception` if an error
 * reached its top level (told apart by the `OP_FAULT` message its entry script sends), `exit`
 * otherwise (`process.exit`, or terminated). @internal
 */
export function faultKind(worker: PoolWorker): WorkerFaultKind {
  if (!worker.started) return 'startup';
  const fault = worker.fault;
  if ((fault as { code?: unknown } | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY') return 'out-of-memory';
  if (fault === undefined) return 'exit';
  return worker.faultOrigin === 'unhandledRejection' ? 'unhandled-rejection' : 'uncaught-exception';
}

/**
 * True if the exit of `worker` is a crash its running job must answer for: it died on its own,
 * or the pool terminated it to stop a cancelled job. False when the pool retired it (idle, close).
 * @internal
 */
export function diedOfFault(worker: PoolWorker): boolean {
  return !worker.retiring || worker.killedFor !== undefined;
}

/**
 * Whether a job still held by a worker that exited is sent again (`true`) or failed with
 * `WorkerCrashedError` (`false`), from its claim cell.
 *
 * Details: a job that never started (`CLAIM_QUEUED`, or withdrawn) is re-sent, as is every job
 * of a worker the pool retired. A job that started is failed, and so is a job whose function
 * finished (`CLAIM_DONE`) but whose result never arrived (the worker died while sending it, for
 * example because cloning the result killed it, or while the result of this short job was held
 * for a batch and a later job was terminated or ran out of memory): running it again could repeat
 * its effects, and would repeat the crash. @internal
 */
export function resendAfterExit(claim: number, crashed: boolean): boolean {
  return claim === CLAIM_QUEUED || claim === CLAIM_WITHDRAWN || !crashed;
}
