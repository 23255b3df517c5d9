// The pool's module registry without threads: a fake worker records what the registry asks of
// it, so the states, the probe message, the function ids and the waiting jobs are exact.
import { UnknownWorkerExportError, WorkerModuleLoadError } from '@sched/core/host';
import { describe, expect, it } from 'vitest';
import { UnknownWorkerModuleError } from '../src/errors/unknown-worker-module-error.js';
import { ModuleRegistry, resolveExport } from '../src/pool/module-registry.js';
import type { PoolJob } from '../src/pool/pool-job.js';
import type { PoolWorker } from '../src/pool/pool-worker.js';
import { OP_PROBE } from '../src/pool/protocol.js';

function fakeWorker() {
  const posted: unknown[] = [];
  const keptAlive: boolean[] = [];
  const worker = {
    probing: new Set<string>(),
    keepAlive: (on: boolean) => keptAlive.push(on),
    thread: { postMessage: (message: unknown) => posted.push(message) },
  };
  return { worker: worker as unknown as PoolWorker, probing: worker.probing, posted, keptAlive };
}

const here = new URL(import.meta.url).href;
const folder = new URL('.', import.meta.url).href;
const job = (module: string, exportName: string) => ({ task: undefined, module, exportName }) as unknown as PoolJob;

describe('ModuleRegistry', () => {
  it('a missing file and a folder are known missing at first sight; no worker is asked', () => {
    const registry = new ModuleRegistry();
    const pick = () => {
      throw new Error('no worker should be picked');
    };
    expect(registry.lookup(`${folder}no-such-file.mjs`, pick)).toEqual({
      status: 'missing',
      reason: 'no such module file',
    });
    expect(registry.lookup(folder, pick)).toEqual({ status: 'missing', reason: 'the module path is not a file' });
    expect(registry.has(folder)).toBe(true);
    expect(registry.has(`${folder}other.mjs`)).toBe(false);
  });

  it('an existing file (or a non-file URL) is probed by one worker, once', () => {
    const registry = new ModuleRegistry();
    const fake = fakeWorker();
    let picks = 0;
    const pick = () => {
      picks++;
      return fake.worker;
    };
    const state = registry.lookup(here, pick);
    expect(state).toEqual({ status: 'probing', waiting: [], worker: fake.worker });
    expect(registry.lookup(here, pick)).toBe(state);
    expect(registry.lookup('node:os', pick).status).toBe('probing');
    expect(picks).toBe(2);
    expect([...fake.probing]).toEqual([here, 'node:os']);
    expect(fake.keptAlive).toEqual([true, true]);
    expect(fake.posted).toEqual([
      [OP_PROBE, here],
      [OP_PROBE, 'node:os'],
    ]);
  });

  it('probe reports: ids are pool-wide and consecutive; a failure keeps its cause', () => {
    const registry = new ModuleRegistry();
    const a = registry.stateFromProbe(true, ['f', 'g']);
    const b = registry.stateFromProbe(true, ['h']);
    expect(a).toEqual({
      status: 'loaded',
      exports: new Map([
        ['f', 0],
        ['g', 1],
      ]),
    });
    expect(b).toEqual({ status: 'loaded', exports: new Map([['h', 2]]) });
    const cause = new Error('load');
    expect(registry.stateFromProbe(false, cause)).toEqual({ status: 'failed', cause });
    expect(registry.stateFromProbe(false, cause)).not.toHaveProperty('exports');
  });

  it('settle and forget hand back the waiting jobs of a probing module only', () => {
    const registry = new ModuleRegistry();
    const fake = fakeWorker();
    const probing = registry.lookup('node:os', () => fake.worker);
    const waiting = job('node:os', 'cpus');
    (probing as { waiting: PoolJob[] }).waiting.push(waiting);
    registry.lookup('node:path', () => fake.worker);
    expect(registry.waitingJobs()).toEqual([waiting]);
    const loaded = registry.stateFromProbe(true, ['cpus']);
    expect(registry.settle('node:os', loaded)).toEqual([waiting]);
    expect(registry.lookup('node:os', () => fake.worker)).toBe(loaded);
    expect(registry.settle('node:os', loaded)).toBeUndefined();
    expect(registry.forget('node:os')).toBeUndefined();
    expect(registry.settle('node:never', loaded)).toBeUndefined();
    expect(registry.forget('node:never')).toBeUndefined();
    expect(registry.waitingJobs()).toEqual([]);
    expect(registry.forget('node:path')).toEqual([]);
    expect(registry.has('node:path')).toBe(false);
    expect(registry.has('node:os')).toBe(true);
  });
});

describe('resolveExport', () => {
  it('a loaded export gives its id (0 included); the others give their typed errors', () => {
    const loaded = {
      status: 'loaded',
      exports: new Map([
        ['f', 0],
        ['g', 5],
      ]),
    } as const;
    expect(resolveExport(job('node:x', 'f'), loaded)).toBe(0);
    expect(resolveExport(job('node:x', 'g'), loaded)).toBe(5);
    const unknown = resolveExport(job('node:x', 'h'), loaded) as UnknownWorkerExportError;
    expect(unknown).toBeInstanceOf(UnknownWorkerExportError);
    expect([unknown.module, unknown.exportName, unknown.available]).toEqual(['node:x', 'h', ['f', 'g']]);
    const missing = resolveExport(job('file:///x.mjs', 'f'), { status: 'missing', reason: 'no such module file' });
    expect(missing).toBeInstanceOf(UnknownWorkerModuleError);
    expect((missing as Error).message).toBe('cannot run worker task (f in file:///x.mjs): no such module file');
    const cause = new Error('boom');
    const failed = resolveExport(job('node:x', 'f'), { status: 'failed', cause }) as Error;
    expect(failed).toBeInstanceOf(WorkerModuleLoadError);
    expect(failed.cause).toBe(cause);
  });
});
