import { describe, expect, it } from 'vitest';
import { describeWorkerTask, taskName, UnknownWorkerExportError, WorkerModuleLoadError } from '../src/host.js';
import { SchedError, type TaskInfo } from '../src/index.js';

const task = { id: 12, name: 'resize' } as unknown as TaskInfo;

describe('worker errors shared by the runtimes', () => {
  it('describeWorkerTask names the task, the export and the module', () => {
    expect(describeWorkerTask(undefined, 'file:///app/jobs.mjs', 'resize')).toBe(
      'worker task (resize in file:///app/jobs.mjs)',
    );
    expect(describeWorkerTask(task, 'https://app.example/jobs.js', 'resize')).toBe(
      `${taskName(task)} (resize in https://app.example/jobs.js)`,
    );
    expect(taskName(task)).toMatch(/^task #12/);
  });

  it('UnknownWorkerExportError lists the function exports the module does have', () => {
    const error = new UnknownWorkerExportError(undefined, 'file:///m.mjs', 'nope', ['a', 'b']);
    expect(error).toBeInstanceOf(SchedError);
    expect(error.code).toBe('ERR_UNKNOWN_WORKER_EXPORT');
    expect(error.message).toBe(
      'cannot run worker task (nope in file:///m.mjs): no exported function "nope"; its function exports are: a, b',
    );
    expect([error.module, error.exportName, error.available]).toEqual(['file:///m.mjs', 'nope', ['a', 'b']]);
    expect(new UnknownWorkerExportError(undefined, 'file:///m.mjs', 'x', []).message).toMatch(
      /; it exports no functions$/,
    );
  });

  it('WorkerModuleLoadError keeps the import error as its cause', () => {
    const cause = new SyntaxError('Unexpected token');
    const error = new WorkerModuleLoadError(undefined, 'data:text/javascript,(', 'f', cause);
    expect(error).toBeInstanceOf(SchedError);
    expect(error.code).toBe('ERR_WORKER_MODULE_LOAD');
    expect(error.cause).toBe(cause);
    expect(error.module).toBe('data:text/javascript,(');
    expect(error.message).toBe(
      'cannot run worker task (f in data:text/javascript,(): the module failed to load: Unexpected token',
    );
    expect(new WorkerModuleLoadError(undefined, 'm', 'f', 'boom').message).toMatch(/failed to load: boom$/);
  });
});
