// The seed documents' own examples (shared/seeds/004_…: test_session_management,
// test_arc_send_compatibility), ported to TypeScript. test_concurrent_tasks and
// test_multi_seed_determinism live in packages/sim/test/simulator.test.ts.
import { Executor, type Scheduler, Session, spawn, spawnInSession } from '@sched/core';
import { NodeScheduler, WorkerPool, workerTask } from '@sched/runtime-node';
import { Simulator } from '@sched/sim';
import { describe, expect, it } from 'vitest';

describe('seed examples', () => {
  it('test_session_management: a task spawned in a session runs, and the session validates clean', async () => {
    const scheduler = new Simulator({ seed: 123 });
    const session = new Session();
    const counter = { value: 0 };

    const task = spawnInSession(scheduler, session, async () => {
      counter.value += 1;
    });
    await scheduler.runUntilIdle();

    expect(counter.value).toBe(1);
    expect(task.isFinished).toBe(true);
    expect(() => session.validateCleanup()).not.toThrow();
  });

  it('test_arc_send_compatibility: one scheduler handle is shared by many users, and work crosses threads', async () => {
    // The handle is an interface value: cloning = sharing the reference with several executors.
    const scheduler: Scheduler = new NodeScheduler();
    const shared = [new Executor(scheduler), new Executor(scheduler, { lane: 'background' })];
    const local = await Promise.all(shared.map((executor) => executor.spawn(async () => 42)));
    expect(local).toEqual([42, 42]);
    expect(await spawn(scheduler, () => 42)).toBe(42);

    // "Send to another thread": closures cannot cross threads, so the work is named by module +
    // export; inside the worker it spawns on that thread's own scheduler.
    const pool = new WorkerPool({ scheduler: new NodeScheduler(), size: 1 });
    try {
      const result = await pool.run(
        workerTask<[], number>(new URL('./fixtures/answer.mjs', import.meta.url), 'answer'),
        [],
      );
      expect(result).toBe(42);
    } finally {
      await pool.close();
    }
  });
});
