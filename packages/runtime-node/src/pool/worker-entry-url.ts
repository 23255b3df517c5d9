/**
 * URL of the script every pool worker runs (`dist/worker/worker-entry.js`). When this module is
 * itself loaded from TypeScript sources (tests), the compiled entry under `dist/` is used, since
 * Node 20 worker threads cannot load `.ts` files: build the package first.
 * @internal
 */
export const WORKER_ENTRY: URL = import.meta.url.endsWith('.ts')
  ? new URL('../../dist/worker/worker-entry.js', import.meta.url)
  : new URL('../worker/worker-entry.js', import.meta.url);
