// The step observer (what it is told, and how sync primitives are named), and endSession with
// registered work of every kind. Written against the survivors of a mutation run of
// src/simulator.ts and src/stepping/ (docs/mutation.md).
import { Channel, InvalidArgumentError, Mutex, type Runnable, SessionCleanupError, spawn } from '@sched/core';
import { Simulator } from '@sched/sim';
import { describe, expect, it } from 'vitest';
import { uncontrolledWrapper } from './support/wrappers.js';

describe('the step observer', () => {
  it('is told about every step, in order, before it runs', async () => {
    const seen: string[] = [];
    const log: string[] = [];
    const sim = new Simulator({
      order: 'fifo',
      observer: { onStep: (r: Runnable) => seen.push(`${r.task.label}:${r.kind}:${log.length}`) },
    });
    sim.spawn(
      async (ctx) => {
        log.push('a');
        await ctx.yieldNow();
        log.push('a');
      },
      { label: 'a' },
    );
    await sim.runUntilIdle();
    expect(seen).toEqual(['a:start:0', 'a:resume:1']);
    expect(sim.observer?.onStep).toBeTypeOf('function');
  });

  it('names each sync primitive by kind and order of first use, the same name every time', async () => {
    const accesses: string[] = [];
    const sim = new Simulator({
      order: 'fifo',
      observer: { onStep: () => {}, onAccess: (name, kind) => accesses.push(`${name} ${kind}`) },
    });
    const mutex = new Mutex(sim);
    const channel = new Channel<number>(sim, { capacity: 1 });
    sim.spawn(async () => {
      const guard = await mutex.lock();
      await channel.send(1);
      guard.release();
      await channel.recv();
      (await mutex.lock()).release();
    });
    await sim.runUntilIdle();
    expect(accesses.length).toBeGreaterThan(0);
    const names = new Set(accesses.map((a) => a.split(' ')[0]));
    expect([...names]).toEqual(['Mutex#1', 'Channel#2']);
    expect(accesses[0]).toMatch(/^Mutex#1 (read|write)$/);
    expect(accesses.filter((a) => a.startsWith('Mutex#1')).length).toBeGreaterThanOrEqual(2);
  });

  it('an observer without onAccess still sees every step (a lock taken is a resume)', async () => {
    const steps: string[] = [];
    const sim = new Simulator({ order: 'fifo', observer: { onStep: (r) => steps.push(r.kind) } });
    const mutex = new Mutex(sim);
    sim.spawn(async () => (await mutex.lock()).release());
    await sim.runUntilIdle();
    expect(steps).toEqual(['start', 'resume']);
  });
});

describe('endSession and its registered work', () => {
  it('waits for a registered plain promise that a task settles, then closes the session', async () => {
    const sim = new Simulator({ order: 'fifo', autoAdvance: true });
    const session = sim.session('req');
    const task = spawn(sim, (ctx) => ctx.sleep(5).then(() => 'slept'), { session });
    let seen: string | undefined;
    session.waitUntil(task.then((v) => (seen = v)));
    await sim.endSession(session);
    expect(seen).toBe('slept');
    expect(sim.now()).toBe(5);
    expect(session.isClosed).toBe(true);
  });

  it("rule 'workers' counts an unregistered, unfinished task as dangling, even when a registered one finished", async () => {
    const sim = new Simulator({ order: 'fifo', autoAdvance: true });
    const session = sim.session('req');
    const registered = spawn(sim, async () => 'done', { session });
    const straggler = spawn(sim, (ctx) => ctx.sleep(100), { session, label: 'straggler' });
    straggler.detach();
    session.waitUntil(registered);
    const error = await sim.endSession(session, { rule: 'workers' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SessionCleanupError);
    expect((error as Error).message).toContain('straggler');
    expect((error as Error).message).not.toContain('task 1 ');
  });

  it("rule 'workers' passes when every unfinished task is registered", async () => {
    const sim = new Simulator({ order: 'fifo', autoAdvance: true });
    const session = sim.session('req');
    const registered = spawn(sim, (ctx) => ctx.sleep(10), { session });
    session.waitUntil(registered);
    await sim.endSession(session, { rule: 'workers' });
    expect(session.isClosed).toBe(true);
  });
});

describe('control of the background lane', () => {
  it('a background task spawned on a wrapper that does not forward control is refused too, naming the scheduler', () => {
    const sim = new Simulator();
    const wrapper = uncontrolledWrapper(sim); // every method delegated, no forwardControl
    let error: unknown;
    try {
      spawn(wrapper, async () => 1, { lane: 'background' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toMatch(/^Invalid scheduler/);
    expect(sim.readyCount).toBe(0);
  });

  it('background tasks of the simulator itself run, and their resumes are not re-checked', async () => {
    const sim = new Simulator({ order: 'fifo' });
    const task = spawn(
      sim,
      async (ctx) => {
        await ctx.yieldNow();
        return 'bg';
      },
      { lane: 'background' },
    );
    expect(await sim.runUntil(task)).toBe('bg');
    expect(sim.trace.steps).toBe(2);
  });
});
