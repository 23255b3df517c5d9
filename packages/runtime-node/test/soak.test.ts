import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  type Lane,
  type SpawnLocationCapture,
  setSpawnLocationCapture,
  spawn,
  type Task,
  type TaskContext,
  type TaskPriority,
} from '@sched/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeScheduler } from '../src/node-scheduler.js';
import { workerFunction } from '../src/pool/worker-function.js';
import { WorkerPool } from '../src/pool/worker-pool.js';
import { assertBuilt, FIXTURES } from './helpers.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

const MAIN_TASKS = 1_000_000;
const WORKER_TASKS = 100_000;
const CHUNK = 20_000;
const PRIORITIES: TaskPriority[] = ['user-blocking', 'normal', 'background'];
const LANES: Lane[] = ['foreground', 'background'];

describe('soak', () => {
  let previousCapture: SpawnLocationCapture = 'auto';
  beforeAll(() => {
    assertBuilt();
    // Capture walks the stack on every spawn; 'auto' already skips it here, but pin it off.
    previousCapture = setSpawnLocationCapture(false);
  });
  afterAll(() => {
    setSpawnLocationCapture(previousCapture);
  });

  it(`runs ${MAIN_TASKS} main-thread tasks and ${WORKER_TASKS} worker tasks, every result once, heap back near baseline`, async () => {
    const scheduler = new NodeScheduler();
    // Warm up code paths so the baseline includes compiled code, not just an empty heap.
    await spawn(scheduler, () => 0);
    const baseline = heapAfterGc();

    const seenMain = new Uint8Array(MAIN_TASKS);
    let mainSum = 0;
    // Each chunk lives in its own call, so no finished task stays reachable from this frame.
    const mainChunk = async (start: number): Promise<void> => {
      const chunk: Task<number>[] = [];
      for (let i = start; i < start + CHUNK; i++) {
        const priority = PRIORITIES[i % 3] as TaskPriority;
        const lane = LANES[(i >> 1) % 2] as Lane;
        const body =
          i % 7 === 0
            ? async (ctx: TaskContext): Promise<number> => {
                await ctx.yieldNow();
                return i;
              }
            : (): number => i;
        chunk.push(spawn(scheduler, body, { priority, lane }));
      }
      for (const task of chunk) {
        const i = await task;
        seenMain[i] = (seenMain[i] ?? 0) + 1;
        mainSum += i;
      }
    };
    for (let start = 0; start < MAIN_TASKS; start += CHUNK) await mainChunk(start);
    expect(seenMain.every((n) => n === 1)).toBe(true);
    expect(mainSum).toBe((MAIN_TASKS * (MAIN_TASKS - 1)) / 2);
    expect(scheduler.pendingRunnables).toBe(0);

    const pool = new WorkerPool({ scheduler, size: 2 });
    const inc = workerFunction<[number, number], number>(new URL('./tasks.mjs', FIXTURES), 'add');
    const seenWorker = new Uint8Array(WORKER_TASKS);
    const workerChunk = async (start: number): Promise<void> => {
      const chunk: Task<number>[] = [];
      for (let i = start; i < start + CHUNK; i++) chunk.push(pool.run(inc, [i, 0]));
      for (const task of chunk) {
        const i = await task;
        seenWorker[i] = (seenWorker[i] ?? 0) + 1;
      }
    };
    for (let start = 0; start < WORKER_TASKS; start += CHUNK) await workerChunk(start);
    expect(seenWorker.every((n) => n === 1)).toBe(true);
    expect(pool.stats).toMatchObject({ queued: 0, inFlight: 0, crashes: 0 });
    await pool.close();

    const grown = heapAfterGc() - baseline;
    // Nothing of the 1.1 million tasks may stay reachable: a leak of even 16 bytes per task would
    // exceed this. The slack covers compiled code and tables that keep their peak capacity (today
    // about 8 MiB: the backing store of @sched/core's WeakMap of task completions, sized for the
    // 20 000 tasks of a chunk alive at once).
    expect(grown).toBeLessThan(16 * 1024 * 1024);
  }, 180_000);
});
