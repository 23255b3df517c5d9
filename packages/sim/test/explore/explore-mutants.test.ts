import {
  type ExploreProgress,
  encodeByteTape,
  explore,
  type PlannedSchedule,
  runTape,
  type ScheduleFeedback,
  SeededSource,
  type Simulator,
  type Strategy,
  TapeSource,
} from '@sched/sim';
import { describe, expect, it } from 'vitest';
import { lostUpdate } from '../fixtures/planted/index.mjs';

// What `explore` does between the strategy and the runs: the counts and rates it reports, the
// feedback it gives, and how it describes a failure. Written for the mutants of explore.ts that
// the other explore tests let through.

const replayCommand = (replay: { readonly schedule?: string }) => `SCHEDULE=${replay.schedule} again`;

/** `n` background tasks that each yield once. */
const tasks = (n: number) => async (sim: Simulator) => {
  const all = Array.from({ length: n }, (_, i) => sim.spawn(async (ctx) => ctx.yieldNow(), { label: `t${i}` }));
  await sim.runUntilIdle();
  await Promise.all(all);
};

/** A strategy that runs the given schedules in order and logs every report. */
function scripted(schedules: readonly (readonly number[])[]): Strategy & { reports: ScheduleFeedback[] } {
  let i = 0;
  const reports: ScheduleFeedback[] = [];
  return {
    name: 'scripted',
    params: { n: schedules.length },
    reports,
    next: (): PlannedSchedule | undefined => {
      const schedule = schedules[i++];
      return schedule === undefined
        ? undefined
        : { source: new TapeSource(schedule), strategy: 'scripted', params: { i } };
    },
    report: (feedback) => {
      reports.push(feedback);
    },
  };
}

describe('explore: feedback to the strategy', () => {
  it('reports each run: its choices and counts, steps, coverage no earlier run had, and whether it failed', async () => {
    // In the lost update, [0, 1] and [1, 1] run one increment after the other (they pass); the
    // all-zero schedule interleaves them (it fails), in three decisions.
    const strategy = scripted([
      [0, 1],
      [0, 1],
      [1, 1],
      [0, 0, 0],
      [1, 1],
    ]);
    const result = await explore(lostUpdate.buggy, { strategy, shrinkRuns: 0, replayCommand });
    expect(result.strategy).toBe('scripted');
    expect(result.params).toEqual({ n: 5 });
    const [first, second, third, fourth] = strategy.reports as ScheduleFeedback[] as [
      ScheduleFeedback,
      ScheduleFeedback,
      ScheduleFeedback,
      ScheduleFeedback,
    ];
    expect(first.choices).toEqual([0, 1]);
    expect(first.counts).toEqual([2, 2]);
    expect(first.steps).toBe(2);
    expect(first.failed).toBe(false);
    const firstCoverage = (await runTape(lostUpdate.buggy, encodeByteTape([0, 1], [2, 2]))).coverage.length;
    expect(first.newCoverage).toBe(firstCoverage);
    // The same schedule again reaches nothing new.
    expect(second.newCoverage).toBe(0);
    expect(second.failed).toBe(false);
    expect(third.newCoverage).toBeGreaterThan(0);
    // The interleaving fails: the fourth run ends the search.
    expect(fourth).toMatchObject({ choices: [0, 0, 0], counts: [2, 2, 2], steps: 3, failed: true });
    expect(fourth.newCoverage).toBeGreaterThan(0);
    expect(strategy.reports).toHaveLength(4);
    expect(result).toMatchObject({ found: true, schedules: 4, distinct: 3 });
  });

  it('stops when the strategy has nothing left, with no exhaustive verdict for a strategy that is not exhaustive', async () => {
    const strategy = scripted([
      [0, 0],
      [1, 1],
    ]);
    const result = await explore(lostUpdate.fixed, { strategy, replayCommand });
    expect(result).toMatchObject({ found: false, schedules: 2, distinct: 2, strategy: 'scripted' });
    expect(result.found === false && result.exhaustive).toBeUndefined();
    const random = await explore(lostUpdate.fixed, { strategy: 'random', budget: { schedules: 3 } });
    expect(random.found === false && random.exhaustive).toBeUndefined();
    const none = await explore(lostUpdate.fixed, { strategy: scripted([]) });
    expect(none).toMatchObject({ found: false, schedules: 0, distinct: 0, coverage: 0 });
  });

  it('counts distinct schedules by their choices, and coverage as the union over runs', async () => {
    // No decision at all: every run is the same schedule.
    const single = await explore(tasks(1), { strategy: 'random', budget: { schedules: 5 } });
    expect(single).toMatchObject({ found: false, schedules: 5, distinct: 1 });
    const alone = (await runTape(tasks(1), new Uint8Array())).coverage.length;
    expect(single.coverage).toBe(alone);
    // [0] and [0, 0] are different schedules (the length counts too).
    const strategy = scripted([[0], [0, 0], [0, 0, 0]]);
    const many = await explore(tasks(2), { strategy });
    expect(many.distinct).toBe(1); // tasks(2) always makes two decisions: the tails are padding
    const union = new Set<number>();
    for (const schedule of [
      [0, 0],
      [1, 1],
      [0, 1],
    ]) {
      for (const point of (await runTape(tasks(2), encodeByteTape(schedule, [2, 2]))).coverage) union.add(point);
    }
    const three = await explore(tasks(2), {
      strategy: scripted([
        [0, 0],
        [1, 1],
        [0, 1],
      ]),
    });
    expect(three).toMatchObject({ schedules: 3, distinct: 3, coverage: union.size });
  });
});

