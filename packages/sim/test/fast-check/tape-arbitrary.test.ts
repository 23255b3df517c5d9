import { ByteTapeSource, runOne } from '@sched/sim';
import { byteTapeArbitrary, tapeArbitrary } from '@sched/sim/fast-check';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lostUpdate } from '../fixtures/cli-scenarios.mjs';

describe('tapeArbitrary', () => {
  it('lets fast-check shrink a failing interleaving to a one-decision schedule', async () => {
    const details = await fc.check(
      fc.asyncProperty(tapeArbitrary({ maxLength: 30 }), async (schedule) => {
        const outcome = await runOne(lostUpdate, { schedule, trace: false });
        return outcome.ok;
      }),
      { seed: 42, numRuns: 200 },
    );
    expect(details.failed).toBe(true);
    const failure = details.counterexample?.[0];
    // Shrunk from up to 30 random choices to one deviation from the default order within the
    // first three decisions (racy starts before an increment that then runs before its write),
    // e.g. [0, 1].
    expect(failure).toBeDefined();
    expect((failure as number[]).length).toBeLessThanOrEqual(3);
    expect((failure as number[]).filter((choice) => choice !== 0)).toHaveLength(1);
    expect(details.numShrinks).toBeGreaterThan(0);
    const replayed = await runOne(lostUpdate, { schedule: failure as number[] });
    expect(replayed.ok).toBe(false);
  });

  it('generates choices within its bounds', () => {
    fc.assert(
      fc.property(tapeArbitrary({ maxLength: 5, maxChoice: 2 }), (schedule) => {
        expect(schedule.length).toBeLessThanOrEqual(5);
        for (const choice of schedule) expect(choice === 0 || choice === 1 || choice === 2).toBe(true);
      }),
    );
  });
});

describe('byteTapeArbitrary', () => {
  it('generates byte tapes with a zero-seed header and the given flags, replayable by ByteTapeSource', async () => {
    await fc.assert(
      fc.asyncProperty(byteTapeArbitrary({ maxLength: 8, flags: 1 }), async (tape) => {
        expect([...tape.slice(0, 5)]).toEqual([0, 0, 0, 0, 1]);
        expect(new ByteTapeSource(tape).faults).toBe(true);
        const a = await runOne(lostUpdate, { source: new ByteTapeSource(tape) });
        const b = await runOne(lostUpdate, { source: new ByteTapeSource(tape) });
        expect(a.simulator.trace.hash).toBe(b.simulator.trace.hash);
      }),
      { numRuns: 50 },
    );
  });
});
