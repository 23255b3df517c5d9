import { setSpawnLocationCapture, UnobservedTaskError } from '@sched/core';
import { explore, findFailure, many, RerunMismatchError, runOne, type Simulator } from '@sched/sim';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { leanOptions, richOptions, runLean } from '../../src/run/run-lean.js';
import { callerLine, withoutColumn } from '../support/location.js';
import { LostUpdate, racyCounter } from '../support/scenarios.js';

/** A task that fails after one yield and is never observed; `line` is the `file:line` of its spawn. */
function spawnForgotten(sim: Simulator): { id: number; line: string } {
  // biome-ignore format: the spawn must stay on the line callerLine() reads
  const task = sim.spawn(async (ctx) => { await ctx.yieldNow(); throw new Error('lost write'); }, { label: 'audit' }), line = callerLine();
  return { id: task.id, line };
}

describe('multi-seed runs: passing seeds lean, a failing seed re-run rich', () => {
  it('passing seeds keep no events and capture no spawn sites by default, but keep the trace hash', async () => {
    const seen = await many(5, async (sim) => {
      const task = sim.spawn(async (ctx) => ctx.yieldNow());
      await sim.runUntil(task);
      return { events: sim.trace.eventCount, steps: sim.trace.steps, hash: sim.trace.hash, at: task.spawnLocation };
    });

    for (const run of seen) {
      expect(run).toMatchObject({ events: 0, steps: 2, at: undefined });
      expect(run.hash).not.toBe(0x811c9dc5); // the FNV offset: nothing hashed
    }
  });

  it('`trace: true` keeps events and spawn sites on every passing seed', async () => {
    const line = { value: '' };
    const seen = await many(
      5,
      async (sim) => {
        // biome-ignore format: the spawn must stay on the line callerLine() reads
        const task = sim.spawn(async (ctx) => ctx.yieldNow()), here = callerLine();
        line.value = here;
        await sim.runUntil(task);
        return { events: sim.trace.events.map((e) => e.kind), at: withoutColumn(task.spawnLocation) };
      },
      { trace: true },
    );

    expect(seen).toEqual(Array.from({ length: 5 }, () => ({ events: ['start', 'resume'], at: line.value })));
  });

  it('a failing seed, with default options, is reported from the rich re-run: trace tail and spawn sites', async () => {
    const logs: string[] = [];
    let spawned: { id: number; line: string } | undefined;

    const error = await many(
      3,
      async (sim) => {
        spawned = spawnForgotten(sim);
        await sim.runUntilIdle();
      },
      { log: (text) => logs.push(text), replayCommand: (r) => `R ${r.seed}` },
    ).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(UnobservedTaskError);
    const message = (error as Error).message;
    expect(message).toMatch(new RegExp(`task #${spawned?.id} "audit" spawned at ${spawned?.line}:\\d+ failed`));
    expect(message).toContain('Failing seed: 0\nReplay: R 0\n');
    expect(logs).toHaveLength(1);
    const report = logs[0] ?? '';
    expect(report).toContain('Last 2 of 2 steps:\n');
    expect(report).toMatch(
      /\n {2}#1 t=0ms task \d+ "audit" start \(foreground\)\n {2}#2 t=0ms task \d+ "audit" resume/,
    );
  });

  it('findFailure returns the rich run: its simulator has the events and the spawn sites', async () => {
    let line = '';
    const failure = await findFailure(
      async (sim) => {
        // biome-ignore format: the spawn must stay on the line callerLine() reads
        const first = sim.spawn(() => 'first'), here = callerLine();
        line = here;
        await sim.runUntil(first);
        await racyCounter(sim);
      },
      { from: 0, count: 200 },
    );

    expect(failure?.error).toBeInstanceOf(LostUpdate);
    const trace = failure?.outcome.simulator.trace;
    expect(trace?.eventCount).toBe(trace?.steps);
    expect(withoutColumn(trace?.spawnSite(1))).toBe(line);
  });

  it('a body that is not deterministic fails with RerunMismatchError carrying the original error', async () => {
    let calls = 0;
    const boom = new TypeError('only the first time');
    const logs: string[] = [];

    const error = await many(
      10,
      async (sim) => {
        calls++;
        await sim.runUntil(sim.spawn(async (ctx) => ctx.yieldNow()));
        if (calls === 1) throw boom; // reads a counter outside the simulator
      },
      { log: (text) => logs.push(text) },
    ).catch((e: unknown) => e);

    expect(calls).toBe(2);
    expect(error).toBeInstanceOf(RerunMismatchError);
    const mismatch = error as RerunMismatchError;
    expect(mismatch.cause).toBe(boom);
    expect(mismatch.first).toMatchObject({ steps: 2, outcome: 'threw TypeError: only the first time' });
    expect(mismatch.rerun).toMatchObject({ steps: 2, outcome: 'passed', hash: mismatch.first.hash });
    expect(mismatch.message).toContain('seed 0 is not deterministic');
    expect(mismatch.message).toContain('Original error: threw TypeError: only the first time');
    expect(mismatch.message).toContain('Failing seed: 0');
  });

  it('a re-run that fails the same way after other steps is a mismatch too', async () => {
    let calls = 0;

    const outcome = await runLean(
      async (sim) => {
        calls++;
        // One more task on the re-run: another step count and hash.
        const tasks = Array.from({ length: calls }, () => sim.spawn(async (ctx) => ctx.yieldNow()));
        await sim.runUntil(Promise.all(tasks));
        throw new RangeError(`run ${calls}`);
      },
      { seed: 7 },
    );

    expect(outcome.ok).toBe(false);
    const error = (outcome as { error: unknown }).error as RerunMismatchError;
    expect(error).toBeInstanceOf(RerunMismatchError);
    expect(error.first.steps).toBe(2);
    expect(error.rerun.steps).toBe(4);
    expect(error.rerun.hash).not.toBe(error.first.hash);
    expect((error.cause as Error).message).toBe('run 1');
  });

  it('a lean run and its rich re-run agree on trace hash and step count (any small scenario, any seed)', async () => {
    const scenario = fc.record({
      seed: fc.nat({ max: 2 ** 32 - 1 }),
      tasks: fc.array(
        fc.record({ yields: fc.nat({ max: 3 }), sleep: fc.option(fc.nat({ max: 5 })), fail: fc.boolean() }),
        { minLength: 1, maxLength: 4 },
      ),
    });
    await fc.assert(
      fc.asyncProperty(scenario, async ({ seed, tasks }) => {
        const body = async (sim: Simulator): Promise<void> => {
          const spawned = tasks.map((t, i) =>
            sim.spawn(
              async (ctx) => {
                for (let y = 0; y < t.yields; y++) await ctx.yieldNow();
                if (t.sleep !== null) await ctx.sleep(sim.delay(0, t.sleep));
                if (t.fail) throw new Error(`task ${i}`);
              },
              { label: `t${i}` },
            ),
          );
          await sim.runUntilIdle();
          await Promise.allSettled(spawned);
        };
        const lean = await runOne(body, leanOptions({ seed }));
        const rich = await runOne(body, richOptions({ seed }));

        expect(lean.simulator.trace.eventCount).toBe(0);
        expect(rich.simulator.trace.eventCount).toBe(rich.simulator.trace.steps);
        expect(lean.simulator.trace.steps).toBe(rich.simulator.trace.steps);
        expect(lean.simulator.trace.hash).toBe(rich.simulator.trace.hash);
        expect(lean.simulator.schedule).toEqual(rich.simulator.schedule);
      }),
      { numRuns: 60 },
    );
  });

  it('an explicit `trace: false` runs each seed once as told, spawn sites on', async () => {
    const runs: string[] = [];
    const outcome = await runLean(
      async (sim) => {
        const task = sim.spawn(() => 1);
        runs.push(String(task.spawnLocation !== undefined));
        throw new Error('fails');
      },
      { seed: 1, trace: false },
    );

    expect(outcome.ok).toBe(false);
    expect(runs).toEqual(['true']);
    expect(outcome.simulator.trace.eventCount).toBe(0);
  });
});