describe('explore: budget and progress', () => {
  it('a zero time budget runs nothing, and still reports progress once', async () => {
    const reports: ExploreProgress[] = [];
    const result = await explore(tasks(2), { budget: { ms: 0 }, onProgress: (p) => reports.push(p), now: () => 5 });
    expect(result).toMatchObject({ found: false, schedules: 0, distinct: 0, coverage: 0 });
    expect(reports).toEqual([{ schedules: 0, schedulesPerSecond: 0, distinct: 0, coverage: 0, corpus: 0, best: 0 }]);
  });

  it('stops at whichever comes first, the schedule count or the time budget', async () => {
    let t = 0;
    const bySchedules = await explore(tasks(2), {
      strategy: 'random',
      budget: { schedules: 4, ms: 1_000 },
      now: () => t++,
    });
    expect(bySchedules.schedules).toBe(4);
    // A clock that jumps 100 ms per reading: the deadline is read at 100 (so 350), the start at
    // 200, the check before the first run at 300, before the second at 400: one run.
    let u = 0;
    const byTime = await explore(tasks(2), {
      strategy: 'random',
      budget: { schedules: 50, ms: 250 },
      now: () => (u += 100),
    });
    expect(byTime.schedules).toBe(1);
  });

  it('rates schedules per second of the injected clock, and keeps the best single run', async () => {
    // The clock moves only inside the runs: one second per run.
    let t = 0;
    let runs = 0;
    const body = async (sim: Simulator) => {
      t += 1_000;
      // The first run spawns three tasks, every later one a single task: the best run is the first.
      await tasks(runs++ === 0 ? 3 : 1)(sim);
    };
    const reports: ExploreProgress[] = [];
    await explore(body, {
      strategy: 'random',
      budget: { schedules: 4 },
      progressEvery: 2,
      onProgress: (p) => reports.push(p),
      now: () => t,
    });
    expect(reports.map((p) => [p.schedules, p.schedulesPerSecond])).toEqual([
      [2, 1],
      [4, 1],
      [4, 1],
    ]);
    runs = 0;
    const best = (await runTape(tasks(3), encodeByteTape([], []))).coverage.length;
    expect(reports.every((p) => p.best === best)).toBe(true);
    expect(reports.every((p) => p.corpus === 0)).toBe(true);
  });
});

