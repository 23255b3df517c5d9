import { findFailure, formatTrace, renderTimeline, runOne, type Simulator, shrinkSchedule } from '@sched/sim';
import { describe, expect, it } from 'vitest';
import { bankScenario, DEMO_OPTIONS, LostUpdateError } from '../src/scenario.js';

const racy = (sim: Simulator): Promise<number> => bankScenario(sim);
const fixed = (sim: Simulator): Promise<number> => bankScenario(sim, true);
const nonZero = (schedule: readonly number[]): number => schedule.filter((c) => c !== 0).length;

describe('demo: the racy bank', () => {
  it('fails with LostUpdateError on some seed in 0..999, and the shrunk schedule still fails the same way', async () => {
    const failure = await findFailure(racy, { from: 0, count: 1000 }, DEMO_OPTIONS);

    expect(failure).toBeDefined();
    if (failure === undefined) return;
    expect(failure.seed).toBeLessThan(1000);
    expect(failure.error).toBeInstanceOf(LostUpdateError);
    expect(String(failure.error)).toMatch(/final balance is (150|125), expected 175/);
    const original = failure.outcome.simulator.schedule;

    const shrunk = await shrinkSchedule(racy, original, DEMO_OPTIONS);

    expect(shrunk.outcome.ok).toBe(false);
    expect(shrunk.outcome.ok ? undefined : shrunk.outcome.error).toBeInstanceOf(LostUpdateError);
    expect(nonZero(shrunk.schedule)).toBeLessThanOrEqual(nonZero(original));
    // One non-default decision is enough for this race (the default order passes, see below).
    expect(nonZero(shrunk.schedule)).toBe(1);
    expect(shrunk.minimal).toBe(true);
    const replay = await runOne(racy, { ...DEMO_OPTIONS, schedule: shrunk.schedule });
    expect(replay.ok ? undefined : replay.error).toBeInstanceOf(LostUpdateError);
    expect(formatTrace(replay.simulator.trace.events)).toBe(formatTrace(shrunk.outcome.simulator.trace.events));
    // The timeline of the shrunk run explains the race: both deposits read the same balance.
    const timeline = renderTimeline(shrunk.outcome.simulator.trace.events);
    expect(timeline).toContain('deposit 50');
    expect(timeline).toContain('deposit 25');
    expect(timeline.match(/read 100/g)).toHaveLength(2);
    expect(timeline.split('\n').some((row) => row.startsWith('*'))).toBe(true);
  });

  it('replaying the failing seed fails again with the identical trace', async () => {
    const failure = await findFailure(racy, { from: 0, count: 1000 }, DEMO_OPTIONS);
    const seed = failure?.seed ?? -1;

    const again = await runOne(racy, { ...DEMO_OPTIONS, seed });

    expect(again.ok).toBe(false);
    expect(formatTrace(again.simulator.trace.events)).toBe(formatTrace(failure?.outcome.simulator.trace.events ?? []));
  });

  it('passes on the default order (the race needs a specific interleaving)', async () => {
    const outcome = await runOne(racy, { ...DEMO_OPTIONS, schedule: [] });

    expect(outcome.ok).toBe(true);
  });
});

describe('demo: the fixed bank', () => {
  it('passes 300 seeds with the balance 175', async () => {
    const failure = await findFailure(fixed, { from: 0, count: 300 }, DEMO_OPTIONS);

    expect(failure).toBeUndefined();
    const one = await runOne(fixed, { ...DEMO_OPTIONS, seed: 0 });
    expect(one.ok ? one.value : one.error).toBe(175);
  });
});
