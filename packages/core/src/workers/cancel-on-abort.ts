/**
 * Cancels `task` with the signal's reason when `signal` aborts (at once if it already has).
 * Returns the function that removes the listener, for when the task settles first; undefined if
 * no listener was added (the signal had already aborted). Both runtimes' worker pools link a
 * `run(…, { signal })` to its task this way.
 */
export function cancelOnAbort(
  task: { cancel(reason?: unknown): unknown },
  signal: AbortSignal,
): (() => void) | undefined {
  const onAbort = (): void => void task.cancel(signal.reason);
  if (signal.aborted) {
    onAbort();
    return undefined;
  }
  signal.addEventListener('abort', onAbort, { once: true });
  return () => signal.removeEventListener('abort', onAbort);
}
