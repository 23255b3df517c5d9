import { flush } from './test-host.js';

/**
 * Runs `fn` with the process's `event` listeners swapped for a recorder, lets every microtask
 * (and the rejection tracking) settle, and returns what was emitted: the uncaught errors, or
 * the unhandled rejections' reasons.
 */
export async function emittedDuring(
  event: 'uncaughtException' | 'unhandledRejection',
  fn: () => Promise<void> | void,
): Promise<unknown[]> {
  const seen: unknown[] = [];
  // Both events pass the error (or reason) first; one listener type serves both.
  const name = event as 'uncaughtException';
  const saved = process.listeners(name);
  process.removeAllListeners(name);
  const recorder = (reason: unknown): void => {
    seen.push(reason);
  };
  process.on(name, recorder);
  try {
    await fn();
    await flush();
    await flush();
  } finally {
    process.off(name, recorder);
    for (const listener of saved) process.on(name, listener);
  }
  return seen;
}
