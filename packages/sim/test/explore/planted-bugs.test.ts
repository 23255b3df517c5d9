import { explore, runTape, Simulator, type StrategyName } from '@sched/sim';
import { describe, expect, it } from 'vitest';
import { plantedBugs } from '../fixtures/planted/index.mjs';

const SEARCHES: readonly StrategyName[] = ['random', 'pct', 'delay', 'coverage', 'portfolio'];
const BUG_BUDGET = 2_000;
const TWIN_BUDGET = 300;
const quiet = { replayCommand: () => 'replay', shrinkRuns: 0 } as const;

describe.each(plantedBugs.map((bug) => [bug.name, bug] as const))('planted bug %s', (_name, bug) => {
  it.each(SEARCHES)('%s finds the bug, and its tape and schedule replay it', async (strategy) => {
    const result = await explore(bug.buggy, { strategy, seed: 7, budget: { schedules: BUG_BUDGET }, ...quiet });
    expect(result.found).toBe(true);
    if (!result.found) return;
    const { failure } = result;
    expect(failure.schedule).toBe(result.schedules);
    expect(failure.schedule).toBeLessThanOrEqual(BUG_BUDGET);
    if (strategy !== 'portfolio')
      expect(failure.strategy).toMatch(
        strategy === 'pct' ? /^pct\(d=3\)$/ : strategy === 'delay' ? /^delay\(d=2\)$/ : strategy,
      );
    expect(failure.replayed).toBe(true);
    // The byte tape replays the same run: same choices, same failure.
    const tape = await runTape(bug.buggy, failure.tape);
    expect(tape.outcome.ok).toBe(false);
    expect(tape.schedule).toEqual(failure.choices);
    expect(tape.exhausted).toBe(false);
    // So does the schedule, on a plain simulator.
    const replay = new Simulator({ schedule: failure.choices, autoAdvance: true });
    await expect(bug.buggy(replay)).rejects.toThrow();
    expect(replay.schedule).toEqual(failure.choices);
  });

  it.each(SEARCHES)('%s raises no false alarm on the twin over the whole budget', async (strategy) => {
    const result = await explore(bug.fixed, { strategy, seed: 7, budget: { schedules: TWIN_BUDGET }, ...quiet });
    expect(result.found).toBe(false);
    if (result.found) return;
    // The portfolio stops early when its exhaustive member proves the twin correct.
    if (result.exhaustive?.kind === 'proof') expect(strategy).toBe('portfolio');
    else expect(result.schedules).toBe(TWIN_BUDGET);
  });

  it('exhaustive mode finds the bug, and proves the twin correct within its bound', async () => {
    const found = await explore(bug.buggy, { strategy: 'exhaustive', budget: { schedules: 5_000 }, ...quiet });
    expect(found.found).toBe(true);
    const proof = await explore(bug.fixed, { strategy: 'exhaustive', budget: { schedules: 5_000 }, ...quiet });
    expect(proof.found).toBe(false);
    if (proof.found) return;
    // Every twin's tree has at most 45 schedules, except the handoff's (42,328: three tasks, one
    // of them nine steps long): that one is cut by the schedule bound, and says so.
    expect(proof.exhaustive).toEqual(
      bug.name === 'handoff'
        ? { kind: 'bound-hit', bound: 'schedules', schedules: 5_000 }
        : { kind: 'proof', schedules: proof.schedules },
    );
    expect(proof.distinct).toBe(proof.schedules);
  });
});
