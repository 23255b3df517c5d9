import { reportError, setErrorReporter } from '@sched/core';
import { CallRunnable, hostInfo } from '@sched/core/host';
import { LivelockError, Simulator } from '@sched/sim';
import { describe, expect, it } from 'vitest';

describe('Simulator: livelock guard', () => {
  it('a task that yields forever fails the run with LivelockError after exactly maxSteps steps', async () => {
    const sim = new Simulator({ maxSteps: 50 });
    let iterations = 0;
    sim.spawn(
      async (ctx) => {
        for (;;) {
          iterations++;
          await ctx.yieldNow();
        }
      },
      { label: 'spinner' },
    );

    const error = await sim.runUntilIdle().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(LivelockError);
    const livelock = error as LivelockError;
    expect(livelock.code).toBe('ERR_SIM_LIVELOCK');
    expect(livelock.maxSteps).toBe(50);
    expect(sim.trace.steps).toBe(50);
    expect(iterations).toBe(50);
    expect(livelock.tail).toHaveLength(20);
    expect(livelock.tail.at(-1)?.step).toBe(50);
    expect(livelock.tail.every((e) => e.label === 'spinner')).toBe(true);
    expect(livelock.message).toContain('did not go idle within 50 steps');
    expect(livelock.message).toContain('#50 t=0ms task 1 "spinner" resume (foreground)');
  });

  it('counts the budget per run call, and a call can override it', async () => {
    const sim = new Simulator({ maxSteps: 1000 });
    sim.spawn(async (ctx) => {
      for (;;) await ctx.yieldNow();
    });

    await expect(sim.runUntilIdle({ maxSteps: 5 })).rejects.toMatchObject({ maxSteps: 5 });
    expect(sim.trace.steps).toBe(5);
  });

  it('timers that re-arm forever are caught too, with autoAdvance', async () => {
    const sim = new Simulator({ autoAdvance: true, maxSteps: 30 });
    sim.spawn(async (ctx) => {
      for (;;) await ctx.sleep(1);
    });

    const error = await sim.runUntilIdle().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(LivelockError);
    expect(sim.trace.steps).toBe(30);
    expect(sim.now()).toBeGreaterThan(0);
  });

  it('a run under the budget passes', async () => {
    const sim = new Simulator({ maxSteps: 11 });
    sim.spawn(async (ctx) => {
      for (let i = 0; i < 10; i++) await ctx.yieldNow();
    });

    await sim.runUntilIdle();

    expect(sim.trace.steps).toBe(11);
  });
});

describe('Simulator: failing Runnables', () => {
  it('a Runnable that throws synchronously fails the run with that error', async () => {
    const sim = new Simulator({ order: 'fifo' });
    const boom = new Error('sync boom');
    const ran: string[] = [];
    sim.dispatchForeground(new CallRunnable(hostInfo('first'), () => ran.push('first')));
    sim.dispatchForeground(
      new CallRunnable(hostInfo('thrower'), () => {
        throw boom;
      }),
    );
    sim.dispatchForeground(new CallRunnable(hostInfo('never'), () => ran.push('never')));

    await expect(sim.runUntilIdle()).rejects.toBe(boom);
    expect(ran).toEqual(['first']);
    expect(sim.trace.steps).toBe(2);
  });
});

describe('Simulator: unobserved errors', () => {
  it('an error in a detached task fails the run (default) and is recorded with its task', async () => {
    const sim = new Simulator();
    const boom = new Error('detached boom');
    const task = sim.spawn(
      async (ctx) => {
        await ctx.yieldNow();
        throw boom;
      },
      { label: 'fire-and-forget' },
    );
    task.detach();

    const error = await sim.runUntilIdle().catch((e: unknown) => e);

    expect(error).toBe(boom);
    expect(sim.unobservedErrors).toHaveLength(1);
    expect(sim.unobservedErrors[0]?.error).toBe(boom);
    expect(sim.unobservedErrors[0]?.task).toBe(task);
  });

  it('with failOnUnobservedError: false the run completes and the error is still recorded', async () => {
    const sim = new Simulator({ failOnUnobservedError: false });
    const boom = new Error('recorded only');
    sim.spawn(() => Promise.reject(boom), { label: 'a' }).detach();
    const survivor = sim.spawn(() => 'fine', { label: 'b' });

    await sim.runUntilIdle();

    expect(await survivor).toBe('fine');
    expect(sim.unobservedErrors.map((u) => u.error)).toEqual([boom]);
  });

  it('an awaited failure is not unobserved', async () => {
    const sim = new Simulator();
    const failing = sim.spawn(() => Promise.reject(new Error('seen')), { label: 'failing' });
    const watcher = sim.spawn(
      async () =>
        failing.then(
          () => 'no',
          (e: unknown) => (e as Error).message,
        ),
      { label: 'watcher' },
    );

    await sim.runUntilIdle();

    expect(await watcher).toBe('seen');
    expect(sim.unobservedErrors).toEqual([]);
  });

  it('restores the previous error reporter after the run', async () => {
    const seen: unknown[] = [];
    const previous = setErrorReporter((error) => seen.push(error));
    try {
      const sim = new Simulator();
      sim.spawn(() => {}).detach();
      await sim.runUntilIdle();

      reportError('outside', hostInfo('test'));

      expect(seen).toEqual(['outside']);
      expect(sim.unobservedErrors).toEqual([]);
    } finally {
      setErrorReporter(previous);
    }
  });

  it('restores the previous error reporter even when two simulators run at the same time (regression)', async () => {
    const seen: unknown[] = [];
    const previous = setErrorReporter((error) => seen.push(error));
    try {
      const a = new Simulator({ autoAdvance: true });
      const b = new Simulator({ autoAdvance: true });
      a.spawn((ctx) => ctx.sleep(5));
      b.spawn((ctx) => ctx.sleep(10));
      const runs = [a.runUntilIdle(), b.runUntilIdle()];
      await Promise.all(runs);

      reportError('outside', hostInfo('test'));

      expect(seen).toEqual(['outside']);
      expect(a.unobservedErrors).toEqual([]);
      expect(b.unobservedErrors).toEqual([]);
    } finally {
      setErrorReporter(previous);
    }
  });

  it('routes an unobserved error to the simulator that ran the task when two run at once (regression)', async () => {
    const a = new Simulator({ autoAdvance: true });
    const b = new Simulator({ autoAdvance: true });
    const boom = new Error('from b');
    // a's run is still going (many steps) when b's task fails.
    a.spawn(
      async (ctx) => {
        for (let i = 0; i < 100; i++) await ctx.yieldNow();
      },
      { label: 'a spinner' },
    );
    b.spawn(
      async (ctx) => {
        await ctx.yieldNow();
        throw boom;
      },
      { label: 'b failing' },
    ).detach();

    // b starts running first, so a is the latest simulator: only ownership sends the error to b.
    const [rb, ra] = await Promise.allSettled([b.runUntilIdle(), a.runUntilIdle()]);

    expect(ra.status).toBe('fulfilled');
    expect(rb).toEqual({ status: 'rejected', reason: boom });
    expect(a.unobservedErrors).toEqual([]);
    expect(a.trace.steps).toBe(101);
    expect(b.unobservedErrors.map((u) => u.error)).toEqual([boom]);
  });
});
