import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { EscapeError, Simulator } from '@sched/sim';
import { describe, expect, it } from 'vitest';
import { callerLine, withoutColumn } from '../support/location.js';

/** Awaits `promise` and returns what it rejected with (fails the test if it resolves). */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

/** Resolves after `ms` of real time. */
function realDelay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('escape detection', () => {
  it("a real setTimeout inside a task is reported as 'real-async' at the call, naming the task, its spawn location and the call site", async () => {
    const sim = new Simulator({ seed: 1 });
    let timerAt = '';
    const body = async (): Promise<string> => {
      await new Promise((resolve) => {
        [timerAt] = [callerLine(), setTimeout(resolve, 20)];
      });
      return 'late';
    };
    const [task, spawnedAt] = [sim.spawn(body, { label: 'sleeps for real' }), callerLine()];

    const error = await rejection(sim.runUntilIdle());

    expect(error).toBeInstanceOf(EscapeError);
    const escaped = error as EscapeError;
    expect(escaped.code).toBe('ERR_SIM_ESCAPE');
    expect(escaped.kind).toBe('real-async');
    expect(withoutColumn(escaped.location)).toBe(timerAt);
    expect(escaped.message).toContain(
      `task #${task.id} "sleeps for real" spawned at ${task.spawnLocation} called the real setTimeout`,
    );
    expect(withoutColumn(task.spawnLocation)).toBe(spawnedAt);
    expect(escaped.message).toMatch(new RegExp(`called the real setTimeout at ${escapeRegExp(timerAt)}:\\d+`));
    expect(escaped.message).toContain('allowForeign: true');
    expect(task.isFinished).toBe(false);
    await realDelay(25); // let the real timer go before the next test
  });

  it("real I/O inside a task is 'parked-on-foreign' too (no timer hint)", async () => {
    const sim = new Simulator();
    const path = fileURLToPath(import.meta.url);
    const task = sim.spawn(async () => (await readFile(path, 'utf8')).length, { label: 'reads a file' });

    const error = await rejection(sim.runUntilIdle());

    expect(error).toBeInstanceOf(EscapeError);
    expect((error as EscapeError).kind).toBe('parked-on-foreign');
    expect((error as EscapeError).message).not.toContain('Real timer calls');
    expect(await task).toBeGreaterThan(0);
  });

  it('with allowForeign: true the escape is recorded in sim.escapes and the run completes', async () => {
    const sim = new Simulator({ seed: 1, allowForeign: true, autoAdvance: true });
    const foreign = sim.spawn(
      async () => {
        await realDelay(30);
        return 'late';
      },
      { label: 'foreign' },
    );
    const owned = sim.spawn(
      async (ctx) => {
        await ctx.sleep(10);
        return 'owned';
      },
      { label: 'owned' },
    );

    await sim.runUntilIdle();

    expect(owned.isFinished).toBe(true);
    expect(await owned).toBe('owned');
    expect(sim.escapes.map((e) => e.kind)).toEqual(['real-async', 'parked-on-foreign']);
    expect(sim.escapes[1]?.location).toBe(foreign.spawnLocation);
    expect(await foreign).toBe('late');
  });

  it('a native promise from outside, resolved inside a simulated step, is not an escape (deterministic)', async () => {
    for (const seed of [0, 1, 2, 3, 4, 5]) {
      const sim = new Simulator({ seed });
      let release: (value: string) => void = () => {};
      const gate = new Promise<string>((resolve) => {
        release = resolve;
      });
      const waiter = sim.spawn(async () => `got ${await gate}`, { label: 'waiter' });
      const releaser = sim.spawn(
        async (ctx) => {
          await ctx.yieldNow();
          release('it');
          await ctx.yieldNow();
        },
        { label: 'releaser' },
      );

      await sim.runUntilIdle();

      expect(await waiter).toBe('got it');
      expect(await releaser).toBeUndefined();
      expect(sim.escapes).toEqual([]);
    }
  });

  it("a task parked on a promise that only test code resolves is 'parked-on-foreign' when the run goes idle; its later wake is 'foreign-wake'", async () => {
    const sim = new Simulator({ allowForeign: true });
    let release: (value: string) => void = () => {};
    const gate = new Promise<string>((resolve) => {
      release = resolve;
    });
    const waiter = sim.spawn(async () => `got ${await gate}`, { label: 'waiter' });

    await sim.runUntilIdle();
    expect(sim.escapes.map((e) => e.kind)).toEqual(['parked-on-foreign']);
    release('it');

    expect(await waiter).toBe('got it');
    expect(sim.escapes.map((e) => e.kind)).toEqual(['parked-on-foreign', 'foreign-wake']);
    expect(sim.escapes[1]?.message).toContain(`task #${waiter.id} "waiter"`);
    expect(sim.escapes[1]?.message).toContain('finished outside its own step');
  });

  it('awaiting native promises that settle within the step is not an escape', async () => {
    const sim = new Simulator({ seed: 3 });
    const task = sim.spawn(async () => {
      const values = await Promise.all([Promise.resolve(1), (async () => 2)(), new Promise<number>((r) => r(3))]);
      queueMicrotask(() => {});
      return values.reduce((a, b) => a + b, 0);
    });

    await sim.runUntilIdle();

    expect(await task).toBe(6);
    expect(sim.escapes).toEqual([]);
  });

  it('Promise.all over scheduler-owned awaitables is not an escape', async () => {
    const sim = new Simulator({ seed: 5, autoAdvance: true });
    const task = sim.spawn(async (ctx) => {
      const child = sim.spawn(async () => 'child');
      const [, , value] = await Promise.all([ctx.sleep(5), ctx.sleep(3), child]);
      return `${value}@${sim.now()}`;
    });

    expect(await sim.runUntil(task)).toBe('child@5');
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
