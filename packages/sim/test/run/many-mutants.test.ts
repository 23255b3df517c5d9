// Multi-seed runs, one run and lean runs in detail (docs/mutation.md, "sim: `run/`"): progress,
// SCHEDULE= replays, determinism checks, the hooks held across seeds, option defaults and the
// rich re-run's checks.
import { InvalidArgumentError, UnobservedTaskError } from '@sched/core';
import { findFailure, many, NonDeterminismError, once, RerunMismatchError, runOne, type Simulator } from '@sched/sim';
import { describe, expect, it } from 'vitest';
import { confirmRerun, leanOptions, leanRunner, richOptions, runLean } from '../../src/run/run-lean.js';
import type { Outcome } from '../../src/run/sim-fn.js';
import { restoreEnvAfterEach } from '../support/env.js';
import { LostUpdate, racyCounter } from '../support/scenarios.js';

const quiet = { log: () => {} };
restoreEnvAfterEach(['SEED', 'SCHEDULE', 'ITERATIONS']);

/** Two tasks record their start order; the seed decides it. */
async function order(sim: Simulator): Promise<string> {
  const seen: string[] = [];
  const a = sim.spawn(() => void seen.push('a'), { lane: 'background' });
  const b = sim.spawn(() => void seen.push('b'), { lane: 'background' });
  await sim.runUntilIdle();
  await a;
  await b;
  return seen.join('');
}

describe('many: progress, hooks and SCHEDULE=', () => {
  it('reports progress after every seed as (done, total)', async () => {
    const progress: Array<[number, number]> = [];
    await many(4, order, { ...quiet, from: 10, onProgress: (done, total) => progress.push([done, total]) });
    expect(progress).toEqual([
      [1, 4],
      [2, 4],
      [3, 4],
      [4, 4],
    ]);
  });

  it('stops reporting progress at a failing seed', async () => {
    const progress: number[] = [];
    const failure = await findFailure(
      async (sim) => {
        if (sim.description === 'seed 2') throw new Error('two');
      },
      { from: 0, count: 5 },
      { onProgress: (done) => progress.push(done) },
    );
    expect(failure?.seed).toBe(2);
    expect(progress).toEqual([1, 2]);
  });

  it('SCHEDULE= replays that one schedule, reports progress (1, 1) and returns its value', async () => {
    process.env.SCHEDULE = '1';
    const progress: Array<[number, number]> = [];
    const values = await many(50, order, { ...quiet, onProgress: (done, total) => progress.push([done, total]) });
    expect(values).toEqual(['ba']);
    expect(progress).toEqual([[1, 1]]);
    process.env.SCHEDULE = '0';
    expect(await once(3, order, quiet)).toBe('ab');
  });

  it('SCHEDULE= with checkDeterminism runs the schedule twice and passes a deterministic body', async () => {
    process.env.SCHEDULE = '1';
    let runs = 0;
    const values = await many(
      5,
      async (sim) => {
        runs++;
        return order(sim);
      },
      { ...quiet, checkDeterminism: true },
    );
    expect(values).toEqual(['ba']);
    expect(runs).toBe(2);
  });

  it('SCHEDULE= with checkDeterminism fails a body that is not deterministic', async () => {
    process.env.SCHEDULE = '0';
    let runs = 0;
    const run = many(
      5,
      async (sim) => {
        runs++;
        const tasks = Array.from({ length: runs }, () => sim.spawn(async () => {}));
        await sim.runUntilIdle();
        for (const task of tasks) await task;
      },
      { ...quiet, checkDeterminism: true },
    );
    await expect(run).rejects.toBeInstanceOf(NonDeterminismError);
    expect(runs).toBe(2);
  });

  it('with checkDeterminism a failing seed runs once and fails with its own error', async () => {
    let runs = 0;
    const failure = await findFailure(
      async () => {
        runs++;
        throw new RangeError('always');
      },
      { from: 0, count: 3 },
      { checkDeterminism: true },
    );
    expect(failure?.seed).toBe(0);
    expect(failure?.error).toBeInstanceOf(RangeError);
    expect(runs).toBe(1);
  });

  it('with checkDeterminism every passing seed runs twice', async () => {
    let runs = 0;
    const values = await many(
      3,
      async (sim) => {
        runs++;
        return order(sim);
      },
      { ...quiet, checkDeterminism: true },
    );
    expect(values).toHaveLength(3);
    expect(runs).toBe(6);
  });

  it('holds the real-timer spies for the whole run, and gives them back when a seed fails', async () => {
    const original = globalThis.setTimeout;
    const seen: unknown[] = [];
    const run = many(
      3,
      async (sim) => {
        seen.push(globalThis.setTimeout);
        await sim.runUntilIdle();
        if (sim.description === 'seed 2') throw new Error('last');
      },
      quiet,
    );
    await expect(run).rejects.toThrow(/^last/);
    expect(seen.every((spy) => spy !== original)).toBe(true);
    expect(new Set(seen).size).toBe(1);
    expect(globalThis.setTimeout).toBe(original);
  });

  it('detectRealTimers: false holds no spies', async () => {
    const original = globalThis.setTimeout;
    const seen: unknown[] = [];
    await many(
      2,
      async (sim) => {
        seen.push(globalThis.setTimeout);
        await sim.runUntilIdle();
      },
      { ...quiet, detectRealTimers: false },
    );
    expect(seen).toEqual([original, original]);
  });

  it('passing seeds run lean and a failing seed is re-run rich, with the re-run counted', async () => {
    const sims: Simulator[] = [];
    const failure = await findFailure(
      async (sim) => {
        sims.push(sim);
        await racyCounter(sim);
      },
      { from: 0, count: 200 },
    );
    expect(failure?.error).toBeInstanceOf(LostUpdate);
    // Every seed ran lean (no trace events); the failing one ran once more, rich.
    expect(sims.slice(0, -1).every((sim) => sim.trace.events.length === 0)).toBe(true);
    expect(sims.at(-1)?.trace.events.length).toBeGreaterThan(0);
    expect(sims.at(-1)).toBe(failure?.outcome.simulator);
    expect(sims).toHaveLength((failure?.seed ?? 0) + 2);
  });
});

