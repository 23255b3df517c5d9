const resolved = Promise.resolve();

/**
 * Queues `callback` as a native promise job. Same ordering as `queueMicrotask`, but Node's
 * `queueMicrotask` wraps every callback for async-hooks bookkeeping, which costs more than a
 * whole simulator step; a promise job does not.
 */
export function microtask(callback: () => void): void {
  void resolved.then(callback);
}
