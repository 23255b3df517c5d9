import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Clock } from '../src/clock.js';
import { type WorkerFunction, workerFunction } from '../src/pool/worker-function.js';

/** A clock that only moves when told to. */
export class ManualClock implements Clock {
  t = 0;
  now(): number {
    return this.t;
  }
}

/** Resolves after one full event-loop turn (timers, I/O, immediates). */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Waits (polling each turn) until `predicate` holds, or throws after `timeoutMs` of real time. */
export async function until(predicate: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

export const PACKAGE_DIR: string = fileURLToPath(new URL('..', import.meta.url));
export const FIXTURES: URL = new URL('./fixtures/', import.meta.url);
export const TASKS: URL = new URL('./tasks.mjs', FIXTURES);
export const CRASH: URL = new URL('./crash.mjs', FIXTURES);
/** A function of the worker fixtures' `tasks.mjs`. */
export const task = (name: string): WorkerFunction<any[], any> => workerFunction(TASKS, name);
/** A function of the worker fixtures' `crash.mjs` (they kill or break their worker). */
export const crash = (name: string): WorkerFunction<any[], any> => workerFunction(CRASH, name);

/**
 * Worker threads run the compiled `dist/` (Node 20 cannot load `.ts` in workers). Fails with a
 * clear message when it is missing or older than the sources.
 */
export function assertBuilt(): void {
  const entry = join(PACKAGE_DIR, 'dist/worker/worker-entry.js');
  if (!existsSync(entry)) {
    throw new Error(
      'packages/runtime-node/dist is missing: run `pnpm --filter @sched/runtime-node build` (or `pnpm build`)',
    );
  }
  const built = statSync(entry).mtimeMs;
  const stale = newestSource(join(PACKAGE_DIR, 'src'));
  if (stale > built + 1000) {
    throw new Error('packages/runtime-node/dist is older than src: run `pnpm --filter @sched/runtime-node build`');
  }
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}