describe('runOne in detail', () => {
  it('rejects invalid options without calling the body', async () => {
    let called = false;
    const run = runOne(
      () => {
        called = true;
      },
      { seed: -1 },
    );
    await expect(run).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(called).toBe(false);
  });

  it('a body that throws synchronously is a failed outcome, with the simulator', async () => {
    const boom = new Error('sync');
    const outcome = await runOne(
      () => {
        throw boom;
      },
      { seed: 2 },
    );
    expect(outcome.ok).toBe(false);
    expect(outcome.ok ? undefined : outcome.error).toBe(boom);
    expect(outcome.simulator.description).toBe('seed 2');
  });

  it('autoAdvance is on unless the options name it', async () => {
    const sleeper = async (sim: Simulator): Promise<number> => {
      const task = sim.spawn((ctx) => ctx.sleep(5));
      await sim.runUntil(task);
      return sim.now();
    };
    expect(await runOne(sleeper, { seed: 0 })).toMatchObject({ ok: true, value: 5 });
    const off = await runOne(sleeper, { seed: 0, autoAdvance: false, stallTimeoutMs: 0 });
    expect(off.ok).toBe(false);
  });

  it('a value returned while a task failed unobserved fails with UnobservedTaskError', async () => {
    let sim: Simulator | undefined;
    const first = await runOne(
      async (s) => {
        sim = s;
        s.spawn(async () => {
          throw new Error('lost');
        });
        await s.runUntilIdle();
        return 'value';
      },
      { seed: 0 },
    );
    expect(first.ok).toBe(false);
    expect(first.ok ? undefined : first.error).toBeInstanceOf(UnobservedTaskError);
    expect(sim).toBe(first.simulator);
  });
});

