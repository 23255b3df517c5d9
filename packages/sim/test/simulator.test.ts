import { InvalidArgumentError, spawn, type Task, TaskCancelledError } from '@sched/core';
import { many, Simulator } from '@sched/sim';
import { describe, expect, it } from 'vitest';
import { startOrder } from './support/scenarios.js';

describe('Simulator: the seed documents’ examples', () => {
  it('test_concurrent_tasks: 100 seeds × 10 background tasks, every run completes with count 10', async () => {
    const results = await many(100, async (sim) => {
      const counter = { value: 0 };
      const tasks = Array.from({ length: 10 }, () =>
        sim.spawn(
          () => {
            counter.value++;
          },
          { lane: 'background' },
        ),
      );
      await sim.runUntilIdle();
      for (const task of tasks) await task;
      return counter.value;
    });

    expect(results).toHaveLength(100);
    expect(results.every((count) => count === 10)).toBe(true);
  });

  it('test_multi_seed_determinism: every seed completes all 10 tasks, in orders that differ between seeds', async () => {
    const orders = await many(5, async (sim) => {
      const values: number[] = [];
      const tasks = Array.from({ length: 10 }, (_, i) =>
        sim.spawn(() => void values.push(i), { label: `push ${i}`, lane: 'background' }),
      );
      for (const task of tasks) await sim.runUntil(task);
      return values;
    });

    expect(orders).toHaveLength(5);
    for (const values of orders) expect([...values].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(new Set(orders.map((o) => o.join(','))).size).toBeGreaterThan(1);
  });
});

describe('Simulator: seeds decide the order', () => {
  it('different seeds really produce different orders', async () => {
    const orders = await many(20, (sim) => startOrder(sim, 10));

    const distinct = new Set(orders.map((o) => o.join(',')));
    // 10! orders: 20 seeds colliding more than a couple of times would mean the seed is ignored.
    expect(distinct.size).toBeGreaterThanOrEqual(18);
    expect(orders.some((o) => o.join(',') !== '0,1,2,3,4,5,6,7,8,9')).toBe(true);
  });

  it('the same seed gives the same order and the same trace hash', async () => {
    const a = new Simulator({ seed: 1234 });
    const b = new Simulator({ seed: 1234 });

    const [orderA, orderB] = [await startOrder(a), await startOrder(b)];

    expect(orderA).toEqual(orderB);
    expect(a.trace.hash).toBe(b.trace.hash);
    expect(a.schedule).toEqual(b.schedule);
    expect(a.description).toBe('seed 1234');
  });

  it('seed 0 is the default', async () => {
    const implicit = new Simulator();
    const explicit = new Simulator({ seed: 0 });

    expect(await startOrder(implicit)).toEqual(await startOrder(explicit));
  });

  it.each([[-1], [1.5], [2 ** 32], ['abc']])('rejects the seed %j with an InvalidArgumentError', (seed) => {
    expect(() => new Simulator({ seed: seed as number })).toThrow(InvalidArgumentError);
  });

  it.each([
    [{ maxSteps: 0 }, 'maxSteps'],
    [{ maxSteps: 1.5 }, 'maxSteps'],
    [{ jitterMs: -1 }, 'jitterMs'],
    [{ jitterMs: 0.5 }, 'jitterMs'],
    [{ startTime: -5 }, 'startTime'],
    [{ startTime: Number.NaN }, 'startTime'],
    [{ attribution: 'nearest' as 'step' }, 'attribution'],
    [{ schedule: [0, -1] }, 'schedule[1]'], // names the bad entry
  ])('rejects the option %j', (options, argument) => {
    let error: unknown;
    try {
      new Simulator(options);
    } catch (e) {
      error = e;
    }

    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).argument).toBe(argument);
  });
});

