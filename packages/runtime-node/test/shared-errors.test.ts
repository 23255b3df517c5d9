import * as core from '@sched/core/host';
import { expect, it } from 'vitest';
import { PoolClosedError, QueueFullError, UnknownWorkerExportError, WorkerModuleLoadError } from '../src/index.js';

it('the root re-exports the worker errors of @sched/core/host, so instanceof holds across runtimes', () => {
  expect([UnknownWorkerExportError, WorkerModuleLoadError]).toEqual([
    core.UnknownWorkerExportError,
    core.WorkerModuleLoadError,
  ]);
  expect(new core.WorkerModuleLoadError(undefined, 'file:///m.mjs', 'f', 1)).toBeInstanceOf(WorkerModuleLoadError);
});

it('re-exports QueueFullError and PoolClosedError of @sched/core/host (the classes @sched/runtime-browser exports too)', () => {
  expect([QueueFullError, PoolClosedError]).toEqual([core.QueueFullError, core.PoolClosedError]);
  expect(new core.QueueFullError(1, 'x')).toBeInstanceOf(QueueFullError);
  expect(new core.PoolClosedError('gone')).toBeInstanceOf(PoolClosedError);
  expect(new PoolClosedError('gone').message).toBe('gone');
});
