// The shrinker's bookkeeping in detail (docs/mutation.md, "sim: `run/`"): what `runs` counts,
// identical candidates replayed once, the replay budget and `minimal`, and error kinds.
import { InvalidArgumentError } from '@sched/core';
import { findFailure, type Simulator, shrinkSchedule } from '@sched/sim';
import { describe, expect, it } from 'vitest';
import { errorKind } from '../../src/run/shrink.js';
import { racyCounter } from '../support/scenarios.js';

/** racyCounter with 6 tasks, recording the description of every simulator it runs on. */
function recorded(): { fn: (sim: Simulator) => Promise<number>; runs: string[] } {
  const runs: string[] = [];
  return {
    runs,
    fn: (sim) => {
      runs.push(sim.description);
      return racyCounter(sim, 6);
    },
  };
}

async function failingSchedule(): Promise<readonly number[]> {
  const failure = await findFailure((sim) => racyCounter(sim, 6), { from: 0, count: 500 });
  const schedule = failure?.outcome.simulator.schedule ?? [];
  expect(schedule.filter((c) => c !== 0).length).toBeGreaterThan(1);
  return schedule;
}

describe('shrinkSchedule bookkeeping', () => {
  it('counts every replay of the body in `runs`, and replays no candidate twice', async () => {
    const original = await failingSchedule();
    const { fn, runs } = recorded();

    const shrunk = await shrinkSchedule(fn, original);

    expect(shrunk.minimal).toBe(true);
    expect(shrunk.runs).toBe(runs.length);
    // Each replayed candidate is named by its schedule; the first is the original.
    expect(new Set(runs).size).toBe(runs.length);
  });

  it('a budget of one replay keeps the canonical original and is not minimal', async () => {
    const original = await failingSchedule();
    const { fn, runs } = recorded();

    const shrunk = await shrinkSchedule(fn, original, {}, 1);

    expect(shrunk.runs).toBe(1);
    expect(runs).toHaveLength(1);
    expect(shrunk.minimal).toBe(false);
    const canonical = shrunk.outcome.simulator.schedule.slice();
    while (canonical.at(-1) === 0) canonical.pop();
    expect(shrunk.schedule).toEqual(canonical);
  });

  it('never replays more than the budget; a result that is not minimal used all of it', async () => {
    const original = await failingSchedule();
    for (const budget of [2, 3, 5, 8, 13, 40]) {
      const { fn, runs } = recorded();
      const shrunk = await shrinkSchedule(fn, original, {}, budget);
      expect(runs.length).toBe(shrunk.runs);
      expect(shrunk.runs).toBeLessThanOrEqual(budget);
      if (!shrunk.minimal) expect(shrunk.runs).toBe(budget);
      expect(shrunk.outcome.ok).toBe(false);
    }
  });
});

describe('errorKind', () => {
  it('is the class name when the name matches it or is plain Error, else class(name)', () => {
    class Named extends Error {
      override name = 'Named';
    }
    class Plain extends Error {}
    class Renamed extends Error {
      override name = 'Other';
    }
    expect(errorKind(new TypeError('x'))).toBe('TypeError');
    expect(errorKind(new Error('x'))).toBe('Error');
    expect(errorKind(new Named('x'))).toBe('Named');
    expect(errorKind(new Plain('x'))).toBe('Plain');
    expect(errorKind(new Renamed('x'))).toBe('Renamed(Other)');
    expect(errorKind(undefined)).toBe('undefined');
    expect(errorKind(3)).toBe('number');
    expect(errorKind({ name: 'Error' })).toBe('object');
  });
});

describe('shrinkSchedule argument checks', () => {
  it('names maxRuns in the typed error', async () => {
    const error = await shrinkSchedule(racyCounter, [1], {}, -2).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).argument).toBe('maxRuns');
    expect((error as InvalidArgumentError).value).toBe(-2);
  });
});
