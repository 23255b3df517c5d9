import {
  UnknownWorkerExportError as CoreExportError,
  WorkerModuleLoadError as CoreLoadError,
  PoolClosedError as CorePoolClosedError,
  QueueFullError as CoreQueueFullError,
} from '@sched/core/host';
import { describe, expect, test } from 'vitest';
import { PoolClosedError, QueueFullError, UnknownWorkerExportError, WorkerModuleLoadError } from '../src/index.js';

describe('worker errors', () => {
  test('are the @sched/core/host classes (the same ones @sched/runtime-node exports)', () => {
    expect(UnknownWorkerExportError).toBe(CoreExportError);
    expect(WorkerModuleLoadError).toBe(CoreLoadError);
    const error = new CoreExportError(undefined, 'https://a.example/m.js', 'f', []);
    expect(error).toBeInstanceOf(UnknownWorkerExportError);
  });

  test('the pool errors are the @sched/core/host classes too', () => {
    expect([QueueFullError, PoolClosedError]).toEqual([CoreQueueFullError, CorePoolClosedError]);
    const full = new CoreQueueFullError(3, 'worker task #1');
    expect(full).toBeInstanceOf(QueueFullError);
    expect(full.code).toBe('ERR_QUEUE_FULL');
    expect(full.maxQueue).toBe(3);
    expect(full.message).toBe('cannot queue worker task #1: the worker pool queue is full (maxQueue 3)');
    const closed = new CorePoolClosedError();
    expect(closed).toBeInstanceOf(PoolClosedError);
    expect(closed.code).toBe('ERR_POOL_CLOSED');
    expect(closed.message).toBe('the worker pool is closed');
  });
});
