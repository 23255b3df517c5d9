// GPUI's test-dispatcher controls over the simulator, with the semantics listed in ANCHORS.md §1.

import {
  BackgroundExecutor,
  BlockInRunError,
  ForegroundExecutor,
  NotTestHostError,
  OffMainThreadError,
  ParkingForbiddenError,
} from '@sched/compat-gpui';
import { Channel, type Scheduler } from '@sched/core';
import { NodeScheduler } from '@sched/runtime-node';
import { Simulator } from '@sched/sim';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

describe('runUntilParked, tick, advanceClock', () => {
  it('runUntilParked runs every ready task and leaves timers pending (the clock does not move)', async () => {
    const sim = new Simulator({ seed: 1 });
    const executor = new BackgroundExecutor(sim);
    const log: string[] = [];
    executor.spawn(async () => log.push('a')).detach();
    executor
      .spawn(async (ctx) => {
        await ctx.yieldNow();
        log.push('b');
        await ctx.sleep(5);
        log.push('late');
      })
      .detach();
    await executor.runUntilParked();
    expect(log.sort()).toEqual(['a', 'b']);
    expect(sim.now()).toBe(0);
    expect(sim.pendingTimers).toBe(1);
  });

  it('tick runs one step and reports whether it did anything', async () => {
    const sim = new Simulator({ seed: 2 });
    const executor = new BackgroundExecutor(sim);
    const task = executor.spawn(async (ctx) => {
      await ctx.yieldNow();
      return 'done';
    });
    expect(await executor.tick()).toBe(true); // start
    expect(task.isFinished).toBe(false);
    expect(await executor.tick()).toBe(true); // resume
    expect(task.isFinished).toBe(true);
    expect(await executor.tick()).toBe(false);
    expect(sim.trace.steps).toBe(2);
  });

  it('advanceClock fires timers in deadline order, running the tasks they wake in between', async () => {
    const sim = new Simulator({ seed: 5 });
    const executor = new BackgroundExecutor(sim);
    const log: string[] = [];
    for (const ms of [30, 10, 20]) {
      executor
        .spawn(async (ctx) => {
          await ctx.sleep(ms);
          log.push(`timer ${ms} at ${sim.now()}`);
          // Work woken by a timer runs before the next timer fires.
          executor.spawn(async () => log.push(`after ${ms} at ${sim.now()}`)).detach();
        })
        .detach();
    }
    await executor.advanceClock(25);
    expect(log).toEqual(['timer 10 at 10', 'after 10 at 10', 'timer 20 at 20', 'after 20 at 20']);
    expect(sim.now()).toBe(25); // set to now + d, not to the last timer
    await executor.advanceClock(5);
    expect(log.slice(4)).toEqual(['timer 30 at 30', 'after 30 at 30']);
  });
});