describe('explore: describing a failure', () => {
  it('names the strategy, its parameters and the schedule number on the first line of the report', async () => {
    const result = await explore(lostUpdate.buggy, { strategy: 'random', seed: 3, shrinkRuns: 0, replayCommand });
    if (!result.found) throw new Error('expected a failure');
    const { failure } = result;
    const seeds = new SeededSource(3);
    const planned = Array.from({ length: failure.schedule }, () => seeds.nextUint32());
    expect(failure.params).toEqual({ seed: planned.at(-1) });
    expect(failure.report.split('\n')[0]).toBe(
      `Found by strategy random (seed=${planned.at(-1)}) at schedule ${failure.schedule}`,
    );
    expect(failure.strategy).toBe('random');
    // No shrinking: the shrunk schedule is the recorded one, and it replays.
    expect(failure.shrunk).toEqual(failure.choices);
    expect(failure.replayed).toBe(true);
    expect(failure.replay).toBe(`SCHEDULE=${failure.choices.join('.')} again`);
    // The tape is the same run.
    const again = await runTape(lostUpdate.buggy, failure.tape);
    expect(again.schedule).toEqual(failure.choices);
    expect(again.outcome.ok).toBe(false);
    expect(failure.simulator.trace.events.length).toBeGreaterThan(0);
  });

  it('joins several parameters with spaces', async () => {
    const strategy: Strategy = {
      name: 'two',
      params: {},
      next: () => ({ source: new TapeSource([0, 0, 0]), strategy: 'two', params: { a: 1, b: 'x' } }),
      report: () => {},
    };
    const result = await explore(lostUpdate.buggy, { strategy, shrinkRuns: 0, replayCommand });
    if (!result.found) throw new Error('expected a failure');
    expect(result.failure.report.split('\n')[0]).toBe('Found by strategy two (a=1 b=x) at schedule 1');
  });

  it('shrinks the schedule when asked, and replays the shrunk one', async () => {
    const strategy = scripted([[1, 0, 1]]);
    const shrunk = await explore(lostUpdate.buggy, { strategy, replayCommand });
    if (!shrunk.found) throw new Error('expected a failure');
    expect(shrunk.failure.choices).toEqual([1, 0, 1]);
    // The all-zero schedule fails too: it shrinks to the empty schedule.
    expect(shrunk.failure.shrunk).toEqual([]);
    expect(shrunk.failure.replayed).toBe(true);
    expect(shrunk.failure.replay).toBe('SCHEDULE=- again');
    expect(shrunk.failure.report).toContain('Failing schedule: -');
  });

  it('a failure that does not come back is reported as not replayed, from a rich re-run of the recorded schedule', async () => {
    for (const shrinkRuns of [0, 50]) {
      let calls = 0;
      const flaky = async (sim: Simulator) => {
        await tasks(2)(sim);
        if (calls++ === 0) throw new Error('only once');
      };
      const result = await explore(flaky, { strategy: 'random', shrinkRuns, replayCommand });
      if (!result.found) throw new Error('expected a failure');
      const { failure } = result;
      expect(failure.replayed).toBe(false);
      expect(failure.schedule).toBe(1);
      expect(failure.shrunk).toEqual(failure.choices);
      expect((failure.error as Error).message).toBe('only once');
      // The report's simulator is the rich re-run (trace on), not the lean search run.
      expect(failure.simulator.trace.events.length).toBeGreaterThan(0);
    }
  });

  it('with `trace: false` the report keeps the search run (no rich re-run)', async () => {
    let calls = 0;
    const flaky = async (sim: Simulator) => {
      await tasks(2)(sim);
      if (calls++ === 0) throw new Error('only once');
    };
    const result = await explore(flaky, { strategy: 'random', shrinkRuns: 0, trace: false, replayCommand });
    if (!result.found) throw new Error('expected a failure');
    expect(result.failure.replayed).toBe(false);
    expect(calls).toBe(2); // the search run and the report's run of the shrunk schedule
    expect(result.failure.simulator.trace.events).toHaveLength(0);
  });
});
