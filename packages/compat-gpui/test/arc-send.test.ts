// The seed's test_arc_send_compatibility: a scheduler handle used from another thread. In
// JavaScript closures and schedulers cannot cross threads, so the work is named by module and
// export and runs on a real worker_threads worker (runtime-node's WorkerPool), where it uses
// that thread's scheduler through the facade. Needs the built dist (workers load JavaScript).
import { existsSync } from 'node:fs';
import { BackgroundExecutor, ForegroundExecutor } from '@sched/compat-gpui';
import { threadScheduler, WorkerPool, workerFunction } from '@sched/runtime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const FIXTURE = new URL('./fixtures/thread-tasks.mjs', import.meta.url);

describe('test_arc_send_compatibility', () => {
  let pool: WorkerPool;
  beforeAll(() => {
    if (!existsSync(new URL('../dist/index.js', import.meta.url))) {
      throw new Error('packages/compat-gpui/dist is missing: run `pnpm build` (worker threads load the built package)');
    }
    pool = new WorkerPool({ size: 2 });
  });
  afterAll(() => pool.close());

  it('a task spawned through the facade on a worker thread returns its value', async () => {
    const results = await Promise.all(
      [21, 50].map((value) =>
        pool.run(
          workerFunction<
            [number],
            { doubled: number; isMainThread: boolean; threadId: number; schedulerOnMain: boolean }
          >(FIXTURE, 'spawnOnThread'),
          [value],
        ),
      ),
    );
    expect(results.map((r) => r.doubled)).toEqual([42, 100]);
    for (const r of results) {
      expect(r.isMainThread).toBe(false);
      expect(r.schedulerOnMain).toBe(false);
      expect(r.threadId).toBeGreaterThan(0);
    }
  });

  it('the same facade on the main thread, side by side', async () => {
    const executor = new BackgroundExecutor(threadScheduler());
    expect(executor.isMainThread()).toBe(true);
    expect(await executor.spawn(async () => 42)).toBe(42);
    expect(() => new ForegroundExecutor(threadScheduler())).not.toThrow();
  });

  it('a ForegroundExecutor on a worker thread is a typed OffMainThreadError', async () => {
    const result = await pool.run(workerFunction<[], Record<string, unknown>>(FIXTURE, 'foregroundOnThread'), []);
    expect(result).toEqual({
      created: false,
      name: 'OffMainThreadError',
      code: 'ERR_GPUI_OFF_MAIN_THREAD',
      message: expect.stringContaining('new ForegroundExecutor needs the main thread'),
    });
  });
});
