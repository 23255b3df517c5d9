// advanceTime and advanceToNextTimer on a simulator built with autoAdvance: they move the clock
// only as far as asked. Bad arguments name themselves. Written against the survivors of a
// mutation run of src/simulator.ts (docs/mutation.md).
import { InvalidArgumentError } from '@sched/core';
import { Simulator } from '@sched/sim';
import { describe, expect, it } from 'vitest';

/** A simulator with autoAdvance and tasks that log the time at 3, 10 and 100 ms. */
function withSleepers(): { sim: Simulator; woke: number[] } {
  const sim = new Simulator({ autoAdvance: true, order: 'fifo' });
  const woke: number[] = [];
  for (const ms of [3, 10, 100]) {
    sim.spawn(async (ctx) => {
      await ctx.sleep(ms);
      woke.push(sim.now());
    });
  }
  return { sim, woke };
}

describe('moving the clock on a simulator with autoAdvance', () => {
  it('advanceTime(ms) fires only the timers due within ms, and stops the clock at now + ms', async () => {
    const { sim, woke } = withSleepers();
    await sim.advanceTime(10);
    expect(woke).toEqual([3, 10]);
    expect(sim.now()).toBe(10);
    expect(sim.pendingTimers).toBe(1);
  });

  it('advanceTime(0) runs what is ready and leaves every future timer alone', async () => {
    const { sim, woke } = withSleepers();
    await sim.advanceTime(0);
    expect(woke).toEqual([]);
    expect(sim.now()).toBe(0);
    expect(sim.pendingTimers).toBe(3);
  });

  it('advanceToNextTimer fires the next timer only', async () => {
    const { sim, woke } = withSleepers();
    await sim.runUntilIdle({ autoAdvance: false });
    expect(await sim.advanceToNextTimer()).toBe(true);
    expect(woke).toEqual([3]);
    expect(sim.now()).toBe(3);
    expect(sim.pendingTimers).toBe(2);
  });

  it("a bad advanceTime argument is a typed error naming 'ms'", async () => {
    const sim = new Simulator({ autoAdvance: true });
    for (const ms of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      const error = await sim.advanceTime(ms).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).argument).toBe('ms');
    }
  });

  it('an unknown attribution is a typed error listing the three modes', () => {
    let error: unknown;
    try {
      new Simulator({ attribution: 'magic' as never });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toBe(`Invalid attribution: "magic"; expected 'auto', 'exact' or 'step'.`);
  });
});
