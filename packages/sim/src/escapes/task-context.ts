import type { TaskInfo } from '@sched/core';

/** Which task an async continuation belongs to, followed through native awaits. */
export interface TaskContext {
  /** Runs `fn` with `task` as the current context; every continuation it starts keeps it. */
  run<R>(task: TaskInfo, fn: () => R): R;
  /** The task whose async context is running, if any. */
  current(): TaskInfo | undefined;
  /** Called when a run starts and ends, so the tracking costs nothing between runs. */
  retain(): void;
  release(): void;
}

interface AsyncLocalStorageLike {
  run<R>(store: TaskInfo, fn: () => R): R;
  getStore(): TaskInfo | undefined;
  disable(): void;
}

type ProcessLike = {
  versions?: { node?: string };
  getBuiltinModule?: (id: string) => unknown;
};
const proc = (globalThis as { process?: ProcessLike }).process;

/**
 * True where async-context tracking is cheap: Node ≥ 24 builds `AsyncLocalStorage` on
 * V8's async context frames. On Node 20 and 22 it turns on promise hooks for the whole
 * process, which makes every `await` about 3× slower while it is enabled.
 */
export const cheapTaskContext: boolean = Number(proc?.versions?.node?.split('.')[0] ?? 0) >= 24;

let shared: { storage: AsyncLocalStorageLike; users: number } | undefined;

/**
 * Exact attribution through `AsyncLocalStorage`, or undefined where there is none (browsers,
 * Workers without `nodejs_compat`). One storage serves every simulator; it is enabled only
 * while some run that uses it is in progress.
 */
export function nodeTaskContext(): TaskContext | undefined {
  if (shared === undefined) {
    const hooks = proc?.getBuiltinModule?.('node:async_hooks') as
      | { AsyncLocalStorage?: new () => AsyncLocalStorageLike }
      | undefined;
    if (hooks?.AsyncLocalStorage === undefined) return undefined;
    shared = { storage: new hooks.AsyncLocalStorage(), users: 0 };
  }
  const state = shared;
  return {
    run: (task, fn) => state.storage.run(task, fn),
    current: () => (state.users > 0 ? state.storage.getStore() : undefined),
    retain: () => {
      state.users++;
    },
    release: () => {
      // Disabling stops the promise hooks; the next `run` enables them again.
      if (--state.users === 0 && !cheapTaskContext) state.storage.disable();
    },
  };
}
