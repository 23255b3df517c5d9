import { NotCloneableError } from '@sched/core';
import { UnknownWorkerExportError, WorkerModuleLoadError } from '@sched/core/host';
import type { PoolJob } from './pool-job.js';
import {
  STATUS_LOAD_FAILED,
  STATUS_NO_EXPORT,
  STATUS_RESULT_NOT_CLONEABLE,
  STATUS_THREW,
  type ThrownRecord,
} from './protocol.js';

/**
 * The error that rejects `job` for a failed result from its worker (any status but `STATUS_OK`
 * and `STATUS_WITHDRAWN`). @internal
 */
export function decodeFailure(job: PoolJob, status: number, value: unknown): unknown {
  switch (status) {
    case STATUS_THREW:
      return rebuildThrown(value as ThrownRecord);
    case STATUS_RESULT_NOT_CLONEABLE:
      return new NotCloneableError('result', job.describe(), value);
    case STATUS_LOAD_FAILED:
      return new WorkerModuleLoadError(job.task, job.module, job.exportName, value);
    case STATUS_NO_EXPORT:
      return new UnknownWorkerExportError(job.task, job.module, job.exportName, value as string[]);
    default:
      return new Error(`unknown result status ${status} from a pool worker`);
  }
}

/** Turns what a worker reported as thrown back into the thrown value. @internal */
export function rebuildThrown(record: ThrownRecord): unknown {
  const error = record.error;
  if (record.props !== undefined && typeof error === 'object' && error !== null) {
    for (const key of Object.keys(record.props)) {
      try {
        (error as Record<string, unknown>)[key] = record.props[key];
      } catch {
        // A read-only property: keep what structured clone restored.
      }
    }
  }
  return error;
}
