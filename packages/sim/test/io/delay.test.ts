import { InvalidArgumentError } from '@sched/core';
import { formatEvent, renderTimeline, Simulator } from '@sched/sim';
import { describe, expect, it } from 'vitest';

describe('sim.delay(min, max)', () => {
  it('draws an integer in [min, max] as one recorded decision that a schedule replays', async () => {
    const draw = async (options: ConstructorParameters<typeof Simulator>[0]) => {
      const sim = new Simulator({ autoAdvance: true, ...options });
      const task = sim.spawn(async (ctx) => {
        const ms = sim.delay(5, 50);
        await ctx.sleep(ms);
        return { ms, at: sim.now() };
      });
      return { result: await sim.runUntil(task), sim };
    };
    const { result, sim } = await draw({ seed: 7 });

    expect(Number.isInteger(result.ms)).toBe(true);
    expect(result.ms).toBeGreaterThanOrEqual(5);
    expect(result.ms).toBeLessThanOrEqual(50);
    expect(result.at).toBe(result.ms);
    expect(sim.schedule).toEqual([result.ms - 5]); // the only decision of this run
    const replay = await draw({ schedule: sim.schedule });
    expect(replay.result).toEqual(result);
  });

  it('reaches every value of a small range over seeds, and the shortest on the default order', async () => {
    const seen = new Set<number>();
    for (let seed = 0; seed < 50; seed++) seen.add(new Simulator({ seed }).delay(2, 5));
    expect([...seen].sort()).toEqual([2, 3, 4, 5]);
    expect(new Simulator({ order: 'fifo' }).delay(2, 5)).toBe(2);
    expect(new Simulator({ schedule: [] }).delay(2, 5)).toBe(2);
  });

  it('makes no decision when min === max', () => {
    const sim = new Simulator({ seed: 1 });
    expect(sim.delay(3, 3)).toBe(3);
    expect(sim.schedule).toEqual([]);
  });

  it('is noted on the step that drew it, in traces and timelines (marked * when above min)', async () => {
    const sim = new Simulator({ schedule: [4], autoAdvance: true });
    sim.spawn(async (ctx) => void (await ctx.sleep(sim.delay(5, 50))), { label: 'rtt' });
    await sim.runUntilIdle();

    const [start] = sim.trace.events;
    expect(start?.delays).toEqual([{ ms: 9, min: 5, max: 50 }]);
    expect(formatEvent(start as never)).toBe('#1 t=0ms task 1 "rtt" start (foreground) delay 9ms of 5..50');
    expect(renderTimeline(sim.trace.events).split('\n')[2]).toBe('*   1    0ms │ ▶ start (delay 9ms of 5..50)');
  });

  it.each([
    [-1, 5],
    [1.5, 5],
    [Number.NaN, 5],
    [5, 4],
    [0, Number.POSITIVE_INFINITY],
    ['1', 5],
    [0, 2 ** 33],
  ])('throws InvalidArgumentError for the range [%s, %s], before drawing', (min, max) => {
    const sim = new Simulator({ seed: 1 });
    expect(() => sim.delay(min as number, max)).toThrow(InvalidArgumentError);
    expect(sim.schedule).toEqual([]);
  });
});
