// The Simulator's small public surface, pinned value by value: option checks, what drives the
// decisions, single steps, manual time and `runUntil` on settled targets. Written against the
// survivors of a mutation run of src/simulator.ts and src/stepping/ (docs/mutation.md).
import { InvalidArgumentError, Task } from '@sched/core';
import { DeadlockError, Simulator } from '@sched/sim';
import { describe, expect, it } from 'vitest';

describe('Simulator options are checked at construction', () => {
  it("accepts every valid attribution: 'auto', 'exact' (Node has AsyncLocalStorage) and 'step'", async () => {
    for (const attribution of ['auto', 'exact', 'step'] as const) {
      const sim = new Simulator({ attribution, order: 'fifo' });
      const task = sim.spawn(async (ctx) => {
        await ctx.yieldNow();
        return attribution;
      });
      expect(await sim.runUntil(task)).toBe(attribution);
    }
  });

  it('a run call checks its own maxSteps override', async () => {
    const sim = new Simulator();
    sim.spawn(() => 1);
    // Checked before the run starts: the call throws at once.
    expect(() => sim.runUntilIdle({ maxSteps: 0 })).toThrow(InvalidArgumentError);
    // The refused call started nothing: the next one runs the task.
    expect(sim.running).toBe(false);
    await sim.runUntilIdle();
    expect(sim.trace.steps).toBe(1);
  });

  it('startTime, jitterMs and maxSteps defaults: clock 0, no jitter, 1,000,000 steps', async () => {
    const sim = new Simulator({ autoAdvance: true });
    expect(sim.now()).toBe(0);
    sim.spawn((ctx) => ctx.sleep(7));
    await sim.runUntilIdle();
    expect(sim.now()).toBe(7);
    expect(sim.trace.events.every((e) => e.jitter === undefined)).toBe(true);
    const spinner = new Simulator();
    spinner.spawn(async (ctx) => {
      for (let i = 0; i < 2000; i++) await ctx.yieldNow();
    });
    await spinner.runUntilIdle();
    expect(spinner.trace.steps).toBe(2001);
  });
});

describe('what drives the decisions', () => {
  it('is described as the seed, the fifo source or the schedule', () => {
    expect(new Simulator().description).toBe('seed 0');
    expect(new Simulator({ seed: 42 }).description).toBe('seed 42');
    expect(new Simulator({ order: 'fifo' }).description).toBe('fifo');
    expect(new Simulator({ schedule: [1, 0, 2] }).description).toMatch(/^schedule /);
    // An explicit source wins over seed and schedule.
    const source = { description: 'mine', choose: () => 0 };
    expect(new Simulator({ source, seed: 3, schedule: [1] }).description).toBe('mine');
  });

  it('a schedule wins over the seed, and the recorded schedule replays the same order', async () => {
    const order = (sim: Simulator): Promise<string[]> => {
      const log: string[] = [];
      for (const name of ['a', 'b', 'c', 'd']) {
        sim.spawn(async (ctx) => {
          await ctx.yieldNow();
          log.push(name);
        });
      }
      return sim.runUntilIdle().then(() => log);
    };
    const first = new Simulator({ seed: 7 });
    const seen = await order(first);
    const replayed = await order(new Simulator({ seed: 99, schedule: first.schedule }));
    expect(replayed).toEqual(seen);
    // Schedule [] is all zeros: first candidate every time, the spawn order.
    expect(await order(new Simulator({ seed: 99, schedule: [] }))).toEqual(['a', 'b', 'c', 'd']);
  });

  it('delay() draws in [min, max] as one recorded decision, none when min === max', () => {
    const sim = new Simulator({ schedule: [3] });
    expect(sim.delay(10, 10)).toBe(10);
    expect(sim.schedule).toEqual([]);
    expect(sim.delay(10, 20)).toBe(13);
    expect(sim.schedule).toEqual([3]);
    expect(() => sim.delay(5, 4)).toThrow(InvalidArgumentError);
  });
});

