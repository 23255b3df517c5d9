// Owned waits a task still has pending keep it from counting as parked; a real timer called
// after an owned await is still inside the step; a delay drawn inside a step is recorded on it.
// Written against the survivors of the mutation run of src/stepping/ with the escape tests
// (docs/mutation.md).
import { Channel } from '@sched/core';
import { EscapeError, Simulator } from '@sched/sim';
import { describe, expect, it } from 'vitest';

describe.each(['step', 'exact'] as const)('owned waits, attribution %s', (attribution) => {
  it('half of a Promise.all resolved and the other half an owned receive nobody serves: idle, not parked', async () => {
    const sim = new Simulator({ attribution, allowForeign: true, autoAdvance: true });
    const channel = new Channel<string>(sim, { capacity: 1 });
    const task = sim.spawn(
      async (ctx) => {
        const [, value] = await Promise.all([ctx.sleep(2), channel.recv()]);
        return value;
      },
      { label: 'half' },
    );
    await sim.runUntilIdle();
    expect(sim.now()).toBe(2);
    expect(task.isFinished).toBe(false);
    expect(sim.escapes).toEqual([]);

    sim.spawn(async () => channel.send('late'), { label: 'sender' });
    await sim.runUntilIdle();
    expect(await task).toBe('late');
    expect(sim.escapes).toEqual([]);
  });

  it('a real setTimeout called after an owned await, inside the resumed step, is real-async', async () => {
    const sim = new Simulator({ attribution, autoAdvance: true });
    sim.spawn(
      async (ctx) => {
        await ctx.sleep(1);
        setTimeout(() => {}, 0);
        await ctx.sleep(1);
      },
      { label: 'late timer' },
    );
    const error = await sim.runUntilIdle().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EscapeError);
    expect((error as EscapeError).kind).toBe('real-async');
    expect((error as EscapeError).message).toContain('"late timer"');
    await new Promise((resolve) => setTimeout(resolve, 5));
  });
});

describe('delays drawn inside a step', () => {
  it('are recorded on that step, and not on a later one', async () => {
    const sim = new Simulator({ seed: 3, autoAdvance: true });
    const task = sim.spawn(async (ctx) => {
      await ctx.yieldNow();
      const ms = sim.delay(5, 50);
      await ctx.sleep(ms);
      return ms;
    });
    await sim.runUntilIdle();
    const ms = await task;
    expect(sim.trace.events.map((e) => e.delays)).toEqual([undefined, [{ ms, min: 5, max: 50 }], undefined]);
  });
});
