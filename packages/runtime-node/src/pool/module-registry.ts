import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { UnknownWorkerExportError, WorkerModuleLoadError } from '@sched/core/host';
import { UnknownWorkerModuleError } from '../errors/unknown-worker-module-error.js';
import type { PoolJob } from './pool-job.js';
import type { PoolWorker } from './pool-worker.js';
import { OP_PROBE } from './protocol.js';

/** What the pool knows about one worker module. @internal */
export type ModuleState =
  | { readonly status: 'probing'; readonly waiting: PoolJob[]; readonly worker: PoolWorker }
  | { readonly status: 'loaded'; readonly exports: ReadonlyMap<string, number> }
  | { readonly status: 'missing'; readonly reason: string }
  | { readonly status: 'failed'; readonly cause: unknown };

/** A module state that is not `probing`. @internal */
export type KnownModuleState = Exclude<ModuleState, { readonly status: 'probing' }>;

/**
 * The modules a pool has seen, and the function ids of their exports.
 *
 * Details: on first sight of a `file:` module the registry checks that the file exists; then one
 * worker loads the module (`OP_PROBE`) and reports its function exports, each of which gets a
 * pool-wide id. Jobs for a module being probed wait in its state until the report arrives.
 * @internal
 */
export class ModuleRegistry {
  readonly #modules = new Map<string, ModuleState>();
  #nextFnId = 0;

  /** True if `module` was seen (whatever its state). */
  has(module: string): boolean {
    return this.#modules.has(module);
  }

  /** The state of `module`; on first sight, checks it and starts probing it in `pickWorker()`. */
  lookup(module: string, pickWorker: () => PoolWorker): ModuleState {
    let state = this.#modules.get(module);
    if (state === undefined) {
      state = this.#check(module, pickWorker);
      this.#modules.set(module, state);
    }
    return state;
  }

  /** The state a worker's probe report (`OP_PROBED`) describes. */
  stateFromProbe(ok: boolean, data: unknown): KnownModuleState {
    if (!ok) return { status: 'failed', cause: data };
    const exports = new Map<string, number>();
    for (const name of data as string[]) exports.set(name, this.#nextFnId++);
    return { status: 'loaded', exports };
  }

  /** Ends the probe of `module` with `next`. Returns the jobs that waited for it, or undefined if it was not probing. */
  settle(module: string, next: KnownModuleState): readonly PoolJob[] | undefined {
    const state = this.#modules.get(module);
    if (state?.status !== 'probing') return undefined;
    this.#modules.set(module, next);
    return state.waiting;
  }

  /** Forgets a probing `module` (to check it again later). Returns the jobs that waited for it. */
  forget(module: string): readonly PoolJob[] | undefined {
    const state = this.#modules.get(module);
    if (state?.status !== 'probing') return undefined;
    this.#modules.delete(module);
    return state.waiting;
  }

  /** Every job waiting for a probe. */
  waitingJobs(): PoolJob[] {
    const jobs: PoolJob[] = [];
    for (const state of this.#modules.values()) if (state.status === 'probing') jobs.push(...state.waiting);
    return jobs;
  }

  /** First sight of a module: check it exists, then ask a worker for its exports. */
  #check(module: string, pickWorker: () => PoolWorker): ModuleState {
    if (module.startsWith('file:')) {
      let reason: string | undefined;
      try {
        if (!statSync(fileURLToPath(module)).isFile()) reason = 'the module path is not a file';
      } catch {
        reason = 'no such module file';
      }
      if (reason !== undefined) return { status: 'missing', reason };
    }
    const worker = pickWorker();
    worker.probing.add(module);
    worker.keepAlive(true);
    worker.thread.postMessage([OP_PROBE, module]);
    return { status: 'probing', waiting: [], worker };
  }
}

/** The function id of `job`'s export in a known module, or the error that rejects `job`. @internal */
export function resolveExport(job: PoolJob, state: KnownModuleState): number | Error {
  switch (state.status) {
    case 'loaded': {
      const fnId = state.exports.get(job.exportName);
      if (fnId !== undefined) return fnId;
      return new UnknownWorkerExportError(job.task, job.module, job.exportName, [...state.exports.keys()]);
    }
    case 'missing':
      return new UnknownWorkerModuleError(job.task, job.module, job.exportName, state.reason);
    case 'failed':
      return new WorkerModuleLoadError(job.task, job.module, job.exportName, state.cause);
  }
}