describe('simulateRandomDelay', () => {
  it('yields N times with N in 0..9, one decision, deterministic per seed, and spreads over seeds', async () => {
    const counts = new Map<number, number>();
    for (let seed = 0; seed < 200; seed++) {
      const run = async () => {
        const sim = new Simulator({ seed });
        const executor = new BackgroundExecutor(sim);
        const task = executor.spawn(async () => executor.simulateRandomDelay());
        await sim.runUntilIdle();
        await task;
        return { steps: sim.trace.steps, decisions: sim.schedule.length };
      };
      const first = await run();
      expect(await run()).toEqual(first);
      const yields = first.steps - 1; // one start step, then one step per yield
      expect(yields).toBeGreaterThanOrEqual(0);
      expect(yields).toBeLessThanOrEqual(9);
      counts.set(yields, (counts.get(yields) ?? 0) + 1);
    }
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});

describe('parking and blocking', () => {
  it('block steps the simulation until the work is done', async () => {
    const sim = new Simulator({ seed: 4 });
    const executor = new BackgroundExecutor(sim);
    const task = executor.spawn(async (ctx) => {
      await ctx.sleep(50);
      return 'slept';
    });
    expect(await executor.block(task)).toBe('slept');
    expect(sim.now()).toBe(50); // block jumps to the next timer when nothing is ready
  });

  it('parking is forbidden by default: work that can never finish fails with its spawn site', async () => {
    const sim = new Simulator({ seed: 0 });
    const executor = new BackgroundExecutor(sim);
    const inbox = new Channel<number>(sim); // nobody ever sends
    const stuck = executor.spawnLabeled('waits forever', async () => inbox.recv());
    const error = await executor.block(stuck).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ParkingForbiddenError);
    const parking = error as ParkingForbiddenError;
    expect(parking.code).toBe('ERR_GPUI_PARKING_FORBIDDEN');
    expect(parking.pending.map((t) => t.label)).toEqual(['waits forever']);
    expect(parking.message).toContain('task #');
    expect(parking.message).toContain('"waits forever" spawned at');
    expect(parking.message).toContain('test-control.test.ts');
  });

  it('allowParking waits for real when the blocked work depends on the outside world', async () => {
    const sim = new Simulator({ seed: 0, allowForeign: true });
    const executor = new BackgroundExecutor(sim);
    executor.allowParking();
    const outside = new Promise<string>((resolve) => setTimeout(() => resolve('real'), 5));
    expect(await executor.block(outside)).toBe('real');
    executor.forbidParking();
    await expect(executor.block(new Promise(() => {}))).rejects.toBeInstanceOf(ParkingForbiddenError);
  });

  it('allowParking: outside work that rejects while parked makes block reject with its error', async () => {
    const sim = new Simulator({ seed: 0, allowForeign: true });
    const executor = new BackgroundExecutor(sim);
    executor.allowParking();
    const failure = new Error('the outside world failed');
    const outside = new Promise<string>((_, reject) => setTimeout(() => reject(failure), 5));
    await expect(executor.block(outside)).rejects.toBe(failure);
  });

  it('blockWithTimeout: the timeout is a budget of steps drawn from the tick range, not wall time', async () => {
    const sim = new Simulator({ seed: 9 });
    const executor = new BackgroundExecutor(sim);
    executor.setBlockOnTicks(3, 3);
    const slow = executor.spawn(async (ctx) => {
      for (let i = 0; i < 10; i++) await ctx.yieldNow();
      return 'finished';
    });
    const first = await executor.blockWithTimeout(1_000_000, slow);
    expect(first.ok).toBe(false);
    expect(sim.trace.steps).toBe(3);
    if (first.ok) throw new Error('unreachable');
    executor.setBlockOnTicks(100, 100);
    expect(await executor.blockWithTimeout(1, first.pending)).toEqual({ ok: true, value: 'finished' });
    expect(() => executor.setBlockOnTicks(5, 2)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }));
  });

  it('ForegroundExecutor.blockOn and blockWithTimeout share the same loop and tick budget', async () => {
    const sim = new Simulator({ seed: 11 });
    const foreground = new ForegroundExecutor(sim);
    const background = new BackgroundExecutor(sim);
    background.setBlockOnTicks(2, 2);
    const work = foreground.spawn(async (ctx) => {
      for (let i = 0; i < 5; i++) await ctx.yieldNow();
      return 'fg';
    });
    const early = await foreground.blockWithTimeout(10, work);
    expect(early.ok).toBe(false);
    expect(sim.trace.steps).toBe(2);
    expect(await foreground.blockOn(work)).toBe('fg');
    await expect(foreground.blockOn(new Channel<number>(sim).recv())).rejects.toBeInstanceOf(ParkingForbiddenError);
  });

  it('blocking from inside a task is a typed error', async () => {
    const sim = new Simulator({ seed: 0 });
    const executor = new BackgroundExecutor(sim);
    const task = executor.spawn(async () => executor.block(executor.spawn(async () => 1)));
    await sim.runUntilIdle();
    await expect(task).rejects.toBeInstanceOf(BlockInRunError);
  });

  it('on a production host blockWithTimeout uses real time', async () => {
    const executor = new BackgroundExecutor(new NodeScheduler());
    const never = new Promise<number>(() => {});
    const result = await executor.blockWithTimeout(5, never);
    expect(result).toEqual({ ok: false, pending: never });
    expect(await executor.blockWithTimeout(1_000, Promise.resolve(3))).toEqual({ ok: true, value: 3 });
  });
});

describe('rng and deprioritize', () => {
  it('rng draws are recorded decisions: the same seed gives the same draws, schedules replay them', async () => {
    const draw = (options: { seed?: number; schedule?: readonly number[] }) => {
      const sim = new Simulator(options);
      const rng = new BackgroundExecutor(sim).rng();
      const values = [rng.range(0, 100), rng.range(5, 10), rng.bool(), rng.ratio(1, 3)];
      return { values, schedule: [...sim.schedule] };
    };
    fc.assert(
      fc.property(fc.nat({ max: 0xffff_ffff }), (seed) => {
        const a = draw({ seed });
        expect(draw({ seed })).toEqual(a);
        expect(draw({ schedule: a.schedule }).values).toEqual(a.values);
        const [r1, r2] = a.values as [number, number];
        expect(r1).toBeGreaterThanOrEqual(0);
        expect(r1).toBeLessThan(100);
        expect(r2).toBeGreaterThanOrEqual(5);
        expect(r2).toBeLessThan(10);
      }),
      { numRuns: 50 },
    );
    const rng = new BackgroundExecutor(new Simulator()).rng();
    expect(() => rng.range(3, 3)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }));
    expect(() => rng.ratio(2, 1)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }));
  });

  it('a deprioritized label starts only when no other work is ready, on every seed', async () => {
    const orders = new Set<string>();
    for (let seed = 0; seed < 100; seed++) {
      const sim = new Simulator({ seed });
      const executor = new BackgroundExecutor(sim);
      executor.deprioritize('low');
      const log: string[] = [];
      executor.spawnLabeled('low', async () => log.push('low')).detach();
      for (const name of ['a', 'b', 'c']) {
        executor
          .spawnLabeled(name, async (ctx) => {
            await ctx.yieldNow();
            log.push(name);
          })
          .detach();
      }
      await sim.runUntilIdle();
      expect(log).toHaveLength(4);
      expect(log[3]).toBe('low');
      orders.add(log.join(''));
    }
    expect(orders.size).toBeGreaterThan(1); // the others still interleave
  });

  it('without deprioritize, the labelled task runs anywhere in the order', async () => {
    const positions = new Set<number>();
    for (let seed = 0; seed < 50; seed++) {
      const sim = new Simulator({ seed });
      const executor = new BackgroundExecutor(sim);
      const log: string[] = [];
      executor.spawnLabeled('low', async () => log.push('low')).detach();
      for (const name of ['a', 'b']) executor.spawn(async () => log.push(name)).detach();
      await sim.runUntilIdle();
      positions.add(log.indexOf('low'));
    }
    expect(positions.size).toBe(3);
  });
});