describe('step()', () => {
  it('fires a due timer first, but never advances the clock on its own', async () => {
    const sim = new Simulator({ order: 'fifo' });
    const log: string[] = [];
    sim.spawn(async (ctx) => {
      await ctx.sleep(5);
      log.push('woke');
    });
    expect(await sim.step()).toBe(true); // starts and sleeps
    expect(await sim.step()).toBe(false); // the timer is not due
    expect(sim.now()).toBe(0);
    expect(await sim.step({ autoAdvance: true })).toBe(true);
    expect(sim.now()).toBe(5);
    expect(log).toEqual(['woke']);
  });
});

describe('manual time', () => {
  it('advanceToNextTimer resolves false without timers, else jumps to the earliest deadline and runs', async () => {
    const sim = new Simulator({ order: 'fifo', startTime: 100 });
    expect(await sim.advanceToNextTimer()).toBe(false);
    expect(sim.now()).toBe(100);
    const log: Array<[string, number]> = [];
    for (const [name, ms] of [
      ['late', 30],
      ['early', 10],
    ] as const) {
      sim.spawn(async (ctx) => {
        await ctx.sleep(ms);
        log.push([name, sim.now()]);
      });
    }
    await sim.runUntilIdle();
    expect(await sim.advanceToNextTimer()).toBe(true);
    expect(log).toEqual([['early', 110]]);
    expect(sim.now()).toBe(110);
    expect(await sim.advanceToNextTimer()).toBe(true);
    expect(log).toEqual([
      ['early', 110],
      ['late', 130],
    ]);
    expect(await sim.advanceToNextTimer()).toBe(false);
    expect(sim.now()).toBe(130);
  });

  it('advanceTime moves the clock by exactly ms even with no timer, and refuses a negative ms', async () => {
    const sim = new Simulator({ startTime: 3 });
    await sim.advanceTime(0);
    expect(sim.now()).toBe(3);
    await sim.advanceTime(12);
    expect(sim.now()).toBe(15);
    await expect(sim.advanceTime(-1)).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(sim.now()).toBe(15);
  });

  it('advanceTime fires a timer due exactly at the end of the window, not one a millisecond later', async () => {
    const sim = new Simulator({ order: 'fifo' });
    const fired: number[] = [];
    for (const ms of [10, 11]) {
      sim.spawn(async (ctx) => {
        await ctx.sleep(ms);
        fired.push(ms);
      });
    }
    await sim.advanceTime(10);
    expect(fired).toEqual([10]);
    expect(sim.pendingTimers).toBe(1);
    expect(sim.now()).toBe(10);
  });
});

describe('runUntil on targets that are already settled or not tasks', () => {
  it('returns a finished task’s value without stepping', async () => {
    const sim = new Simulator();
    sim.spawn(() => 'unrelated');
    expect(await sim.runUntil(Task.ready(5))).toBe(5);
    expect(sim.trace.steps).toBe(0);
    expect(sim.readyCount).toBe(1);
  });

  it('follows a plain promise that a task settles, and stops soon after, while other work goes on', async () => {
    const sim = new Simulator({ order: 'fifo', maxSteps: 100 });
    let release: (value: string) => void = () => {};
    const plain = new Promise<string>((resolve) => (release = resolve));
    sim.spawn(() => release('done'));
    sim.spawn(async (ctx) => {
      for (;;) await ctx.yieldNow();
    });
    // Without watching the promise settle the spinner would run into the step budget.
    expect(await sim.runUntil(plain)).toBe('done');
    expect(sim.trace.steps).toBeLessThan(5);
    expect(sim.readyCount).toBe(1);
  });

  it('a plain promise that rejects makes runUntil reject with its reason', async () => {
    const sim = new Simulator({ order: 'fifo' });
    const boom = new Error('boom');
    let fail: (error: Error) => void = () => {};
    const plain = new Promise<string>((_, reject) => (fail = reject));
    sim.spawn(() => fail(boom));
    await expect(sim.runUntil(plain)).rejects.toBe(boom);
  });

  it('an object whose isFinished is not exactly true is waited for, and deadlocks when nothing settles it', async () => {
    const sim = new Simulator();
    const never = { isFinished: 1, then: () => {} } as unknown as PromiseLike<number>;
    await expect(sim.runUntil(never)).rejects.toBeInstanceOf(DeadlockError);
  });
});
