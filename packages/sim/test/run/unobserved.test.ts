import { SessionCleanupError, UnobservedTaskError } from '@sched/core';
import { many, runOne, Simulator } from '@sched/sim';
import { describe, expect, it } from 'vitest';
import { callerLine, withoutColumn } from '../support/location.js';

/** Spawns a task that fails after one yield; `line` is the `file:line` of the spawn call. */
function spawnFailing(
  sim: Simulator,
  label: string,
  error: Error,
): { task: ReturnType<Simulator['spawn']>; line: string } {
  // biome-ignore format: the spawn must stay on the line callerLine() reads
  const task = sim.spawn(async (ctx) => { await ctx.yieldNow(); throw error; }, { label }), line = callerLine();
  return { task, line };
}

describe('task failures nobody observes, under the simulator', () => {
  it('fail the run when the body returns, naming the task and its spawn site, with the error as cause', async () => {
    const boom = new Error('lost write');
    let spawned: { task: ReturnType<Simulator['spawn']>; line: string } | undefined;

    const outcome = await runOne(
      async (sim) => {
        spawned = spawnFailing(sim, 'audit write', boom);
        await sim.runUntilIdle(); // the failure alone does not fail the run
        return 'body done';
      },
      { seed: 1 },
    );

    expect(outcome.ok).toBe(false);
    const error = (outcome as { error: unknown }).error as UnobservedTaskError;
    expect(error).toBeInstanceOf(UnobservedTaskError);
    expect(error.cause).toBe(boom);
    expect(error.task).toBe(spawned?.task);
    expect(withoutColumn(spawned?.task.spawnLocation)).toBe(spawned?.line);
    expect(error.message).toContain(
      `task #${spawned?.task.id} "audit write" spawned at ${spawned?.task.spawnLocation}`,
    );
    expect(error.message).toContain('Error: lost write');
  });

  it('pass when the body observes the failure after it happened (expect(t).rejects after runUntilIdle)', async () => {
    const outcome = await runOne(
      async (sim) => {
        const { task } = spawnFailing(sim, 'checked later', new Error('expected failure'));
        await sim.runUntilIdle();
        expect(task.state).toBe('failed');
        await expect(task).rejects.toThrow('expected failure');
      },
      { seed: 1 },
    );

    expect(outcome.ok).toBe(true);
  });

  it('pass when the failure is observed by another task or fallible(), and a cancelled task is no failure', async () => {
    const outcome = await runOne(
      async (sim) => {
        const watched = spawnFailing(sim, 'watched', new Error('a')).task;
        const watcher = sim.spawn(async () => watched.then(undefined, (e: unknown) => (e as Error).message));
        const viaFallible = spawnFailing(sim, 'fallible', new Error('b')).task;
        const cancelled = sim.spawn(async (ctx) => ctx.sleep(10), { label: 'cancelled' });
        await sim.runUntilIdle({ autoAdvance: false });
        cancelled.cancel();
        expect(await watcher).toBe('a');
        await expect(viaFallible.fallible()).rejects.toThrow('b');
        expect(cancelled.state).toBe('cancelled');
      },
      { seed: 3 },
    );

    expect(outcome).toMatchObject({ ok: true });
  });

  it('name every unobserved failure, and many() reports the failing seed', async () => {
    const lines: string[] = [];
    const error = await many(
      3,
      async (sim) => {
        spawnFailing(sim, 'first', new Error('one'));
        spawnFailing(sim, 'second', new TypeError('two'));
        await sim.runUntilIdle();
      },
      { log: (text) => lines.push(text) },
    ).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(UnobservedTaskError);
    const message = (error as Error).message;
    expect(message).toMatch(/task #\d+ "(first|second)" spawned at .*unobserved\.test\.ts:\d+:\d+ failed and nobody/);
    expect(message).toContain('1 more unobserved failure(s):');
    expect((error as UnobservedTaskError).also).toHaveLength(1);
    expect(lines[0]).toMatch(/^Failing seed: 0/);
  });

  it('with failOnUnobservedError: false are only recorded in unobservedErrors', async () => {
    const boom = new Error('recorded');
    const outcome = await runOne(
      async (sim) => {
        spawnFailing(sim, 'quiet', boom);
        await sim.runUntilIdle();
      },
      { failOnUnobservedError: false },
    );

    expect(outcome.ok).toBe(true);
    expect(outcome.simulator.unobservedErrors.map((u) => [u.error, u.task.label])).toEqual([[boom, 'quiet']]);
  });

  it('sim.checkUnobserved() gives the verdict to tests that drive a Simulator directly, once per failure', async () => {
    const sim = new Simulator({ seed: 5 });
    const { task } = spawnFailing(sim, 'direct', new Error('x'));
    await sim.runUntilIdle();

    expect(() => sim.checkUnobserved()).toThrow(UnobservedTaskError);
    expect(() => sim.checkUnobserved()).not.toThrow();
    await expect(task).rejects.toThrow('x');
  });

  it('a session task that fails unobserved fails endSession with SessionCleanupError, as before', async () => {
    const sim = new Simulator({ seed: 2 });
    const session = sim.session('request');
    const failed = session.spawn(sim, async () => {
      throw new Error('in session');
    });
    await sim.runUntilIdle();

    await expect(sim.endSession(session)).rejects.toBeInstanceOf(SessionCleanupError);
    expect(failed.state).toBe('failed');
  });
});