describe('session-fifo foreground order, as in GPUI tests', () => {
  it('foreground tasks of one session run FIFO while background tasks interleave with them', async () => {
    const bgPositions = new Set<number>();
    for (let seed = 0; seed < 100; seed++) {
      const sim = new Simulator({ seed, order: 'session-fifo' });
      const foreground = new ForegroundExecutor(sim, sim.session('window'));
      const background = new BackgroundExecutor(sim);
      const log: string[] = [];
      for (const name of ['f1', 'f2', 'f3', 'f4']) foreground.spawn(async () => log.push(name)).detach();
      background.spawn(async () => log.push('bg')).detach();
      await sim.runUntilIdle();
      expect(log.filter((x) => x !== 'bg')).toEqual(['f1', 'f2', 'f3', 'f4']);
      bgPositions.add(log.indexOf('bg'));
    }
    expect(bgPositions.size).toBe(5);
  });
});

describe('typed errors', () => {
  it('test-control methods on a production host throw NotTestHostError naming the method', async () => {
    const executor = new BackgroundExecutor(new NodeScheduler());
    const calls: Array<[string, () => unknown]> = [
      ['runUntilParked', () => executor.runUntilParked()],
      ['advanceClock', () => executor.advanceClock(1)],
      ['tick', () => executor.tick()],
      ['forbidParking', () => executor.forbidParking()],
      ['allowParking', () => executor.allowParking()],
      ['rng', () => executor.rng()],
      ['deprioritize', () => executor.deprioritize('x')],
      ['setBlockOnTicks', () => executor.setBlockOnTicks(0, 1)],
    ];
    for (const [method, call] of calls) {
      expect(call).toThrow(NotTestHostError);
      expect(call).toThrow(`${method}()`);
    }
    await expect(executor.simulateRandomDelay()).rejects.toBeInstanceOf(NotTestHostError);
    expect(await executor.block(Promise.resolve(1))).toBe(1);
  });

  it('a ForegroundExecutor off the main thread is an OffMainThreadError', () => {
    const worker = new NodeScheduler();
    const offMain: Scheduler = Object.assign(Object.create(worker) as NodeScheduler, { isMainThread: () => false });
    expect(() => new ForegroundExecutor(offMain)).toThrow(OffMainThreadError);
    expect(() => new ForegroundExecutor(offMain)).toThrow(
      expect.objectContaining({ code: 'ERR_GPUI_OFF_MAIN_THREAD' }),
    );
  });
});

describe('properties', () => {
  it('advanceClock(d): exactly the timers due by now + d fire, in deadline order, and the clock ends at now + d', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 0, max: 60 }),
        fc.nat({ max: 1000 }),
        async (delays, d, seed) => {
          const sim = new Simulator({ seed });
          const executor = new BackgroundExecutor(sim);
          const fired: number[] = [];
          for (const ms of delays) {
            executor
              .spawn(async (ctx) => {
                await ctx.sleep(ms);
                fired.push(sim.now());
              })
              .detach();
          }
          await executor.advanceClock(d);
          expect(fired).toEqual(delays.filter((ms) => ms <= d).sort((a, b) => a - b));
          expect(sim.now()).toBe(d);
          await executor.advanceClock(50);
          expect(fired).toHaveLength(delays.length);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('blockWithTimeout with a budget of b steps finishes work needing k steps iff k ≤ b', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 12 }), async (k, b) => {
        const sim = new Simulator({ seed: k * 31 + b });
        const executor = new BackgroundExecutor(sim);
        executor.setBlockOnTicks(b, b);
        // One start step, then k − 1 yields: k steps in all.
        const work = executor.spawn(async (ctx) => {
          for (let i = 1; i < k; i++) await ctx.yieldNow();
          return k;
        });
        const result = await executor.blockWithTimeout(0, work);
        expect(result.ok).toBe(k <= b);
        expect(sim.trace.steps).toBe(Math.min(k, b));
        if (!result.ok) await sim.runUntilIdle();
      }),
      { numRuns: 100 },
    );
  });
});