describe('Simulator option spawnLocations', () => {
  it('set explicitly, it holds on passing seeds too', async () => {
    const located = await many(3, (sim) => sim.spawn(() => 1).spawnLocation !== undefined, { spawnLocations: true });
    const unlocated = await many(3, (sim) => sim.spawn(() => 1).spawnLocation !== undefined);

    expect(located).toEqual([true, true, true]);
    expect(unlocated).toEqual([false, false, false]);
  });

  it('turns capture off on that simulator; setSpawnLocationCapture(true) still forces it', async () => {
    const { Simulator } = await import('@sched/sim');
    const on = new Simulator().spawn(() => 1);
    const off = new Simulator({ spawnLocations: false }).spawn(() => 1);
    const previous = setSpawnLocationCapture(true);
    let forced: string | undefined;
    try {
      forced = new Simulator({ spawnLocations: false }).spawn(() => 1).spawnLocation;
    } finally {
      setSpawnLocationCapture(previous);
    }

    expect(on.spawnLocation).toMatch(/run-lean\.test\.ts:\d+:\d+$/);
    expect(off.spawnLocation).toBeUndefined();
    expect(forced).toMatch(/run-lean\.test\.ts:\d+:\d+$/);
  });
});

describe('explore: schedules run lean, the failure is reported from a rich replay', () => {
  it('passing schedules keep no events; the reported run has its trace tail and spawn sites', async () => {
    const eventsSeen: number[] = [];
    const result = await explore(
      async (sim) => {
        let balance = 100;
        const withdraw = (n: number) =>
          sim.spawn(
            async (ctx) => {
              const read = balance;
              await ctx.yieldNow();
              balance = read - n;
            },
            { label: `withdraw ${n}` },
          );
        const tasks = [withdraw(30), withdraw(50)];
        await sim.runUntilIdle();
        for (const task of tasks) await task;
        eventsSeen.push(sim.trace.eventCount);
        if (balance !== 20) throw new Error(`lost update: ${balance}`);
      },
      { strategy: 'random', budget: { schedules: 200 }, shrinkRuns: 20 },
    );

    expect(result.found).toBe(true);
    if (!result.found) return;
    // Every run made during the search and the shrinking was lean; only the final replay was rich.
    expect(eventsSeen.slice(0, -1).every((n) => n === 0)).toBe(true);
    expect(eventsSeen.at(-1)).toBeGreaterThan(0);
    const trace = result.failure.simulator.trace;
    expect(trace.eventCount).toBe(trace.steps);
    expect(trace.spawnSite(1)).toMatch(/run-lean\.test\.ts:\d+:\d+$/);
    expect(result.failure.report).toMatch(/Last \d+ of \d+ steps:\n {2}#1 t=0ms task 1 "withdraw 30" start/);
  });
});
