// The seed's test_session_management: a task spawned in a session runs, and cleanup validates.
// Plus what the seed only implies: a dangling task fails validation, naming where it was spawned,
// and the execution context's end applies the Workers rule on the simulator.

import { SimulatedExecutionContext } from '@sched/compat-cloud/sim';
import { Session, SessionCleanupError, spawnInSession } from '@sched/core';
import { Simulator } from '@sched/sim';
import { describe, expect, it } from 'vitest';

describe('test_session_management', () => {
  it('seed 123: a session task runs once and the session validates', async () => {
    const scheduler = new Simulator({ seed: 123 });
    const session = new Session();
    const counter = { value: 0 };
    const task = spawnInSession(scheduler, session, async () => {
      counter.value += 1;
    });
    expect(session.liveTasks()).toEqual([task]);
    await scheduler.runUntilIdle();
    expect(counter.value).toBe(1);
    expect(task.isFinished).toBe(true);
    expect(() => session.validateCleanup()).not.toThrow();
    expect(session.liveTasks()).toEqual([]);
  });

  it('an unfinished, unobserved task is dangling: SessionCleanupError names it and its spawn site', async () => {
    const scheduler = new Simulator({ seed: 123 });
    const session = new Session('request');
    const slow = spawnInSession(scheduler, session, (ctx) => ctx.sleep(50), { label: 'slow write' });
    await scheduler.runUntilIdle();
    const error = (() => {
      try {
        session.validateCleanup();
      } catch (e) {
        return e;
      }
    })() as SessionCleanupError;
    expect(error).toBeInstanceOf(SessionCleanupError);
    expect(error.danglingTasks.map((t) => t.label)).toEqual(['slow write']);
    expect(error.message).toContain('session-management.test.ts');
    slow.detach();
  });

  it('SimulatedExecutionContext.finish runs registered work, then rejects unregistered work (Workers rule)', async () => {
    const sim = new Simulator({ seed: 5 });
    const good = new SimulatedExecutionContext(sim, 'good');
    const write = good.waitUntil(async (ctx) => {
      await ctx.sleep(30);
      return 'stored';
    });
    await good.finish();
    expect(write.isFinished).toBe(true);
    expect(good.session.isClosed).toBe(true);

    const bad = new SimulatedExecutionContext(sim, 'bad');
    const stray = bad.spawn(async (ctx) => ctx.sleep(30));
    stray.detach();
    bad.waitUntil(async () => 'registered');
    await expect(bad.finish()).rejects.toBeInstanceOf(SessionCleanupError);
    await sim.runUntilIdle({ autoAdvance: true });
    sim.checkUnobserved();
  });
});
