import { InvalidArgumentError } from '@sched/core';
import { findFailure } from '@sched/sim';
// Worker threads load built JavaScript, so this suite uses the package's dist (built by `pnpm build`).
import { manyParallel } from '@sched/sim/node';
import { describe, expect, it } from 'vitest';
import { racyCounter } from '../fixtures/scenarios.mjs';

const scenarios = new URL('../fixtures/scenarios.mjs', import.meta.url);

describe('manyParallel', () => {
  it('runs every seed across worker threads when the scenario passes', async () => {
    const progress: number[] = [];
    const result = await manyParallel(
      60,
      { module: scenarios, export: 'safeCounter' },
      {
        workers: 2,
        onProgress: (done) => progress.push(done),
      },
    );
    expect(result).toEqual({ seeds: 60, workers: 2 });
    expect(progress.at(-1)).toBe(60);
  });

  it('reports the lowest failing seed, the same one a sequential run finds', async () => {
    const sequential = await findFailure(racyCounter, { from: 5, count: 100 }, { autoAdvance: true });
    const logs: string[] = [];
    const run = manyParallel(
      100,
      { module: scenarios, export: 'racyCounter' },
      {
        from: 5,
        workers: 2,
        log: (text) => logs.push(text),
      },
    );
    await expect(run).rejects.toThrow(/lost update/);
    expect(sequential).toBeDefined();
    expect(logs.join('\n')).toContain(`Failing seed: ${sequential?.seed}`);
    expect(logs.join('\n')).toContain(`SEED=${sequential?.seed}`);
  });

  it('rejects an unknown export with a typed error before starting threads', async () => {
    await expect(manyParallel(10, { module: scenarios, export: 'nope' })).rejects.toBeInstanceOf(InvalidArgumentError);
  });
});
