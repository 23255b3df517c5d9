import { Channel, SessionCleanupError, type Task } from '@sched/core';
import { DeadlockError, Simulator } from '@sched/sim';
import { describe, expect, it } from 'vitest';
import { callerLine, withoutColumn } from './support/location.js';

/** Awaits `promise` and returns what it rejected with (fails the test if it resolves). */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('Simulator.endSession (rule: core)', () => {
  it('throws SessionCleanupError listing each dangling task with its label and spawn location in this file', async () => {
    const sim = new Simulator({ autoAdvance: true });
    const session = sim.session('request 1');
    const [dangling, danglingAt] = [session.spawn(sim, (ctx) => ctx.sleep(10), { label: 'audit-write' }), callerLine()];
    const never = new Channel<void>(sim);
    const [anonymous, anonymousAt] = [sim.spawn(() => never.recv(), { session }), callerLine()];
    const awaited = session.spawn(sim, (ctx) => ctx.sleep(10), { label: 'awaited' });
    void awaited.then(undefined, () => {});
    session.spawn(sim, (ctx) => ctx.sleep(10), { label: 'detached' }).detach();
    session.spawn(sim, () => 'done', { label: 'finished' });
    await sim.runUntilIdle({ autoAdvance: false });

    const error = await rejection(sim.endSession(session));

    expect(error).toBeInstanceOf(SessionCleanupError);
    const cleanup = error as SessionCleanupError;
    expect(cleanup.sessionId).toBe(session.id);
    expect(cleanup.danglingTasks.map((t) => t.id)).toEqual([dangling.id, anonymous.id]);
    expect(withoutColumn(dangling.spawnLocation)).toBe(danglingAt);
    expect(withoutColumn(anonymous.spawnLocation)).toBe(anonymousAt);
    expect(cleanup.message).toContain(`session #${session.id} "request 1" ended with 2 dangling task(s)`);
    expect(cleanup.message).toContain(`task #${dangling.id} "audit-write" spawned at ${dangling.spawnLocation}`);
    expect(cleanup.message).toMatch(/simulator-sessions\.test\.ts:\d+:\d+/);
    expect(session.isClosed).toBe(false);
  });

  it('passes and closes the session when every task is finished, awaited, detached or registered', async () => {
    const sim = new Simulator({ autoAdvance: true, seed: 4 });
    const session = sim.session('clean');
    const awaited = session.spawn(sim, (ctx) => ctx.sleep(50), { label: 'awaited' });
    const consumer = sim.spawn(async () => awaited);
    session.spawn(sim, (ctx) => ctx.sleep(50), { label: 'detached' }).detach();
    session.spawn(sim, () => 1, { label: 'finished' });
    await sim.runUntilIdle({ autoAdvance: false });

    await sim.endSession(session);

    expect(session.isClosed).toBe(true);
    expect(() => session.spawn(sim, () => 1)).toThrow(/closed/);
    await sim.runUntilIdle();
    expect(await consumer).toBeUndefined();
  });

  it('runs waitUntil-registered work to completion before validating', async () => {
    const sim = new Simulator({ autoAdvance: true, seed: 2 });
    const session = sim.session('request');
    const log: string[] = [];
    const write = session.spawn(
      sim,
      async (ctx) => {
        await ctx.sleep(30);
        log.push(`audit written at ${sim.now()}`);
        return 'ok';
      },
      { label: 'audit' },
    );
    session.waitUntil(write);

    await sim.endSession(session);

    expect(write.isFinished).toBe(true);
    expect(await write).toBe('ok');
    expect(log).toEqual(['audit written at 30']);
    expect(sim.now()).toBe(30);
    expect(session.isClosed).toBe(true);
  });

  it('runs registered work that is a plain promise derived from a task to completion (regression)', async () => {
    const sim = new Simulator({ autoAdvance: true, seed: 2 });
    const session = sim.session('request');
    const log: string[] = [];
    const write: Task<number> = session.spawn(sim, async (ctx) => {
      await ctx.sleep(30);
      return 7;
    });
    session.waitUntil(write.then((value) => void log.push(`flushed ${value}`)));

    await sim.endSession(session);

    expect(write.isFinished).toBe(true);
    expect(log).toEqual(['flushed 7']);
    expect(sim.now()).toBe(30);
  });

  it('throws DeadlockError instead of passing when registered work can never finish (regression)', async () => {
    const sim = new Simulator(); // no autoAdvance: the registered sleep cannot fire
    const session = sim.session('request');
    const write = session.spawn(sim, (ctx) => ctx.sleep(30), { label: 'stuck audit' });
    session.waitUntil(write);

    const error = await rejection(sim.endSession(session));

    expect(error).toBeInstanceOf(DeadlockError);
    expect((error as DeadlockError).blocked.map((t) => t.label)).toEqual(['stuck audit']);
    expect(session.isClosed).toBe(false);
  });
});

describe("Simulator.endSession (rule: 'workers')", () => {
  it('also flags awaited or detached tasks that have not finished: Workers would cancel them', async () => {
    const sim = new Simulator({ autoAdvance: true });
    const session = sim.session('fetch handler');
    const awaited = session.spawn(sim, (ctx) => ctx.sleep(100), { label: 'awaited but slow' });
    void awaited.then(undefined, () => {});
    const detached = session.spawn(sim, (ctx) => ctx.sleep(100), { label: 'detached' });
    detached.detach();
    const registered = session.spawn(sim, (ctx) => ctx.sleep(20), { label: 'registered' });
    session.waitUntil(registered);

    const error = await rejection(sim.endSession(session, { rule: 'workers' }));

    expect(error).toBeInstanceOf(SessionCleanupError);
    expect((error as SessionCleanupError).danglingTasks.map((t) => t.label)).toEqual(['awaited but slow', 'detached']);
    expect(registered.isFinished).toBe(true);
    expect(awaited.isFinished).toBe(false);
    expect(sim.now()).toBe(20);
  });

  it('the core rule accepts the same session', async () => {
    const sim = new Simulator({ autoAdvance: true });
    const session = sim.session('fetch handler');
    const awaited = session.spawn(sim, (ctx) => ctx.sleep(100), { label: 'awaited but slow' });
    void awaited.then(undefined, () => {});
    session.spawn(sim, (ctx) => ctx.sleep(100), { label: 'detached' }).detach();

    await sim.endSession(session);

    expect(session.isClosed).toBe(true);
  });

  it('passes when everything unregistered has finished', async () => {
    const sim = new Simulator({ autoAdvance: true });
    const session = sim.session('fetch handler');
    const quick = session.spawn(sim, (ctx) => ctx.sleep(5));
    session.waitUntil(session.spawn(sim, (ctx) => ctx.sleep(50)));
    void quick.then();

    await sim.endSession(session, { rule: 'workers' });

    expect(session.isClosed).toBe(true);
    expect(sim.now()).toBe(50);
  });
});
