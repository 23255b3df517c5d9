// The runtime's own errors, message and fields exactly: each kind of worker death, with and
// without a cause, for a named task, an unnamed one and an idle worker (docs/mutation.md).
import type { TaskInfo } from '@sched/core';
import { describe, expect, it } from 'vitest';
import { UnknownWorkerModuleError } from '../src/errors/unknown-worker-module-error.js';
import { WorkerCrashedError, type WorkerFaultKind } from '../src/errors/worker-crashed-error.js';

const task = { id: 7, label: 'parse' } as TaskInfo;
const unlabelled = { id: 8, label: undefined } as unknown as TaskInfo;
const running = 'the worker running task #7 "parse" (parse in file:///jobs.mjs)';

describe('WorkerCrashedError', () => {
  const cases: ReadonlyArray<readonly [WorkerFaultKind, unknown, string]> = [
    ['out-of-memory', new Error('heap'), 'ran out of memory'],
    ['uncaught-exception', new Error('boom'), 'threw an uncaught exception: boom'],
    ['uncaught-exception', 'boom', 'threw an uncaught exception'],
    ['unhandled-rejection', new Error('nope'), 'had an unhandled promise rejection: nope'],
    ['unhandled-rejection', 42, 'had an unhandled promise rejection'],
    ['startup', new Error('no entry'), 'failed to start: no entry'],
    ['startup', undefined, 'failed to start'],
    ['exit', undefined, 'exited with code 3'],
  ];

  it.each(cases)('%s (cause %s): the whole message, code, fields and cause', (kind, cause, how) => {
    const error = new WorkerCrashedError(task, 'file:///jobs.mjs', 'parse', kind, 3, cause);
    expect(error.message).toBe(`${running} ${how}`);
    expect(error.code).toBe('ERR_WORKER_CRASHED');
    expect(error.name).toBe('WorkerCrashedError');
    expect([error.taskId, error.label, error.kind, error.exitCode]).toEqual([7, 'parse', kind, 3]);
    expect('cause' in error).toBe(cause !== undefined);
    expect(error.cause).toBe(cause);
  });

  it('exit with no code says so', () => {
    const error = new WorkerCrashedError(task, 'file:///jobs.mjs', 'parse', 'exit', undefined);
    expect(error.message).toBe(`${running} exited with code undefined`);
    expect(error.exitCode).toBeUndefined();
  });

  it('an idle worker (no task, no module) is named as such; taskId and label are undefined', () => {
    const error = new WorkerCrashedError(undefined, '', '', 'exit', 1);
    expect(error.message).toBe('an idle worker of the pool exited with code 1');
    expect([error.taskId, error.label]).toEqual([undefined, undefined]);
  });

  it('no task but a module: the worker task is named by its module and export', () => {
    expect(new WorkerCrashedError(undefined, 'file:///m.mjs', 'f', 'exit', 1).message).toBe(
      'the worker running worker task (f in file:///m.mjs) exited with code 1',
    );
  });

  it('a task but an empty module is not an idle worker', () => {
    expect(new WorkerCrashedError(unlabelled, '', 'f', 'out-of-memory', undefined).message).toBe(
      'the worker running task #8 (f in ) ran out of memory',
    );
  });
});

describe('UnknownWorkerModuleError', () => {
  it('message, code, name and module', () => {
    const error = new UnknownWorkerModuleError(task, 'jobs.mjs', 'parse', 'relative paths are ambiguous');
    expect(error.message).toBe('cannot run task #7 "parse" (parse in jobs.mjs): relative paths are ambiguous');
    expect(error.code).toBe('ERR_UNKNOWN_WORKER_MODULE');
    expect(error.name).toBe('UnknownWorkerModuleError');
    expect(error.module).toBe('jobs.mjs');
  });

  it('without a task', () => {
    expect(new UnknownWorkerModuleError(undefined, 'x', 'f', 'why').message).toBe(
      'cannot run worker task (f in x): why',
    );
  });
});
