import { Channel, InvalidArgumentError, setSpawnLocationCapture } from '@sched/core';
import { CallRunnable, hostInfo } from '@sched/core/host';
import { DeadlockError, Simulator } from '@sched/sim';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { callerLine, withoutColumn } from './support/location.js';

/** Indices of `delays` stably sorted by delay: the order timers must fire in. */
function stableOrder(delays: readonly number[]): number[] {
  return delays
    .map((delay, index) => ({ delay, index }))
    .sort((a, b) => a.delay - b.delay || a.index - b.index)
    .map((x) => x.index);
}

describe('Simulator: virtual timers', () => {
  it("with order 'session-fifo': fire in deadline order with FIFO ties, at their deadline (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 12 }),
        fc.nat(),
        async (delays, seed) => {
          const sim = new Simulator({ seed, autoAdvance: true, order: 'session-fifo' });
          const fired: Array<[number, number]> = [];
          delays.forEach((delay, i) => {
            sim.spawn(async (ctx) => {
              await ctx.sleep(delay);
              fired.push([i, sim.now()]);
            });
          });

          await sim.runUntilIdle();

          expect(fired.map(([i]) => i)).toEqual(stableOrder(delays));
          for (const [i, at] of fired) expect(at).toBe(delays[i]);
          expect(sim.now()).toBe(Math.max(...delays));
        },
      ),
      { numRuns: 100 },
    );
  });

  it("with order 'session-fifo': timers set from test code fire in creation order on ties, whatever the seed (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 1, maxLength: 12 }),
        fc.nat(),
        async (delays, seed) => {
          const sim = new Simulator({ seed, autoAdvance: true, order: 'session-fifo' });
          const fired: number[] = [];
          delays.forEach((delay, i) => {
            sim.dispatchAfter(delay, new CallRunnable(hostInfo(`timer ${i}`), () => fired.push(i), 'timer'));
          });

          await sim.runUntilIdle();

          expect(fired).toEqual(stableOrder(delays));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('by default fire in deadline order, each at its deadline, with ties in a seed-chosen order (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 1, maxLength: 12 }),
        fc.nat(),
        async (delays, seed) => {
          const sim = new Simulator({ seed, autoAdvance: true });
          const fired: Array<[number, number]> = [];
          delays.forEach((delay, i) => {
            sim.spawn(async (ctx) => {
              await ctx.sleep(delay);
              fired.push([i, sim.now()]);
            });
          });

          await sim.runUntilIdle();

          expect(fired.map(([i]) => i).sort((a, b) => a - b)).toEqual(delays.map((_, i) => i));
          for (const [i, at] of fired) expect(at).toBe(delays[i]);
          for (let k = 1; k < fired.length; k++) {
            expect(delays[(fired[k] as [number, number])[0]]).toBeGreaterThanOrEqual(
              delays[(fired[k - 1] as [number, number])[0]] as number,
            );
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('by default a timeout racing a response due at the same millisecond is explored both ways', async () => {
    const outcomes = new Set<string>();
    for (let seed = 0; seed < 64; seed++) {
      const sim = new Simulator({ seed, autoAdvance: true });
      let winner = '';
      sim.spawn(async (ctx) => {
        await ctx.sleep(100);
        winner ||= 'response';
      });
      sim.spawn(async (ctx) => {
        await ctx.sleep(100);
        winner ||= 'timeout';
      });
      await sim.runUntilIdle();
      outcomes.add(winner);
    }
    expect([...outcomes].sort()).toEqual(['response', 'timeout']);
  });

  it('a cancelled dispatchAfter never fires', async () => {
    const sim = new Simulator({ autoAdvance: true });
    const fired: string[] = [];
    sim.dispatchAfter(5, new CallRunnable(hostInfo('kept'), () => fired.push('kept'), 'timer'));
    const handle = sim.dispatchAfter(1, new CallRunnable(hostInfo('dropped'), () => fired.push('dropped'), 'timer'));

    expect(handle.cancel()).toBe(true);
    expect(handle.cancel()).toBe(false);
    await sim.runUntilIdle();

    expect(fired).toEqual(['kept']);
    expect(sim.now()).toBe(5);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('rejects the delay %s', (delay) => {
    const sim = new Simulator();

    expect(() => sim.dispatchAfter(delay, new CallRunnable(hostInfo('x'), () => {}))).toThrow(InvalidArgumentError);
    expect(() => sim.timer(delay)).toThrow(InvalidArgumentError);
  });

  it('starts the clock at startTime', async () => {
    const sim = new Simulator({ startTime: 1000, autoAdvance: true });
    const task = sim.spawn(async (ctx) => {
      await ctx.sleep(5);
      return ctx.scheduler.now();
    });

    expect(await sim.runUntil(task)).toBe(1005);
  });

  it('jitter delays each timer by a seed-drawn 0..jitterMs and records it in the trace', async () => {
    const run = async (seed: number): Promise<{ fired: number[]; jitter: Array<number | undefined> }> => {
      const sim = new Simulator({ seed, autoAdvance: true, jitterMs: 5 });
      const fired: number[] = [];
      for (let i = 0; i < 8; i++) {
        sim.spawn(async (ctx) => {
          await ctx.sleep(10);
          fired.push(sim.now());
        });
      }
      await sim.runUntilIdle();
      return { fired, jitter: sim.trace.events.filter((e) => e.kind === 'start').map((e) => e.jitter) };
    };

    const a = await run(9);
    const b = await run(9);
    const others = [await run(1), await run(2), await run(3), await run(4)];

    expect(a).toEqual(b);
    for (const { fired, jitter } of [a, ...others]) {
      expect(fired.every((t) => t >= 10 && t <= 15)).toBe(true);
      expect([...fired].sort((x, y) => x - y)).toEqual(fired);
      expect(jitter.map((j) => 10 + (j ?? 0)).sort((x, y) => x - y)).toEqual(fired);
    }
    expect(new Set([a, ...others].map((r) => r.fired.join(','))).size).toBeGreaterThan(1);
  });
});

describe('Simulator: auto-advance and deadlock', () => {
  it('with autoAdvance a sleeping test does not deadlock: the clock jumps to each timer', async () => {
    const sim = new Simulator({ autoAdvance: true });
    const task = sim.spawn(async (ctx) => {
      await ctx.sleep(100);
      await ctx.sleep(50);
      return 'woke';
    });

    expect(await sim.runUntil(task)).toBe('woke');
    expect(sim.now()).toBe(150);
  });

  it('ref() / unref() on a timer change nothing in the simulator (no process to keep alive)', async () => {
    const sim = new Simulator({ autoAdvance: true });
    const task = sim.spawn(async (ctx) => {
      await ctx.sleep(100).unref();
      await ctx.sleep(50).ref();
      await sim.timer(25).unref().ref();
      return 'woke';
    });

    expect(await sim.runUntil(task)).toBe('woke');
    expect(sim.now()).toBe(175);
  });

  it('a DeadlockError for tasks without a spawn location says how to turn capture on', async () => {
    const sim = new Simulator();
    const previous = setSpawnLocationCapture(false);
    let error: unknown;
    try {
      const task = sim.spawn((ctx) => ctx.sleep(10), { label: 'anonymous' });
      error = await sim.runUntil(task).catch((e: unknown) => e);
    } finally {
      setSpawnLocationCapture(previous);
    }
    expect(error).toBeInstanceOf(DeadlockError);
    expect((error as DeadlockError).message).toContain('"anonymous" spawned at unknown location');
    expect((error as DeadlockError).message).toContain('call setSpawnLocationCapture(true)');
  });

  it('without autoAdvance, runUntil on a sleeping task throws DeadlockError naming the blocked task', async () => {
    const sim = new Simulator();
    const [task, spawnedAt] = [sim.spawn((ctx) => ctx.sleep(10), { label: 'napper' }), callerLine()];

    const error = await sim.runUntil(task).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DeadlockError);
    const deadlock = error as DeadlockError;
    expect(deadlock.code).toBe('ERR_SIM_DEADLOCK');
    expect(deadlock.blocked).toEqual([task]);
    expect(withoutColumn(task.spawnLocation)).toBe(spawnedAt);
    expect(deadlock.message).toContain(`task #${task.id} "napper" spawned at ${task.spawnLocation}`);
    expect(deadlock.message).toContain('(1 timer pending; enable autoAdvance or call advanceTime to fire them)');
    expect(sim.now()).toBe(0);
  });

  it('runUntil throws DeadlockError for tasks waiting on each other through channels, even with autoAdvance', async () => {
    const sim = new Simulator({ autoAdvance: true, seed: 5 });
    const ping = new Channel<string>(sim);
    const pong = new Channel<string>(sim);
    const a = sim.spawn(async () => ping.send(await pong.recv()), { label: 'a' });
    const b = sim.spawn(async () => pong.send(await ping.recv()), { label: 'b' });

    const error = await sim.runUntil(a).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DeadlockError);
    expect((error as DeadlockError).blocked.map((t) => t.label).sort()).toEqual(['a', 'b']);
    // No timer is pending, so firing timers cannot help: the message does not suggest it.
    expect((error as DeadlockError).message).toContain('(no timer pending, so nothing can settle it)');
    expect((error as DeadlockError).message).not.toMatch(/autoAdvance|advanceTime/);
    expect(b.isFinished).toBe(false);
  });

  it('runUntilIdle without autoAdvance fires only due timers; per-call autoAdvance overrides it', async () => {
    const sim = new Simulator();
    const task = sim.spawn(async (ctx) => {
      await ctx.sleep(0);
      await ctx.sleep(30);
    });

    await sim.runUntilIdle();
    expect(sim.now()).toBe(0);
    expect(sim.pendingTimers).toBe(1);
    expect(task.isFinished).toBe(false);

    await sim.runUntilIdle({ autoAdvance: true });
    expect(sim.now()).toBe(30);
    expect(task.isFinished).toBe(true);
  });

  it('advanceTime fires due timers in deadline order and leaves later ones pending', async () => {
    const sim = new Simulator({ seed: 8 });
    const log: string[] = [];
    for (const delay of [40, 10, 25]) {
      sim.spawn(async (ctx) => {
        await ctx.sleep(delay);
        log.push(`${delay}@${sim.now()}`);
      });
    }
    await sim.runUntilIdle();

    await sim.advanceTime(30);

    expect(log).toEqual(['10@10', '25@25']);
    expect(sim.now()).toBe(30);
    expect(sim.pendingTimers).toBe(1);
    expect(await sim.advanceToNextTimer()).toBe(true);
    expect(log).toEqual(['10@10', '25@25', '40@40']);
    expect(sim.now()).toBe(40);
    expect(await sim.advanceToNextTimer()).toBe(false);
    await expect(sim.advanceTime(-1)).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it('advanceTime fires timers that fired timers set, if they fall inside the window', async () => {
    const sim = new Simulator();
    const log: number[] = [];
    sim.spawn(async (ctx) => {
      for (let i = 0; i < 5; i++) {
        await ctx.sleep(10);
        log.push(sim.now());
      }
    });

    await sim.advanceTime(35);

    expect(log).toEqual([10, 20, 30]);
    expect(sim.now()).toBe(35);
  });
});
