import { InvalidArgumentError } from '@sched/core';
import { findFailure, many, NonDeterminismError, once, type Simulator } from '@sched/sim';
import { describe, expect, it } from 'vitest';
import { LostUpdate, racyCounter, startOrder } from '../support/scenarios.js';

/** Collects what `many` logs. */
function logger(): { readonly lines: string[]; readonly log: (text: string) => void } {
  const lines: string[] = [];
  return { lines, log: (text) => lines.push(text) };
}

/** Fails on seeds whose first started task is not task 0. */
async function failsUnlessTask0First(sim: Simulator): Promise<number[]> {
  const order = await startOrder(sim, 4);
  if (order[0] !== 0) throw new RangeError(`task ${order[0]} started first`);
  return order;
}

describe('many', () => {
  it('runs each seed on a fresh simulator and returns one result per seed, in seed order', async () => {
    const seen: string[] = [];

    const results = await many(7, (sim) => {
      seen.push(sim.description);
      return sim.description.length;
    });

    expect(seen).toEqual(['seed 0', 'seed 1', 'seed 2', 'seed 3', 'seed 4', 'seed 5', 'seed 6']);
    expect(results).toEqual([6, 6, 6, 6, 6, 6, 6]);
  });

  it('starts at `from` and turns autoAdvance on by default', async () => {
    const seeds: string[] = [];

    await many(
      3,
      async (sim) => {
        seeds.push(sim.description);
        const task = sim.spawn((ctx) => ctx.sleep(100));
        await sim.runUntil(task);
        expect(sim.now()).toBe(100);
      },
      { from: 40 },
    );

    expect(seeds).toEqual(['seed 40', 'seed 41', 'seed 42']);
  });

  it("on failure logs 'Failing seed: N' and a replay command with SEED=N, then rethrows the original error", async () => {
    const { lines, log } = logger();
    const expected = await findFailure(failsUnlessTask0First, { from: 0, count: 100 });
    expect(expected).toBeDefined();
    const failingSeed = expected?.seed as number;

    const error = await many(100, failsUnlessTask0First, { log }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RangeError);
    // The original message, then the replay information (see many-failures.test.ts).
    expect(String(error).startsWith(`${String(expected?.error)}\n\nFailing seed: ${failingSeed}\n`)).toBe(true);
    expect(lines).toHaveLength(1);
    const report = lines[0] as string;
    expect(report).toContain(`Failing seed: ${failingSeed}`);
    expect(report).toMatch(new RegExp(`Replay: SEED=${failingSeed} \\S`));
    expect(report).toContain('Schedule (');
    expect(report).toMatch(/task \d+ "t\d" start \(background\)/);
  });

  it('rethrows the very error object the body threw', async () => {
    const boom = new Error('the original');
    const { lines, log } = logger();

    const error = await many(
      10,
      (sim) => {
        if (sim.description === 'seed 3') throw boom;
      },
      { log },
    ).catch((e: unknown) => e);

    expect(error).toBe(boom);
    expect(lines[0]).toContain('Failing seed: 3');
    expect(lines[0]).toContain('SEED=3');
  });

  it('uses the given replay command', async () => {
    const { lines, log } = logger();

    await many(
      5,
      () => {
        throw new Error('always');
      },
      { log, replayCommand: ({ seed }) => `SEED=${seed} my-runner --case x` },
    ).catch(() => {});

    expect(lines[0]).toContain('Replay: SEED=0 my-runner --case x');
  });

  it('stops at the first failing seed', async () => {
    const runs: string[] = [];

    await many(
      10,
      (sim) => {
        runs.push(sim.description);
        if (sim.description === 'seed 1') throw new Error('second seed fails');
      },
      { log: () => {} },
    ).catch(() => {});

    // Seed 1 runs twice: lean, then re-run with the trace on for its report.
    expect(runs).toEqual(['seed 0', 'seed 1', 'seed 1']);
  });

  it('with checkDeterminism still returns one result per seed (regression)', async () => {
    const results = await many(5, (sim) => startOrder(sim, 3), { checkDeterminism: true });

    expect(results).toHaveLength(5);
  });

  it('with checkDeterminism fails on a body that is not deterministic', async () => {
    let runs = 0;
    const { lines, log } = logger();

    const error = await many(
      3,
      async (sim) => {
        runs++;
        // Depends on state outside the simulator: the second run of a seed spawns one task more.
        for (let i = 0; i < (runs % 2 === 0 ? 3 : 2); i++) sim.spawn(() => {}, { label: `t${i}` });
        await sim.runUntilIdle();
      },
      { checkDeterminism: true, log, order: 'session-fifo' },
    ).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(NonDeterminismError);
    expect((error as NonDeterminismError).step).toBe(2);
    expect(lines[0]).toContain('Failing seed: 0');
  });
});

describe('once', () => {
  it('runs exactly the given seed and returns its value', async () => {
    const seen: string[] = [];

    const value = await once(77, (sim) => {
      seen.push(sim.description);
      return 'ok';
    });

    expect(value).toBe('ok');
    expect(seen).toEqual(['seed 77']);
  });

  it('reports and rethrows a failure', async () => {
    const { lines, log } = logger();
    const boom = new Error('once failed');

    await expect(
      once(
        5,
        () => {
          throw boom;
        },
        { log },
      ),
    ).rejects.toBe(boom);
    expect(lines[0]).toContain('Failing seed: 5');
  });
});

describe('seed validation in multi-seed runs', () => {
  it.each([-1, 1.5, 2 ** 32])(
    'rejects the first seed %s with an InvalidArgumentError, running nothing',
    async (seed) => {
      let runs = 0;

      const error = await once(seed, () => {
        runs++;
      }).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect(runs).toBe(0);
    },
  );
});

describe('findFailure', () => {
  it('returns undefined when every seed passes', async () => {
    const progress: number[] = [];

    const failure = await findFailure(
      (sim) => startOrder(sim, 3),
      { from: 0, count: 20 },
      {
        onProgress: (done, total) => {
          expect(total).toBe(20);
          progress.push(done);
        },
      },
    );

    expect(failure).toBeUndefined();
    expect(progress).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('returns the first failing seed with its error and its simulator, without throwing', async () => {
    const failure = await findFailure(racyCounter, { from: 0, count: 200 });

    expect(failure).toBeDefined();
    expect(failure?.error).toBeInstanceOf(LostUpdate);
    expect(failure?.outcome.ok).toBe(false);
    expect(failure?.outcome.simulator.description).toBe(`seed ${failure?.seed}`);
    // Every seed before it passes.
    const before = await findFailure(racyCounter, { from: 0, count: failure?.seed as number });
    expect(before).toBeUndefined();
  });
});