describe('Simulator: stepping', () => {
  it('step() runs one Runnable at a time and resolves false when nothing is ready', async () => {
    const sim = new Simulator({ order: 'fifo' });
    const log: string[] = [];
    sim.spawn(
      async (ctx) => {
        log.push('a1');
        await ctx.yieldNow();
        log.push('a2');
      },
      { label: 'a' },
    );
    sim.spawn(() => void log.push('b'), { label: 'b' });

    expect(await sim.step()).toBe(true);
    expect(log).toEqual(['a1']);
    expect(sim.trace.steps).toBe(1);
    expect(await sim.step()).toBe(true);
    expect(log).toEqual(['a1', 'b']);
    expect(await sim.step()).toBe(true);
    expect(log).toEqual(['a1', 'b', 'a2']);
    expect(await sim.step()).toBe(false);
    expect(sim.trace.steps).toBe(3);
    expect(sim.running).toBe(false);
  });

  it('a step lets the task run through native awaits up to its next scheduler-owned await', async () => {
    const sim = new Simulator();
    const log: string[] = [];
    sim.spawn(async (ctx) => {
      log.push('start');
      await Promise.resolve();
      await null;
      await (async () => {
        log.push('nested');
      })();
      log.push('before sleep');
      await ctx.sleep(5);
      log.push('after sleep');
    });

    await sim.step();

    expect(log).toEqual(['start', 'nested', 'before sleep']);
    expect(sim.pendingTimers).toBe(1);
  });

  it('awaiting a task from another task resumes the awaiter with a resume step', async () => {
    const sim = new Simulator({ order: 'fifo' });
    let inner: Task<number> | undefined;
    const outer = sim.spawn(async () => (await (inner as Task<number>)) * 2, { label: 'outer' });
    inner = sim.spawn(() => 21, { label: 'inner' });

    await sim.runUntilIdle();

    expect(await outer).toBe(42);
    expect(sim.trace.events.map((e) => [e.task, e.label, e.kind])).toEqual([
      [1, 'outer', 'start'],
      [2, 'inner', 'start'],
      [1, 'outer', 'resume'],
    ]);
  });

  it('under any seed, a task spawned and awaited inside another resumes its parent last', async () => {
    const kinds = await many(
      20,
      async (sim) => {
        const parent = sim.spawn(
          async (ctx) => {
            const child = spawn(ctx.scheduler, () => 21, { label: 'child', lane: 'background' });
            return (await child) * 2;
          },
          { label: 'parent', lane: 'background' },
        );
        await sim.runUntilIdle();
        expect(await parent).toBe(42);
        return sim.trace.events.map((e) => `${e.label} ${e.kind}`);
      },
      { trace: true },
    );

    for (const trace of kinds) expect(trace).toEqual(['parent start', 'child start', 'parent resume']);
  });

  it('a `then` called without awaiting does not end the step early: the next await is still this task’s (regression)', async () => {
    const sim = new Simulator({ autoAdvance: true, order: 'fifo' });
    const log: string[] = [];
    const a = sim.spawn(
      async (ctx) => {
        const later = ctx.sleep(10).then(() => log.push(`a then@${sim.now()}`));
        await ctx.sleep(5);
        log.push(`a slept@${sim.now()}`);
        await later;
      },
      { label: 'a' },
    );
    const b = sim.spawn(
      async (ctx) => {
        await ctx.sleep(1);
        log.push(`b@${sim.now()}`);
      },
      { label: 'b' },
    );

    await sim.runUntilIdle();

    expect(a.isFinished && b.isFinished).toBe(true);
    expect(log).toEqual(['b@1', 'a slept@5', 'a then@10']);
    expect(sim.escapes).toEqual([]);
    // Every resume is attributed to the task that resumed: b finished at 1 ms and never runs again.
    expect(sim.trace.events.filter((e) => e.task !== 0).map((e) => `${e.time} ${e.label} ${e.kind}`)).toEqual([
      '0 a start',
      '0 b start',
      '1 b resume',
      '5 a resume',
      '10 a resume',
      '10 a resume',
    ]);
  });

  it('the timeout idiom Promise.race([work, ctx.sleep(ms).then(…)]) is owned by the simulator, both ways (regression)', async () => {
    const race = async (workMs: number, seed: number): Promise<[string, number]> => {
      const sim = new Simulator({ autoAdvance: true, seed });
      const task = sim.spawn(
        async (ctx) => {
          const work = sim.spawn(
            async (c) => {
              await c.sleep(workMs);
              return 'work';
            },
            { label: 'work', lane: 'background' },
          );
          const winner = await Promise.race([work, ctx.sleep(10).then(() => 'timeout')]);
          await ctx.sleep(100);
          return winner;
        },
        { label: 'racer' },
      );
      const winner = await sim.runUntil(task);
      expect(sim.escapes).toEqual([]);
      return [winner, sim.now()];
    };

    for (const seed of [0, 1, 2, 3]) {
      expect(await race(20, seed)).toEqual(['timeout', 110]);
      expect(await race(5, seed)).toEqual(['work', 105]);
    }
  });

  // Attribution of concurrent flows inside one task, however deep: see
  // test/escapes/escape-verdicts.test.ts ("with attribution: 'exact', every await …").

  it('runUntil returns the value of the awaited task and stops there', async () => {
    const sim = new Simulator({ order: 'fifo' });
    const first = sim.spawn(() => 'first');
    const later = sim.spawn(() => 'later');

    expect(await sim.runUntil(first)).toBe('first');
    expect(later.isFinished).toBe(false);
    expect(await sim.runUntil(later)).toBe('later');
  });

  it('runUntil rethrows the error of the awaited task', async () => {
    const sim = new Simulator();
    const boom = new Error('boom');
    const task = sim.spawn(async (ctx) => {
      await ctx.yieldNow();
      throw boom;
    });

    await expect(sim.runUntil(task)).rejects.toBe(boom);
  });

  it('refuses a second run call while one is in progress', async () => {
    const sim = new Simulator({ autoAdvance: true });
    sim.spawn((ctx) => ctx.sleep(10));

    const first = sim.runUntilIdle();
    const second = sim.runUntilIdle();

    await expect(second).rejects.toBeInstanceOf(InvalidArgumentError);
    await first;
    expect(sim.now()).toBe(10);
  });

  it('annotate attaches notes to the running step, or to the last step outside a run', async () => {
    const sim = new Simulator({ order: 'fifo' });
    sim.spawn(
      async (ctx) => {
        sim.annotate('first note');
        await ctx.yieldNow();
        sim.annotate('second note');
      },
      { label: 'writer' },
    );
    await sim.runUntilIdle();

    sim.annotate('after the run');

    expect(sim.trace.events.map((e) => e.notes)).toEqual([['first note'], ['second note', 'after the run']]);
  });

  it('reports ready work, pending timers and live tasks', async () => {
    const sim = new Simulator();
    const sleeper = sim.spawn((ctx) => ctx.sleep(10), { label: 'sleeper' });
    sim.spawn(() => {});

    expect(sim.readyCount).toBe(2);
    await sim.runUntilIdle();

    expect(sim.readyCount).toBe(0);
    expect(sim.pendingTimers).toBe(1);
    expect(sim.liveTasks()).toEqual([sleeper]);
    expect(sim.isMainThread()).toBe(true);
  });
});

