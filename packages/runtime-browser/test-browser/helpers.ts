import type { Runnable, TaskInfo, TaskPriority } from '@sched/core';
import { CallRunnable } from '@sched/core/host';

/** A Runnable outside any task, at `priority` on `lane`, that calls `fn`. */
export function runnable(
  fn: () => void,
  priority: TaskPriority = 'normal',
  lane: TaskInfo['lane'] = 'foreground',
): Runnable {
  const info: TaskInfo = { id: 0, label: 'test', priority, lane, sessionId: undefined, spawnLocation: undefined };
  return new CallRunnable(info, fn);
}

/** Resolves once `predicate()` holds, polling on macrotasks; rejects after `ms`. */
export async function until(predicate: () => boolean, ms = 5_000): Promise<void> {
  const end = performance.now() + ms;
  while (!predicate()) {
    if (performance.now() > end) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/** Busy-waits `ms` milliseconds: a Runnable that does real work. */
export function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // spin
  }
}

/** Runs `body` with `globalThis.scheduler` hidden, as on a page without postTask (Safari). */
export async function withoutPostTask<T>(body: () => Promise<T>): Promise<T> {
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'scheduler');
  Object.defineProperty(globalThis, 'scheduler', { value: undefined, configurable: true, writable: true });
  try {
    return await body();
  } finally {
    if (descriptor === undefined) delete (globalThis as { scheduler?: unknown }).scheduler;
    else Object.defineProperty(globalThis, 'scheduler', descriptor);
  }
}
