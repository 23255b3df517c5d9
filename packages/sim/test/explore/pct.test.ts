import { InvalidArgumentError } from '@sched/core';
import { explore, PctSource, PctStrategy, SeededSource, Simulator } from '@sched/sim';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sixSteps } from '../fixtures/planted/index.mjs';

/** The most scheduling steps with a real choice that any of 50 seeded runs of `body` takes: PCT's k. */
async function choiceSteps(body: (sim: Simulator) => Promise<void>): Promise<number> {
  let most = 0;
  for (let seed = 0; seed < 50; seed++) {
    let steps = 0;
    const random = new SeededSource(seed);
    const sim = new Simulator({
      autoAdvance: true,
      source: {
        description: 'count',
        choose: (n, candidates) => {
          if (candidates !== undefined) steps++;
          return random.choose(n);
        },
      },
    });
    await body(sim).catch(() => {});
    most = Math.max(most, steps);
  }
  return most;
}

/** Runs that fail, out of `runs` PCT schedules of depth `depth` over `k` steps. */
async function hits(body: (sim: Simulator) => Promise<void>, depth: number, k: number, runs: number, from = 0) {
  let failed = 0;
  for (let seed = from; seed < from + runs; seed++) {
    const sim = new Simulator({ autoAdvance: true, source: new PctSource(new SeededSource(seed), depth, k) });
    try {
      await body(sim);
    } catch {
      failed++;
    }
  }
  return failed;
}

// PCT's guarantee (Burckhardt et al.): a bug of depth d is hit with probability at least
// 1 / (n · k^(d−1)) per run. The runs are seeded, so each count is fixed; a binomial count
// fluctuates around its rate, so each check allows a few standard deviations of slack.
const SLACK = 0.6;

describe('PCT', () => {
  it('hits a depth-2 ordering (six-steps: after the sixth step, before the publish) at its guaranteed rate', async () => {
    const k = await choiceSteps(sixSteps.buggy);
    const runs = 2_000;
    const guaranteed = 1 / (2 * k); // n = 2 tasks, d = 2
    const found = await hits(sixSteps.buggy, 2, k, runs);
    expect(k).toBeGreaterThanOrEqual(7);
    // Here the bound is tight (exactly one change point, at the publish step, with the reader
    // below the writer): 107 of 2,000 against 111 expected. 0.8 is about three deviations.
    expect(found).toBeGreaterThanOrEqual(Math.floor(0.8 * guaranteed * runs));
  });

  it('hits any depth-1 ordering (task j finishes before task i starts) at no less than 1/n', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 4 }),
        fc.integer({ min: 1, max: 3 }),
        fc.nat(1_000),
        fc.nat(),
        async (n, yields, pair, from) => {
          const i = pair % n;
          const j = (i + 1 + ((pair >> 2) % (n - 1))) % n;
          const body = async (sim: Simulator) => {
            const started: boolean[] = new Array(n).fill(false);
            let violated = false;
            const tasks = Array.from({ length: n }, (_, t) =>
              sim.spawn(async (ctx) => {
                started[t] = true;
                for (let y = 0; y < yields; y++) await ctx.yieldNow();
                if (t === j && !started[i]) violated = true;
              }),
            );
            await sim.runUntilIdle();
            await Promise.all(tasks);
            if (violated) throw new Error(`task ${j} finished before task ${i} started`);
          };
          const runs = 200;
          const found = await hits(body, 1, await choiceSteps(body), runs, from % 1_000_000);
          expect(found).toBeGreaterThanOrEqual(Math.floor((SLACK * runs) / n));
        },
      ),
      { numRuns: 8 },
    );
  });

  it('learns the step bound from the runs, and reports depth and bound with a failure', async () => {
    const result = await explore(sixSteps.buggy, { strategy: 'pct', depth: 2, seed: 3, shrinkRuns: 0 });
    expect(result.found).toBe(true);
    if (!result.found) return;
    expect(result.failure.strategy).toBe('pct(d=2)');
    expect(result.failure.params).toMatchObject({ depth: 2 });
    expect(result.failure.params.steps).toBeGreaterThanOrEqual(7);
    expect(result.failure.report).toMatch(
      /^Found by strategy pct\(d=2\) \(depth=2 steps=\d+ seed=\d+\) at schedule \d+/,
    );
  });

  it('rejects a depth that is not an integer from 1 to 64', () => {
    expect(() => new PctStrategy(0, 1)).toThrow(InvalidArgumentError);
    expect(() => new PctStrategy(1.5, 1)).toThrow(InvalidArgumentError);
  });
});
