// Mutation-testing follow-up (docs/mutation.md, "sim: node/, errors/, check-determinism, seed-range"):
// manyParallel from its TypeScript source, on the paths that start no worker thread (the worker
// paths load the built seed-worker.js, so parallel-many.test.ts runs them from dist).
import { InvalidArgumentError } from '@sched/core';
import { afterEach, describe, expect, it } from 'vitest';
import { LivelockError } from '../../src/errors/livelock-error.js';
import { manyParallel } from '../../src/node/parallel-many.js';
import { runOne } from '../../src/run/run-one.js';
import { racyCounter } from '../fixtures/scenarios.mjs';

const scenarios = new URL('../fixtures/scenarios.mjs', import.meta.url);
const saved = { SCHEDULE: process.env.SCHEDULE, SEED: process.env.SEED, ITERATIONS: process.env.ITERATIONS };

afterEach(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe('manyParallel (source, no worker threads)', () => {
  it('replays SCHEDULE on this thread: a passing schedule is one seed on no worker', async () => {
    process.env.SCHEDULE = '-';
    expect(await manyParallel(50, { module: scenarios, export: 'safeCounter' }, { workers: 4 })).toEqual({
      seeds: 1,
      workers: 0,
    });
  });

  it('reports a failing SCHEDULE with its replay information, without threads', async () => {
    let schedule: readonly number[] | undefined;
    for (let seed = 0; schedule === undefined; seed++) {
      const outcome = await runOne(racyCounter, { seed, trace: false });
      if (!outcome.ok) schedule = outcome.simulator.schedule;
    }
    process.env.SCHEDULE = schedule.join('.');
    const logs: string[] = [];
    const error = await manyParallel(
      50,
      { module: scenarios, export: 'racyCounter' },
      { log: (text) => logs.push(text) },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/^lost update: count is [12]/);
    expect((error as Error).message).toContain(`SCHEDULE=${schedule.join('.')}`);
    expect(logs.join('\n')).toContain(`SCHEDULE=${schedule.join('.')}`);
  });

  it('passes the simulator options on to the SCHEDULE replay (maxSteps: 1 makes it a livelock)', async () => {
    process.env.SCHEDULE = '-';
    const error = await manyParallel(
      5,
      { module: scenarios, export: 'safeCounter' },
      { maxSteps: 1, log: () => {} },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LivelockError);
    expect((error as LivelockError).maxSteps).toBe(1);
  });

  it('rejects a worker count below 1, naming it, before loading anything', async () => {
    const error = await manyParallel(10, { module: scenarios, export: 'nope' }, { workers: 0 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).argument).toBe('workers');
    expect((error as InvalidArgumentError).value).toBe(0);
  });

  it('rejects a bad export with a typed error before starting threads, and bad seed ranges', async () => {
    const error = await manyParallel(10, { module: scenarios, export: 'nope' }, { workers: 1 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).argument).toBe('export');
    process.env.ITERATIONS = '0';
    const range = await manyParallel(10, { module: scenarios, export: 'safeCounter' }).catch((e: unknown) => e);
    expect(range).toBeInstanceOf(InvalidArgumentError);
    expect((range as InvalidArgumentError).argument).toBe('iterations');
  });
});