describe('lean runs in detail', () => {
  it('leanOptions turns trace and spawn sites off only when trace is unset, keeping an explicit spawnLocations', () => {
    expect(leanOptions({ seed: 1 })).toEqual({ seed: 1, trace: false, spawnLocations: false });
    expect(leanOptions({ seed: 1, spawnLocations: true })).toEqual({ seed: 1, trace: false, spawnLocations: true });
    const traced = { seed: 1, trace: true };
    expect(leanOptions(traced)).toBe(traced);
    const untraced = { seed: 1, trace: false };
    expect(leanOptions(untraced)).toBe(untraced);
  });

  it('richOptions turns the trace on, and spawn sites unless set', () => {
    expect(richOptions({ seed: 1 })).toEqual({ seed: 1, trace: true, spawnLocations: true });
    expect(richOptions({ seed: 1, trace: false, spawnLocations: false })).toEqual({
      seed: 1,
      trace: true,
      spawnLocations: false,
    });
  });

  it('leanRunner runs a seed or a schedule; with trace set, each target runs once', async () => {
    let runs = 0;
    const body = async (sim: Simulator): Promise<string> => {
      runs++;
      return order(sim);
    };
    const runner = leanRunner(body, {});
    expect(await runner({ schedule: [1] })).toMatchObject({ ok: true, value: 'ba' });
    expect(await runner({ schedule: [0] })).toMatchObject({ ok: true, value: 'ab' });
    const seeded = await runner({ seed: 4 });
    expect(seeded.simulator.description).toBe('seed 4');
    expect(runs).toBe(3);

    runs = 0;
    const failing = leanRunner(
      async () => {
        runs++;
        throw new Error('x');
      },
      { trace: true },
    );
    expect((await failing({ seed: 1 })).ok).toBe(false);
    expect(runs).toBe(1);
    runs = 0;
    const rerun = leanRunner(async () => {
      runs++;
      throw new Error('x');
    }, {});
    expect((await rerun({ seed: 1 })).ok).toBe(false);
    expect(runs).toBe(2);
  });

  it('runLean keeps the first run when it passes, and returns the rich re-run of a failure', async () => {
    const passed = await runLean(order, { seed: 0 });
    expect(passed.ok).toBe(true);
    expect(passed.simulator.trace.events).toEqual([]);
    const failed = await runLean(
      async (sim) => {
        await order(sim);
        throw new Error('always');
      },
      { seed: 0 },
    );
    expect(failed.ok).toBe(false);
    expect(failed.simulator.trace.events.length).toBeGreaterThan(0);
  });

  it('runLean keeps the seed or the schedule of its options', async () => {
    const seeded = await runLean(order, { seed: 4 });
    expect(seeded.simulator.description).toBe('seed 4');
    const scheduled = await runLean(order, { schedule: [1] });
    expect(scheduled).toMatchObject({ ok: true, value: 'ba' });
    expect(scheduled.simulator.description).toMatch(/^schedule /);
  });

  it('confirmRerun: a re-run that passes, or differs in steps, hash or error kind, is a mismatch carrying the first error', async () => {
    const fail = (error: unknown) => async (sim: Simulator) => {
      await order(sim);
      throw error;
    };
    const first = (await runOne(fail(new RangeError('a')), { schedule: [0], trace: true })) as Outcome<unknown> & {
      ok: false;
    };
    const same = await runOne(fail(new RangeError('other message')), { schedule: [0], trace: true });
    expect(confirmRerun(first, same)).toBe(same);

    const passing = await runOne(order, { schedule: [0], trace: true });
    const otherKind = await runOne(fail(new TypeError('a')), { schedule: [0], trace: true });
    const otherSteps = await runOne(
      async (sim) => {
        sim.spawn(async () => {});
        await fail(new RangeError('a'))(sim);
      },
      { schedule: [0], trace: true },
    );
    // Same steps, another time: another hash.
    const sleepy = (ms: number) => async (sim: Simulator) => {
      await sim.runUntil(sim.spawn((ctx) => ctx.sleep(ms)));
      throw new RangeError('a');
    };
    const firstSleep = (await runOne(sleepy(1), { seed: 0, trace: true })) as Outcome<unknown> & { ok: false };
    const otherTime = await runOne(sleepy(2), { seed: 0, trace: true });
    expect(otherTime.simulator.trace.steps).toBe(firstSleep.simulator.trace.steps);
    expect(otherTime.simulator.trace.hash).not.toBe(firstSleep.simulator.trace.hash);
    expect(otherSteps.simulator.trace.steps).not.toBe(first.simulator.trace.steps);

    const pairs: Array<[Outcome<unknown> & { ok: false }, Outcome<unknown>]> = [
      [first, passing],
      [first, otherKind],
      [first, otherSteps],
      [firstSleep, otherTime],
    ];
    for (const [one, rerun] of pairs) {
      const confirmed = confirmRerun(one, rerun);
      expect(confirmed.ok).toBe(false);
      const error = (confirmed as { error: unknown }).error as RerunMismatchError;
      expect(error).toBeInstanceOf(RerunMismatchError);
      expect(error.cause).toBe(one.error);
      expect(confirmed.simulator).toBe(rerun.simulator);
    }
    const passed = (confirmRerun(first, passing) as { error: RerunMismatchError }).error;
    expect(passed.first).toEqual({
      steps: first.simulator.trace.steps,
      hash: first.simulator.trace.hash,
      outcome: 'threw RangeError: a',
    });
    expect(passed.rerun).toEqual({
      steps: passing.simulator.trace.steps,
      hash: passing.simulator.trace.hash,
      outcome: 'passed',
    });
  });

  it('confirmRerun: a passing re-run is a mismatch even when the first run threw undefined', async () => {
    const first = (await runOne(
      async (sim) => {
        await order(sim);
        throw undefined;
      },
      { schedule: [0], trace: true },
    )) as Outcome<unknown> & { ok: false };
    const rerun = await runOne(order, { schedule: [0], trace: true });
    expect(rerun.simulator.trace.hash).toBe(first.simulator.trace.hash);
    expect(rerun.simulator.trace.steps).toBe(first.simulator.trace.steps);

    const confirmed = confirmRerun(first, rerun);

    expect(confirmed.ok).toBe(false);
    expect((confirmed as { error: unknown }).error).toBeInstanceOf(RerunMismatchError);
  });

  it('confirmRerun describes a non-Error failure by its kind and value', async () => {
    const first = (await runOne(
      async () => {
        throw 'text';
      },
      { seed: 0, trace: true },
    )) as Outcome<unknown> & { ok: false };
    const rerun = await runOne(order, { seed: 0, trace: true });
    const error = (confirmRerun(first, rerun) as { error: RerunMismatchError }).error;
    expect(error.first.outcome).toBe('threw string: text');
  });
});
