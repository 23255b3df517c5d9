import { findFailure, runOne, shrinkSchedule } from '@sched/sim';
import { describe, expect, it } from 'vitest';
import { LostUpdate, racyCounter } from '../support/scenarios.js';

const nonZero = (schedule: readonly number[]): number => schedule.filter((c) => c !== 0).length;

describe('shrinkSchedule', () => {
  it('returns a schedule that still fails the same way, with no more non-default choices (several seeds)', async () => {
    let shrunkSomething = false;
    for (let from = 0, found = 0; found < 5; found++) {
      const failure = await findFailure(racyCounter, { from, count: 500 });
      expect(failure).toBeDefined();
      if (failure === undefined) return;
      const original = failure.outcome.simulator.schedule;

      const shrunk = await shrinkSchedule(racyCounter, original);

      expect(shrunk.outcome.ok).toBe(false);
      expect(shrunk.outcome.ok ? undefined : shrunk.outcome.error).toBeInstanceOf(LostUpdate);
      expect(nonZero(shrunk.schedule)).toBeLessThanOrEqual(nonZero(original));
      expect(shrunk.schedule.length).toBeLessThanOrEqual(original.length);
      expect(shrunk.schedule.at(-1)).not.toBe(0); // trailing defaults are trimmed
      expect(shrunk.runs).toBeGreaterThanOrEqual(1);
      const replay = await runOne(racyCounter, { schedule: shrunk.schedule });
      expect(replay.ok).toBe(false);
      expect(replay.ok ? undefined : replay.error).toBeInstanceOf(LostUpdate);
      if (nonZero(shrunk.schedule) < nonZero(original)) shrunkSomething = true;
      from = failure.seed + 1;
    }
    expect(shrunkSomething).toBe(true);
  });

  it('reduces the noise: the shrunk schedule of this race needs a single non-default decision', async () => {
    const failure = await findFailure((sim) => racyCounter(sim, 6), { from: 0, count: 500 });
    const original = failure?.outcome.simulator.schedule ?? [];

    const shrunk = await shrinkSchedule((sim) => racyCounter(sim, 6), original);

    expect(nonZero(original)).toBeGreaterThan(1);
    expect(nonZero(shrunk.schedule)).toBe(1);
  });

  it('keeps only changes that fail with the same kind of error', async () => {
    // Any schedule whose first decision is the default fails with a TypeError instead.
    const body = async (sim: Parameters<typeof racyCounter>[0]): Promise<number> => {
      const result = await racyCounter(sim, 2).catch((e: unknown) => e);
      if (sim.schedule[0] === 0) throw new TypeError('a different bug');
      if (result instanceof Error) throw result;
      return result as number;
    };
    let original: readonly number[] | undefined;
    for (let seed = 0; original === undefined && seed < 500; seed++) {
      const outcome = await runOne(body, { seed });
      if (!outcome.ok && outcome.error instanceof LostUpdate) original = outcome.simulator.schedule;
    }
    expect(original?.[0]).not.toBe(0);

    const shrunk = await shrinkSchedule(body, original ?? []);

    expect(shrunk.outcome.ok ? undefined : shrunk.outcome.error).toBeInstanceOf(LostUpdate);
    expect(shrunk.schedule[0]).not.toBe(0);
  });

  it('respects the replay budget', async () => {
    const failure = await findFailure((sim) => racyCounter(sim, 6), { from: 0, count: 500 });

    const shrunk = await shrinkSchedule((sim) => racyCounter(sim, 6), failure?.outcome.simulator.schedule ?? [], {}, 2);

    expect(shrunk.runs).toBeLessThanOrEqual(2);
    expect(shrunk.outcome.ok).toBe(false);
  });

  it('refuses a schedule that does not fail', async () => {
    await expect(shrinkSchedule(racyCounter, [])).rejects.toThrow('does not fail');
  });
});
