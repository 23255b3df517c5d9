// When the step driver counts a task as parked on something native (parked-on-foreign), with
// step and exact attribution: owned waits that are pending, partial progress, timers that could
// still wake it, and each parked task reported once. Written against the survivors of a mutation
// run of src/stepping/ (docs/mutation.md).
import type { TaskContext } from '@sched/core';
import { DeadlockError, EscapeError, Simulator, type SimulatorOptions } from '@sched/sim';
import { describe, expect, it } from 'vitest';

/** A promise from outside the simulator, and its resolver. */
function foreignGate(): { gate: Promise<string>; open: (value: string) => void } {
  let open: (value: string) => void = () => {};
  const gate = new Promise<string>((resolve) => {
    open = resolve;
  });
  return { gate, open };
}

/** Escape kinds recorded by `sim` (allowForeign), with the label of the task they name. */
function escapes(sim: Simulator): string[] {
  return sim.escapes.map((e) => `${e.kind} ${/"([^"]+)"/.exec(e.message)?.[1] ?? '?'}`);
}

const ATTRIBUTIONS: ReadonlyArray<SimulatorOptions['attribution']> = ['step', 'exact'];

describe.each(ATTRIBUTIONS)('parking, attribution %s', (attribution) => {
  const make = (options: SimulatorOptions = {}): Simulator =>
    new Simulator({ attribution, allowForeign: true, autoAdvance: true, ...options });

  it('waiting on owned work only (Promise.all of two sleeps) is never parked', async () => {
    const sim = make();
    const task = sim.spawn(
      async (ctx) => {
        await Promise.all([ctx.sleep(1), ctx.sleep(2)]);
        await ctx.sleep(1);
        return sim.now();
      },
      { label: 'owned' },
    );
    await sim.runUntilIdle();
    expect(await task).toBe(3);
    expect(escapes(sim)).toEqual([]);
    // Each owned wait is resumed by a step of its own, the second one included.
    expect(sim.trace.events.map((e) => `${e.kind}@${e.time}`)).toEqual(['start@0', 'resume@1', 'resume@2', 'resume@3']);
  });

  it('a native wait after an owned sleep is parked-on-foreign', async () => {
    const sim = make();
    const { gate, open } = foreignGate();
    const task = sim.spawn(
      async (ctx) => {
        await ctx.sleep(1);
        return await gate;
      },
      { label: 'after-sleep' },
    );
    await sim.runUntilIdle();
    expect(escapes(sim)).toEqual(['parked-on-foreign after-sleep']);
    open('v');
    expect(await task).toBe('v');
  });

  it('a native wait after two owned sleeps is parked-on-foreign', async () => {
    const sim = make();
    const { gate, open } = foreignGate();
    const task = sim.spawn(
      async (ctx) => {
        await ctx.sleep(1);
        await ctx.yieldNow();
        await ctx.sleep(2);
        return await gate;
      },
      { label: 'after-three' },
    );
    await sim.runUntilIdle();
    expect(escapes(sim)).toEqual(['parked-on-foreign after-three']);
    open('v');
    expect(await task).toBe('v');
  });

  it('Promise.all of a sleep and a native wait is parked once the sleep is over', async () => {
    const sim = make();
    const { gate, open } = foreignGate();
    const task = sim.spawn(
      async (ctx) => {
        const [, value] = await Promise.all([ctx.sleep(4), gate]);
        return value;
      },
      { label: 'half-owned' },
    );
    await sim.runUntilIdle();
    expect(sim.now()).toBe(4);
    expect(escapes(sim)).toEqual(['parked-on-foreign half-owned']);
    open('v');
    expect(await task).toBe('v');
  });

  it('a native wait is not judged while a timer that could still settle it is pending (runUntilIdle)', async () => {
    const sim = make({ autoAdvance: false });
    const { gate, open } = foreignGate();
    const task = sim.spawn(async () => await gate, { label: 'gated' });
    sim.spawn(async (ctx) => ctx.sleep(100), { label: 'sleeper' });

    await sim.runUntilIdle();
    expect(sim.pendingTimers).toBe(1);
    expect(escapes(sim)).toEqual([]);

    await sim.advanceTime(100);
    expect(sim.pendingTimers).toBe(0);
    expect(escapes(sim)).toEqual(['parked-on-foreign gated']);
    open('v');
    expect(await task).toBe('v');
  });

  it('runUntil judges a native wait even with a timer pending, then reports the deadlock', async () => {
    const sim = make({ autoAdvance: false });
    const { gate, open } = foreignGate();
    const task = sim.spawn(async () => await gate, { label: 'gated' });
    sim.spawn(async (ctx) => ctx.sleep(100), { label: 'sleeper' });

    const error = await sim.runUntil(task).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeadlockError);
    expect(escapes(sim)).toEqual(['parked-on-foreign gated']);
    open('v');
    expect(await task).toBe('v');
  });

  it('each parked task is reported once, however many run calls go idle', async () => {
    const sim = make();
    const { gate, open } = foreignGate();
    const task = sim.spawn(async () => await gate, { label: 'gated' });
    await sim.runUntilIdle();
    await sim.runUntilIdle();
    sim.spawn(async (ctx) => ctx.yieldNow(), { label: 'other' });
    await sim.runUntilIdle();
    expect(escapes(sim)).toEqual(['parked-on-foreign gated']);
    open('v');
    expect(await task).toBe('v');
  });

  it('with allowForeign every parked task is reported, in start order', async () => {
    const sim = make({ order: 'fifo' });
    const gates = ['p', 'q', 'r'].map((label) => {
      const { gate, open } = foreignGate();
      return { label, open, task: sim.spawn(async () => await gate, { label }) };
    });
    await sim.runUntilIdle();
    expect(escapes(sim)).toEqual(['parked-on-foreign p', 'parked-on-foreign q', 'parked-on-foreign r']);
    for (const g of gates) g.open(g.label);
    expect(await Promise.all(gates.map((g) => g.task))).toEqual(['p', 'q', 'r']);
  });

  it('without allowForeign the run fails with the first parked task, and the others stay unreported', async () => {
    const sim = new Simulator({ attribution, order: 'fifo' });
    const gates = ['p', 'q'].map((label) => {
      const { gate, open } = foreignGate();
      return { label, open, task: sim.spawn(async () => await gate, { label }) };
    });
    const error = await sim.runUntilIdle().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EscapeError);
    expect((error as EscapeError).kind).toBe('parked-on-foreign');
    expect((error as EscapeError).message).toContain('"p"');
    expect(sim.escapes).toEqual([]);
    // q is still parked, and is reported by the next idle run.
    const next = await sim.runUntilIdle().catch((e: unknown) => e);
    expect((next as EscapeError).message).toContain('"q"');
    for (const g of gates) g.open(g.label);
    await Promise.all(gates.map((g) => g.task));
  });

  it('a task resumed by another task through a native promise, within a run, is not parked', async () => {
    for (const seed of [0, 1, 2, 3, 4, 5, 6, 7]) {
      const sim = make({ seed });
      const { gate, open } = foreignGate();
      const waiter = sim.spawn(
        async (ctx: TaskContext) => {
          await ctx.yieldNow();
          const value = await gate;
          await ctx.sleep(1);
          return value;
        },
        { label: 'waiter' },
      );
      sim.spawn(
        async (ctx: TaskContext) => {
          await ctx.sleep(2);
          open('from a step');
        },
        { label: 'opener' },
      );
      await sim.runUntilIdle();
      expect(await waiter).toBe('from a step');
      expect(escapes(sim)).toEqual([]);
    }
  });
});
