// The step driver's uncertain case under step attribution (docs/mutation.md, step-driver.ts
// gaps): a task parks on a native promise, then a suspension happens between steps (after the
// running step closed, before the next one started). Step attribution cannot tell whose that
// suspension was, so the parked task might have moved on and is not reported; exact attribution
// knows it was another task's flow and reports the park.
import { Simulator, type SimulatorOptions } from '@sched/sim';
import { describe, expect, it } from 'vitest';

function scenario(attribution: SimulatorOptions['attribution']) {
  const sim = new Simulator({ attribution, allowForeign: true, autoAdvance: true, schedule: [] });
  let open: (value: string) => void = () => {};
  const gate = new Promise<string>((resolve) => {
    open = resolve;
  });
  const order: string[] = [];
  const parked = sim.spawn(
    async () => {
      order.push('parked: awaits the gate');
      return await gate;
    },
    { label: 'parked' },
  );
  const other = sim.spawn(
    async (ctx) => {
      // A flow started inside this step that suspends on an owned sleep one microtask later,
      // after this step already closed on its own sleep: a suspension between steps.
      const inner = (async () => {
        await null;
        order.push('inner: sleeps between steps');
        await ctx.sleep(1);
        order.push('inner: woke');
      })();
      order.push('other: sleeps');
      await ctx.sleep(2);
      await inner;
      order.push('other: done');
    },
    { label: 'other' },
  );
  return { sim, open, order, parked, other };
}

function escapes(sim: Simulator): string[] {
  return sim.escapes.map((e) => `${e.kind} ${/"([^"]+)"/.exec(e.message)?.[1] ?? '?'}`);
}

describe('a park followed by a suspension between steps', () => {
  it('step attribution: the park is uncertain and not reported', async () => {
    const { sim, open, order, parked, other } = scenario('step');
    await sim.runUntilIdle();
    await other;
    expect(order).toEqual([
      'parked: awaits the gate',
      'other: sleeps',
      'inner: sleeps between steps',
      'inner: woke',
      'other: done',
    ]);
    expect(sim.now()).toBe(2);
    expect(escapes(sim)).toEqual([]);
    open('v');
    expect(await parked).toBe('v');
  });

  it('exact attribution: the suspension is the other task’s, so the park is reported once', async () => {
    const { sim, open, order, parked, other } = scenario('exact');
    await sim.runUntilIdle();
    await other;
    expect(order).toEqual([
      'parked: awaits the gate',
      'other: sleeps',
      'inner: sleeps between steps',
      'inner: woke',
      'other: done',
    ]);
    expect(escapes(sim)).toEqual(['parked-on-foreign parked']);
    open('v');
    expect(await parked).toBe('v');
  });
});
