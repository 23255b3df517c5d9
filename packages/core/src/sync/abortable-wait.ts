import type { Completion } from '../control/completion.js';

/**
 * Makes a queued wait cancellable: when `signal` aborts, `remove` takes the waiter out of its
 * queue (so it can never consume a value or a lock hand-over meant for someone else) and the
 * wait rejects with the signal's reason.
 */
export function abortable<T>(completion: Completion<T>, signal: AbortSignal | undefined, remove: () => boolean): void {
  if (signal === undefined) return;
  const onAbort = (): void => {
    if (remove()) completion.reject(signal.reason);
  };
  signal.addEventListener('abort', onAbort, { once: true });
  // Drop the listener once the wait is over, whichever way it ended (not an await: no step ends).
  completion.whenSettled(() => signal.removeEventListener('abort', onAbort));
}
