import { InvalidArgumentError } from '@sched/core';

// Kept apart from @sched/runtime-node's worker-function.ts on purpose: the descriptor's shape is the
// same, but what a `module` may be is host-specific (here `http(s):` / `blob:` / `data:` URLs that a
// browser's dynamic `import()` loads; on Node absolute paths and `file:` / `node:` URLs), and the
// TSDoc examples differ per runtime.

/**
 * Names a function that runs in a Web Worker: a module URL and one of its exports. `A` is the
 * argument tuple and `R` the return type; both exist only for type checking.
 */
export interface WorkerFunction<A extends readonly unknown[] = readonly unknown[], R = unknown> {
  /** Absolute module URL (`https:`, `http:`, `blob:` or `data:`). */
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
 * Gotchas: the URL must be absolute; resolve relative ones first
 * (`new URL('./jobs.js', import.meta.url)`). The module is loaded in the worker with a dynamic
 * `import()`, so it must be an ES module the browser can load as is (bundlers: emit it as its own
 * chunk, or serve it as a static file).
 *
 * @example
 * ```ts
 * import { workerFunction } from '@sched/runtime-browser';
 *
 * const fib = workerFunction<[number], number>(new URL('./fib.js', import.meta.url), 'fib');
 * ```
 */
export function workerFunction<A extends readonly unknown[] = readonly unknown[], R = unknown>(
  module: URL | string,
  exportName = 'default',
): WorkerFunction<A, R> {
  if (typeof exportName !== 'string' || exportName.length === 0) {
    throw new InvalidArgumentError('exportName', exportName, 'a non-empty string');
  }
  return Object.freeze({ module: absoluteModuleUrl(module), exportName });
}

/** Turns a URL or URL string into an absolute URL string; throws `InvalidArgumentError` otherwise. @internal */
export function absoluteModuleUrl(module: URL | string): string {
  if (module instanceof URL) return module.href;
  if (typeof module === 'string' && /^(?:https?|blob|data):/.test(module)) return new URL(module).href;
  throw new InvalidArgumentError(
    'module',
    module,
    "an absolute http(s):, blob: or data: URL (resolve relative paths with new URL('./jobs.js', import.meta.url))",
  );
}
