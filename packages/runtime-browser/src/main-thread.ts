/**
 * True on a page's main thread (a `Window`), false inside a dedicated, shared or service worker.
 * Read once, when the scheduler is created.
 * @internal
 */
export function onMainThread(): boolean {
  const scope = (globalThis as { WorkerGlobalScope?: abstract new () => unknown }).WorkerGlobalScope;
  return typeof scope !== 'function' || !(globalThis instanceof scope);
}
