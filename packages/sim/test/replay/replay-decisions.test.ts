import { ByteTapeSource, byteTapeOf, replayDecisions, runOne, scheduleOf, shrinkDecisions } from '@sched/sim';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lostUpdate } from '../fixtures/cli-scenarios.mjs';

describe('decisions of a run', () => {
  it('scheduleOf records a byte tape run as a schedule that replays it step for step', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 12 }), async (tape) => {
        const { schedule, outcome } = await scheduleOf(lostUpdate, { kind: 'tape', tape });
        const again = await replayDecisions(lostUpdate, { kind: 'schedule', schedule });
        expect(again.simulator.trace.hash).toBe(outcome.simulator.trace.hash);
        expect(again.ok).toBe(outcome.ok);
      }),
      { numRuns: 60 },
    );
  });

  it('byteTapeOf writes any run as a byte tape that ByteTapeSource replays exactly', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: 0xffff_ffff }), async (seed) => {
        const original = await replayDecisions(lostUpdate, { kind: 'seed', seed });
        const tape = await byteTapeOf(lostUpdate, { kind: 'seed', seed });
        const again = await runOne(lostUpdate, { source: new ByteTapeSource(tape) });
        expect(again.simulator.trace.hash).toBe(original.simulator.trace.hash);
        expect(new ByteTapeSource(tape).seed).toBe(0);
      }),
      { numRuns: 40 },
    );
  });

  it('shrinkDecisions shrinks a failing byte tape to a 1-minimal schedule that still fails', async () => {
    const tape = Uint8Array.from([9, 9, 9, 9, 0, 2, 1, 1, 0, 2, 2, 1]);
    const first = await replayDecisions(lostUpdate, { kind: 'tape', tape });
    expect(first.ok).toBe(false);
    const shrunk = await shrinkDecisions(lostUpdate, { kind: 'tape', tape });
    expect(shrunk.minimal).toBe(true);
    expect(shrunk.schedule.filter((c) => c !== 0)).toHaveLength(1);
    const replayed = await replayDecisions(lostUpdate, { kind: 'schedule', schedule: shrunk.schedule });
    expect(replayed.ok).toBe(false);
    await expect(shrinkDecisions(lostUpdate, { kind: 'schedule', schedule: [] })).rejects.toThrow(/does not fail/);
  });
});
