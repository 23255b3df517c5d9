import * as core from '@sched/core/host';
import { expect, it } from 'vitest';
import { UnknownWorkerExportError, WorkerModuleLoadError } from '../src/index.js';

it('the root re-exports the worker errors of @sched/core/host, so instanceof holds across runtimes', () => {
  expect([UnknownWorkerExportError, WorkerModuleLoadError]).toEqual([
    core.UnknownWorkerExportError,
    core.WorkerModuleLoadError,
  ]);
  expect(new core.WorkerModuleLoadError(undefined, 'file:///m.mjs', 'f', 1)).toBeInstanceOf(WorkerModuleLoadError);
});
