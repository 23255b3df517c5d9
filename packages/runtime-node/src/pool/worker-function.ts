import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InvalidArgumentError } from '@sched/core';

// Kept apart from @sched/runtime-browser's worker-function.ts on purpose: the descriptor's shape is
// the same, but what a `module` may be is host-specific (here absolute paths and `file:` / `node:`
// URLs, resolved with node:path and node:url; in a browser `http(s):` / `blob:` URLs), the TSDoc
// examples differ per runtime, and this package still exports the deprecated `workerTask` aliases.

/**
 * Names a function that runs in a worker: a module URL and one of its exports. `A` is the
 * argument tuple and `R` the return type; both exist only for type checking.
 *
 * When to use: create one per worker function (usually next to the code that submits work) with
 * {@link workerFunction}, then `pool.run(fn, args)`.
 */
export interface WorkerFunction<A extends readonly unknown[] = readonly unknown[], R = unknown> {
  /** Absolute module URL (`file:`, `data:` or `node:`). */
  readonly module: string;
  /** Name of the exported function (`'default'` for the default export). */
  readonly exportName: string;
  /** Type-only marker; never set. */
  readonly __signature?: ((...args: A) => R) | undefined;
}

/**
 * Creates a {@link WorkerFunction}: worker work is named by module + export because closures
 * cannot cross threads.
 *
 * Details: `module` may be a `URL`, a URL string (`file:`, `data:`, `node:`), or an absolute
 * file path. The pool checks, before sending anything, that a `file:` module exists and (once
 * per module) that it exports a function of that name.
 *
 * Gotchas: relative paths and bare package names are rejected with `InvalidArgumentError`
 * (a `SchedError`, like every error of @sched): resolve them
 * first (`new URL('./jobs.mjs', import.meta.url)` or `import.meta.resolve('pkg/jobs')`).
 *
 * @example
 * ```ts
 * import { WorkerPool, workerFunction } from '@sched/runtime-node';
 *
 * const hash = workerFunction<[Uint8Array], string>(new URL('./hash.mjs', import.meta.url), 'sha256');
 * const pool = new WorkerPool({ size: 1 });
 * const digest = await pool.run(hash, [new TextEncoder().encode('abc')]);
 * console.log(digest); // ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
 * await pool.close();
 * ```
 */
export function workerFunction<A extends readonly unknown[] = readonly unknown[], R = unknown>(
  module: URL | string,
  exportName = 'default',
): WorkerFunction<A, R> {
  if (typeof exportName !== 'string' || exportName.length === 0) {
    throw new InvalidArgumentError('exportName', exportName, 'a non-empty string');
  }
  return Object.freeze({ module: normalizeModule(module), exportName });
}

/** Turns a URL, URL string or absolute path into an absolute URL string; throws `InvalidArgumentError` otherwise. */
export function normalizeModule(module: URL | string): string {
  if (module instanceof URL) return module.href;
  if (typeof module !== 'string' || module.length === 0) {
    throw new InvalidArgumentError('module', module, 'a URL or an absolute path');
  }
  if (/^(?:file|data|node):/.test(module)) return new URL(module).href;
  if (isAbsolute(module)) return pathToFileURL(module).href;
  throw new InvalidArgumentError(
    'module',
    module,
    "a URL or an absolute path (resolve relative paths with new URL('./file.mjs', import.meta.url))",
  );
}

/** @deprecated Renamed {@link WorkerFunction} (a `WorkerTaskRef` was never a task). */
export type WorkerTaskRef<A extends readonly unknown[] = readonly unknown[], R = unknown> = WorkerFunction<A, R>;

/** @deprecated Renamed {@link workerFunction}: it names a function, it does not create a task. */
export const workerTask: typeof workerFunction = workerFunction;