describe('Simulator: cancellation', () => {
  it('cancelling a task sleeping on ctx.sleep rejects its awaiters and its sleep, and the clock stays put', async () => {
    const sim = new Simulator({ autoAdvance: true, order: 'fifo' });
    let sleepError: unknown;
    const sleeper = sim.spawn(
      async (ctx) => {
        try {
          await ctx.sleep(1000);
        } catch (error) {
          sleepError = error;
          throw error;
        }
      },
      { label: 'sleeper' },
    );
    const awaiter = sim.spawn(
      async () => {
        try {
          await sleeper;
          return 'resolved';
        } catch (error) {
          return error;
        }
      },
      { label: 'awaiter' },
    );
    await sim.runUntilIdle({ autoAdvance: false });
    expect(sim.pendingTimers).toBe(1);

    expect(sleeper.cancel('no longer needed')).toBe(true);
    await sim.runUntilIdle();

    expect(sim.now()).toBe(0);
    expect(sim.pendingTimers).toBe(0);
    expect(sim.readyCount).toBe(0);
    expect(sim.liveTasks()).toEqual([]);
    expect(sleepError).toBeInstanceOf(TaskCancelledError);
    const awaited = await awaiter;
    expect(awaited).toBeInstanceOf(TaskCancelledError);
    expect((awaited as TaskCancelledError).taskId).toBe(sleeper.id);
    expect((awaited as TaskCancelledError).reason).toBe('no longer needed');
    await expect(sleeper).rejects.toBeInstanceOf(TaskCancelledError);
    expect(sim.unobservedErrors).toEqual([]);
    expect(sim.trace.events.map((e) => `${e.label} ${e.kind}`)).toEqual([
      'sleeper start',
      'awaiter start',
      'sleeper resume',
      'awaiter resume',
    ]);
  });

  it('cancelling from another task inside the simulation works the same', async () => {
    const sim = new Simulator({ seed: 3, autoAdvance: true });
    const sleeper = sim.spawn((ctx) => ctx.sleep(500), { label: 'sleeper' });
    const canceller = sim.spawn(
      async (ctx) => {
        await ctx.sleep(10);
        return sleeper.cancel();
      },
      { label: 'canceller' },
    );

    await sim.runUntilIdle();

    expect(await canceller).toBe(true);
    expect(sleeper.isCancelled).toBe(true);
    expect(sim.now()).toBe(10);
    expect(sim.pendingTimers).toBe(0);
  });

  it('a task cancelled before it starts never runs its body', async () => {
    const sim = new Simulator();
    let ran = false;
    const task = sim.spawn(() => {
      ran = true;
    });

    task.cancel();
    await sim.runUntilIdle();

    expect(ran).toBe(false);
    expect(await task.fallible()).toBeUndefined();
    expect(sim.liveTasks()).toEqual([]);
  });
});
