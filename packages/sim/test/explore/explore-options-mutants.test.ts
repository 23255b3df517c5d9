import { InvalidArgumentError } from '@sched/core';
import {
  CoverageStrategy,
  DelayStrategy,
  ExhaustiveStrategy,
  type ExploreProgress,
  explore,
  PctSource,
  PctStrategy,
  type PlannedSchedule,
  PortfolioStrategy,
  type SeededSource,
  type Simulator,
  type Strategy,
  TapeSource,
} from '@sched/sim';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { lostUpdate } from '../fixtures/planted/index.mjs';
import { invalid } from '../support/invalid-argument.js';

// The survivors of the second explore/ run that a test can reach: argument names, the default
// budgets, the clock's origin, progress on failure, what a custom strategy may carry, the
// SCHEDULE replay's parameters and the check of the replayed failure.

afterEach(() => {
  vi.unstubAllEnvs();
});

const replayCommand = (replay: { readonly schedule?: string }) => `SCHEDULE=${replay.schedule} again`;
const nothing = async (_sim: Simulator) => {};

async function rejected(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'accepted',
    (error: unknown) => (error instanceof InvalidArgumentError ? error.argument : `not typed: ${String(error)}`),
  );
}

/** `count` trivial schedules, then nothing; extra fields are merged into the strategy. */
function many(count: number, extra: Record<string, unknown> = {}): Strategy {
  let left = count;
  return {
    name: 'many',
    params: {},
    next: (): PlannedSchedule | undefined =>
      left-- > 0 ? { source: new TapeSource([]), strategy: 'many', params: {} } : undefined,
    report: () => {},
    ...extra,
  };
}

describe('argument names', () => {
  it('explore names the option it rejects', async () => {
    expect(await rejected(explore(nothing, { budget: { schedules: 1.5 } }))).toBe('budget.schedules');
    expect(await rejected(explore(nothing, { budget: { ms: -1 } }))).toBe('budget.ms');
    expect(await rejected(explore(nothing, { progressEvery: 0 }))).toBe('progressEvery');
    expect(await rejected(explore(nothing, { shrinkRuns: -1 }))).toBe('shrinkRuns');
  });

  it('the strategies name what they reject, and what they expect', () => {
    expect(invalid(() => new PctStrategy(0, 1))).toBe(
      'depth: Invalid depth: 0; expected an integer from 1 to 64 (PCT bug depth).',
    );
    expect(invalid(() => new DelayStrategy(0, 1))).toBe(
      'delays: Invalid delays: 0; expected an integer from 1 to 64 (delay bound).',
    );
    expect(invalid(() => new ExhaustiveStrategy(8, { index: 1, count: 0 }))).toMatch(/^shard\.count: /);
    expect(invalid(() => new ExhaustiveStrategy(8, { index: 3, count: 2 }))).toBe(
      'shard.index: Invalid shard.index: 3; expected an integer from 1 to 2.',
    );
    expect(invalid(() => new PortfolioStrategy([]))).toMatch(/^members: .*; expected at least one strategy\.$/);
  });
});

describe('budgets', () => {
  it('runs 1,000 schedules by default, and no count limit under a time budget alone', async () => {
    expect((await explore(nothing, { strategy: many(1_001) })).schedules).toBe(1_000);
    // A clock that never moves: the time budget never runs out, the strategy does.
    const timed = await explore(nothing, { strategy: many(1_001), budget: { ms: 1 }, now: () => 0 });
    expect(timed.schedules).toBe(1_001);
  });

  it('measures the rate from the start of the exploration, whatever the clock reads then', async () => {
    let t = 5_000;
    const reports: ExploreProgress[] = [];
    await explore(
      async () => {
        t += 500;
      },
      { strategy: many(4), progressEvery: 4, onProgress: (p) => reports.push(p), now: () => t },
    );
    expect(reports.map((p) => p.schedulesPerSecond)).toEqual([2, 2]);
  });
});

describe('progress and what a custom strategy carries', () => {
  it('reports progress once when a failure ends the search', async () => {
    const reports: ExploreProgress[] = [];
    const result = await explore(lostUpdate.buggy, {
      strategy: 'random',
      seed: 3,
      shrinkRuns: 0,
      replayCommand,
      onProgress: (p) => reports.push(p),
    });
    if (!result.found) throw new Error('expected a failure');
    expect(reports.map((p) => p.schedules)).toEqual([result.failure.schedule]);
  });

  it('reads a corpus size only when it is a number, and a verdict only from exhaustive search', async () => {
    const reports: ExploreProgress[] = [];
    const odd = many(2, { corpusSize: 'several', verdict: { kind: 'proof', schedules: 2 } });
    const result = await explore(nothing, { strategy: odd, onProgress: (p) => reports.push(p) });
    expect(reports.map((p) => p.corpus)).toEqual([0]);
    expect(result.found === false && result.exhaustive).toBeUndefined();
    const counted: ExploreProgress[] = [];
    await explore(nothing, { strategy: many(1, { corpusSize: 7 }), onProgress: (p) => counted.push(p) });
    expect(counted.map((p) => p.corpus)).toEqual([7]);
  });
});

