// The worker pool's pure decisions, checked value by value: how a failed result is turned back
// into an error, which exits are crashes, and which held jobs are sent again. Written against
// the survivors of a mutation run of src/pool/ (docs/mutation.md).
import { NotCloneableError } from '@sched/core';
import { hostInfo, UnknownWorkerExportError, WorkerModuleLoadError } from '@sched/core/host';
import { describe, expect, it } from 'vitest';
import { diedOfFault, resendAfterExit } from '../src/pool/crash-classification.js';
import type { PoolJob } from '../src/pool/pool-job.js';
import type { PoolWorker } from '../src/pool/pool-worker.js';
import {
  CLAIM_DONE,
  CLAIM_QUEUED,
  CLAIM_STARTED,
  CLAIM_WITHDRAWN,
  STATUS_LOAD_FAILED,
  STATUS_NO_EXPORT,
  STATUS_RESULT_NOT_CLONEABLE,
  STATUS_THREW,
} from '../src/pool/protocol.js';
import { decodeFailure, rebuildThrown } from '../src/pool/result-decoding.js';

const task = hostInfo('job');
const job = {
  task,
  module: 'file:///app/tasks.mjs',
  exportName: 'work',
  describe: () => 'work() from tasks.mjs',
} as unknown as PoolJob;

describe('decodeFailure', () => {
  it('rebuilds what the function threw', () => {
    const thrown = new RangeError('bad');
    expect(decodeFailure(job, STATUS_THREW, { error: thrown, props: undefined })).toBe(thrown);
  });

  it('a result that cannot be cloned is a NotCloneableError', () => {
    const error = decodeFailure(job, STATUS_RESULT_NOT_CLONEABLE, 'result.fn');
    expect(error).toBeInstanceOf(NotCloneableError);
  });

  it('a module that failed to load is a WorkerModuleLoadError naming the module, with the cause', () => {
    const cause = new SyntaxError('nope');
    const error = decodeFailure(job, STATUS_LOAD_FAILED, cause) as WorkerModuleLoadError;
    expect(error).toBeInstanceOf(WorkerModuleLoadError);
    expect(error.module).toBe(job.module);
    expect(error.cause).toBe(cause);
  });

  it('a missing export is an UnknownWorkerExportError listing the exports there are', () => {
    const error = decodeFailure(job, STATUS_NO_EXPORT, ['a', 'b']) as UnknownWorkerExportError;
    expect(error).toBeInstanceOf(UnknownWorkerExportError);
    expect(error.exportName).toBe('work');
    expect(error.available).toEqual(['a', 'b']);
  });

  it('an unknown status is a plain Error that says which', () => {
    const error = decodeFailure(job, 99, undefined) as Error;
    expect(error.constructor).toBe(Error);
    expect(error.message).toBe('unknown result status 99 from a pool worker');
  });
});

describe('rebuildThrown', () => {
  it('puts the own properties structured clone lost back on a thrown object', () => {
    const error = new Error('x');
    const rebuilt = rebuildThrown({ error, props: { code: 'E_X', retry: 2 } }) as Error & Record<string, unknown>;
    expect(rebuilt).toBe(error);
    expect(rebuilt.code).toBe('E_X');
    expect(rebuilt.retry).toBe(2);
  });

  it('leaves thrown primitives and null alone, whatever props say', () => {
    expect(rebuildThrown({ error: 'text', props: { code: 1 } })).toBe('text');
    expect(rebuildThrown({ error: null, props: { code: 1 } })).toBeNull();
    expect(rebuildThrown({ error: 7, props: undefined })).toBe(7);
  });

  it('keeps a read-only property as cloned, and still sets the others', () => {
    const error = Object.defineProperty(new Error('x'), 'fixed', { value: 'cloned', writable: false });
    const rebuilt = rebuildThrown({ error, props: { fixed: 'sent', other: 1 } }) as Error & Record<string, unknown>;
    expect(rebuilt.fixed).toBe('cloned');
    expect(rebuilt.other).toBe(1);
  });
});

describe('crash classification', () => {
  const worker = (retiring: boolean, killedFor: unknown): PoolWorker =>
    ({ retiring, killedFor }) as unknown as PoolWorker;

  it('an exit is a fault unless the pool retired the worker; a worker killed to stop a job always is', () => {
    expect(diedOfFault(worker(false, undefined))).toBe(true);
    expect(diedOfFault(worker(true, undefined))).toBe(false);
    expect(diedOfFault(worker(true, {}))).toBe(true);
    expect(diedOfFault(worker(false, {}))).toBe(true);
  });

  it('after a crash only jobs that never started are sent again; after a retirement every job is', () => {
    const table = [CLAIM_QUEUED, CLAIM_STARTED, CLAIM_WITHDRAWN, CLAIM_DONE].map((claim) => [
      resendAfterExit(claim, true),
      resendAfterExit(claim, false),
    ]);
    expect(table).toEqual([
      [true, true],
      [false, true],
      [true, true],
      [false, true],
    ]);
  });
});
