import { UnknownWorkerExportError as CoreExportError, WorkerModuleLoadError as CoreLoadError } from '@sched/core/host';
import { describe, expect, test } from 'vitest';
import { UnknownWorkerExportError, WorkerModuleLoadError } from '../src/index.js';

describe('worker errors', () => {
  test('are the @sched/core/host classes (the same ones @sched/runtime-node exports)', () => {
    expect(UnknownWorkerExportError).toBe(CoreExportError);
    expect(WorkerModuleLoadError).toBe(CoreLoadError);
    const error = new CoreExportError(undefined, 'https://a.example/m.js', 'f', []);
    expect(error).toBeInstanceOf(UnknownWorkerExportError);
  });
});