describe('SCHEDULE replays and the replay check', () => {
  it('names the replay strategy and its schedule in the result and the failure', async () => {
    vi.stubEnv('SCHEDULE', '0.0.0');
    const result = await explore(lostUpdate.buggy, { replayCommand, shrinkRuns: 0 });
    expect(result.strategy).toBe('replay');
    expect(result.params).toEqual({ schedule: '0.0.0' });
    if (!result.found) throw new Error('expected a failure');
    expect(result.failure.strategy).toBe('replay');
    expect(result.failure.params).toEqual({ schedule: '0.0.0' });
    expect(result.failure.report.split('\n')[0]).toBe('Found by strategy replay (schedule=0.0.0) at schedule 1');
  });

  it('a replay that fails another way is not a replay; the report then re-runs the recorded schedule', async () => {
    let calls = 0;
    const changing = async (sim: Simulator) => {
      await lostUpdate.fixed(sim);
      calls++;
      if (calls === 1) throw new TypeError('first');
      throw new RangeError('later');
    };
    const result = await explore(changing, { strategy: 'random', seed: 9, shrinkRuns: 0, replayCommand });
    if (!result.found) throw new Error('expected a failure');
    expect(result.failure.replayed).toBe(false);
    expect(result.failure.error).toBeInstanceOf(TypeError);
    expect(result.failure.simulator.schedule).toEqual(result.failure.choices);
  });
});

describe('sources and strategies: the last reachable survivors', () => {
  it('DelayStrategy shuffles its one-delay round (not simply last decision first)', () => {
    const firsts = new Set<unknown>();
    for (let seed = 0; seed < 20; seed++) {
      const strategy = new DelayStrategy(1, seed);
      strategy.next();
      strategy.report({ choices: Array(8).fill(0), counts: Array(8).fill(2), steps: 8, newCoverage: 0, failed: false });
      firsts.add(strategy.next().params.at);
    }
    expect(firsts.size).toBeGreaterThan(3);
  });

  it('DelayStrategy plans random delays if asked again before any report', () => {
    const strategy = new DelayStrategy(2, 1);
    expect(strategy.next().params.delays).toBe(0);
    expect(strategy.next().params).toMatchObject({ delays: 1, steps: 16 });
  });

  it('PctSource sorts its change points numerically, and breaks priority ties by the lower index', () => {
    const draws = (values: number[]) => {
      let i = 0;
      return {
        choose: (n: number) => {
          const v = values[i++] as number;
          expect(v).toBeLessThan(n);
          return v;
        },
      } as unknown as SeededSource;
    };
    const info = (label: string) =>
      ({
        id: label.length,
        label,
        priority: 'normal',
        lane: 'background',
        sessionId: undefined,
        spawnLocation: undefined,
      }) as const;
    const [a, b] = [info('a'), info('bb')];
    const candidates = { at: (i: number) => ({ task: [a, b][i] }) } as never;
    // depth 3 over 12 steps: change points 10 and 9 (drawn in that order), priorities a < b.
    const source = new PctSource(draws([9, 8, 100, 200]), 3, 12);
    const picks = Array.from({ length: 10 }, () => source.choose(2, candidates));
    // b runs until step 9, where it drops; a runs at step 9 and drops at step 10; then b (depth − 1) beats a.
    expect(picks).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 0, 1]);
    // Equal initial priorities: the first candidate wins.
    const tie = new PctSource(draws([5, 5]), 1, 4);
    expect(tie.choose(2, candidates)).toBe(0);
  });

  it('CoverageStrategy runs its initial tapes before any mutant, even once the corpus has a tape', () => {
    const strategy = new CoverageStrategy({ seed: 4 });
    strategy.next();
    strategy.report({ choices: [1, 1], counts: [2, 2], steps: 2, newCoverage: 3, failed: false });
    const tapes = Array.from({ length: 8 }, () => strategy.next().params);
    expect(tapes.slice(0, 7).map((p) => p.tape)).toEqual(Array(7).fill(5));
    expect(tapes.every((p) => p.corpus === 1)).toBe(true);
  });
});
