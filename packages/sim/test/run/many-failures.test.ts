import { InvalidArgumentError } from '@sched/core';
import {
  DeadlockError,
  findFailure,
  formatSchedule,
  many,
  once,
  parseSchedule,
  runOne,
  SimulationFailure,
  StalledBodyError,
} from '@sched/sim';
import { describe, expect, it } from 'vitest';
import { restoreEnvAfterEach } from '../support/env.js';
import { callerLine, withoutColumn } from '../support/location.js';
import { LostUpdate, racyCounter } from '../support/scenarios.js';

const quiet = { log: () => {} };
restoreEnvAfterEach(['SEED', 'SCHEDULE', 'ITERATIONS']);

class MyError extends Error {
  readonly detail = 42;
}

describe('the thrown error carries the replay information', () => {
  it('keeps the error object and its class; appends seed, replay command and schedule to message and stack', async () => {
    const expected = await findFailure(racyCounter, { from: 0, count: 200 });
    const seed = expected?.seed as number;
    const schedule = formatSchedule(expected?.outcome.simulator.schedule ?? []);

    const error = (await many(200, racyCounter, { ...quiet, replayCommand: ({ seed: s }) => `SEED=${s} run-it` }).catch(
      (e: unknown) => e,
    )) as LostUpdate;

    expect(error).toBeInstanceOf(LostUpdate);
    expect(error.message).toBe(
      `counter is 1, expected 2\n\nFailing seed: ${seed}\nReplay: SEED=${seed} run-it\nSchedule (${schedule.split('.').length} decisions): ${schedule}`,
    );
    // The stack's first lines are the new message, so reporters that print the stack show it too.
    expect(error.stack?.startsWith(`LostUpdate: ${error.message}\n    at `)).toBe(true);
  });

  it('rejects.toThrow(MyError) works, with its own fields and cause', async () => {
    const cause = new Error('root');

    const run = many(
      3,
      () => {
        throw new MyError('broken', { cause });
      },
      quiet,
    );

    await expect(run).rejects.toThrow(MyError);
    const error = (await run.catch((e: unknown) => e)) as MyError;
    expect(error.detail).toBe(42);
    expect(error.cause).toBe(cause);
    expect(error.message).toMatch(/^broken\n\nFailing seed: 0\nReplay: SEED=0 .+\nSchedule \(0 decisions\): -$/);
  });

  it('annotates an error thrown again from its original message, not twice', async () => {
    const shared = new Error('shared');
    const body = () => {
      throw shared;
    };

    await many(1, body, { ...quiet, from: 4 }).catch(() => {});
    await many(1, body, { ...quiet, from: 5 }).catch(() => {});

    expect(shared.message).toMatch(/^shared\n\nFailing seed: 5\n/);
    expect(shared.message.match(/Failing seed/g)).toHaveLength(1);
  });

  it('wraps a thrown non-Error in SimulationFailure, with the value as cause', async () => {
    const error = await once(
      7,
      () => {
        throw 'just a string';
      },
      quiet,
    ).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(SimulationFailure);
    expect((error as SimulationFailure).cause).toBe('just a string');
    expect((error as SimulationFailure).message).toMatch(/^just a string\n\nFailing seed: 7\nReplay: SEED=7 /);
  });

  it('wraps a frozen error it cannot annotate', async () => {
    const frozen = Object.freeze(new RangeError('frozen'));

    const error = await once(
      1,
      () => {
        throw frozen;
      },
      quiet,
    ).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(SimulationFailure);
    expect((error as SimulationFailure).cause).toBe(frozen);
  });
});

describe("a failure's stack names many", () => {
  // Lean seeds run the body without many's wrapper; the run whose error is reported (the rich
  // re-run, or every seed when `trace` is set) runs through it.
  it.each([
    ['defaults (lean seeds, rich re-run)', {}],
    ['trace: true', { trace: true }],
    ['trace: false', { trace: false }],
  ] as const)('%s', async (_name, options) => {
    const error = (await many(200, (sim) => racyCounter(sim), { ...quiet, ...options }).catch(
      (e: unknown) => e,
    )) as LostUpdate;
    expect(error).toBeInstanceOf(LostUpdate);
    expect(error.stack).toMatch(/run[\\/]many\.(ts|js):\d+/);
  });

  it('findFailure returns the same seed and error kind as many reports', async () => {
    const found = await findFailure((sim) => racyCounter(sim), { from: 0, count: 200 });
    expect(found?.error).toBeInstanceOf(LostUpdate);
    const error = (await many(200, (sim) => racyCounter(sim), quiet).catch((e: unknown) => e)) as LostUpdate;
    expect(error.message).toContain(`Failing seed: ${found?.seed}\n`);
  });
});

describe('SCHEDULE= in the environment', () => {
  it('many and once replay exactly that schedule, and report it with a SCHEDULE= command', async () => {
    const failure = await findFailure(racyCounter, { from: 0, count: 200 });
    const schedule = formatSchedule(failure?.outcome.simulator.schedule ?? []);
    process.env.SCHEDULE = schedule;
    const seen: string[] = [];
    const lines: string[] = [];
    const body = async (sim: Parameters<typeof racyCounter>[0]) => {
      seen.push(sim.description);
      return racyCounter(sim);
    };

    const fromMany = await many(100, body, {
      log: (t) => lines.push(t),
      replayCommand: (r) => `R ${r.schedule}`,
    }).catch((e: unknown) => e);
    const fromOnce = await once(3, body, quiet).catch((e: unknown) => e);

    // Each replays it twice: lean, then with the trace on for the report.
    expect(seen).toEqual(Array.from({ length: 4 }, () => `schedule ${schedule}`));
    expect(fromMany).toBeInstanceOf(LostUpdate);
    expect(fromOnce).toBeInstanceOf(LostUpdate);
    expect(lines[0]?.split('\n').slice(0, 2)).toEqual([`Failing schedule: ${schedule}`, `Replay: R ${schedule}`]);
    expect((fromMany as Error).message).toContain(`\n\nFailing schedule: ${schedule}\nReplay: R ${schedule}\n`);
  });

  it('the default replay command puts SCHEDULE= in front', async () => {
    const failure = await findFailure(racyCounter, { from: 0, count: 200 });
    const schedule = formatSchedule(failure?.outcome.simulator.schedule ?? []);
    process.env.SCHEDULE = schedule;
    const lines: string[] = [];

    await many(10, racyCounter, { log: (t) => lines.push(t) }).catch(() => {});

    expect(lines[0]?.startsWith(`Failing schedule: ${schedule}\nReplay: SCHEDULE=${schedule} npx vitest run `)).toBe(
      true,
    );
  });

  it('a passing schedule returns one result', async () => {
    process.env.SCHEDULE = '-';

    expect(await many(50, racyCounter)).toEqual([2]);
  });

  it('SEED and SCHEDULE together, or a malformed SCHEDULE, are InvalidArgumentErrors', async () => {
    process.env.SCHEDULE = '0.1';
    process.env.SEED = '3';
    await expect(many(5, () => {})).rejects.toThrow(InvalidArgumentError);
    delete process.env.SEED;
    process.env.SCHEDULE = 'zero';
    await expect(many(5, () => {})).rejects.toThrow(InvalidArgumentError);
  });

  it('the schedule printed for a failing seed replays the same failure', async () => {
    const error = (await many(200, racyCounter, quiet).catch((e: unknown) => e)) as Error;
    const printed = /^Schedule \(\d+ decisions\): (\S+)$/m.exec(error.message)?.[1] as string;

    const replay = await runOne(racyCounter, { schedule: parseSchedule(printed) });

    expect(replay.ok).toBe(false);
    expect(replay.ok ? undefined : replay.error).toBeInstanceOf(LostUpdate);
  });
});

describe('a body that waits on work nobody runs', () => {
  it('forgetting runUntilIdle fails fast with StalledBodyError naming the pending task', async () => {
    let line = '';

    const error = await once(
      0,
      async (sim) => {
        const [task, here] = [sim.spawn(async () => 1, { label: 'forgotten' }), callerLine()];
        line = here;
        await task;
      },
      quiet,
    ).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(StalledBodyError);
    const stalled = error as StalledBodyError;
    expect(stalled.ready.map((t) => t.label)).toEqual(['forgotten']);
    expect(stalled.message).toContain('call `await sim.runUntilIdle()` or `await sim.runUntil(task)`');
    expect(stalled.message).toContain(`task #${stalled.ready[0]?.id} "forgotten" ready to start, spawned at ${line}:`);
    expect(withoutColumn(stalled.ready[0]?.spawnLocation)).toBe(line);
    expect(stalled.message).toContain('Failing seed: 0');
  });

  it('awaiting a sleeping task without a run (autoAdvance off) is a stall too, with the timer counted', async () => {
    const error = await runOne(
      async (sim) => {
        const task = sim.spawn((ctx) => ctx.sleep(10), { label: 'sleeper' });
        await sim.runUntilIdle(); // starts it; the timer is not due and autoAdvance is off
        await task;
      },
      { seed: 0, autoAdvance: false },
    );

    expect(error.ok).toBe(false);
    const stalled = (error.ok ? undefined : error.error) as StalledBodyError;
    expect(stalled).toBeInstanceOf(StalledBodyError);
    expect(stalled.pendingTimers).toBe(1);
    expect(stalled.live.map((t) => t.label)).toEqual(['sleeper']);
    expect(stalled.message).toContain('"sleeper" waiting, spawned at');
  });

  it('awaiting a deadlocked task after runUntilIdle is a DeadlockError naming it', async () => {
    const error = await once(
      0,
      async (sim) => {
        const never = new Promise<void>(() => {});
        const blocked = sim.spawn(
          async () => {
            const gate = sim.spawn(async () => await never, { label: 'gate' });
            await gate;
          },
          { label: 'blocked' },
        );
        await sim.runUntilIdle();
        await blocked;
      },
      { ...quiet, allowForeign: true },
    ).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DeadlockError);
    expect((error as DeadlockError).blocked.map((t) => t.label).sort()).toEqual(['blocked', 'gate']);
    expect((error as DeadlockError).message).not.toMatch(/autoAdvance|advanceTime/);
  });

  it('tells a run in progress (sim.running) from a body waiting between runs', async () => {
    const seen: boolean[] = [];

    await once(0, async (sim) => {
      seen.push(sim.running);
      const task = sim.spawn(() => void seen.push(sim.running));
      const run = sim.runUntil(task);
      seen.push(sim.running);
      await run;
      seen.push(sim.running);
    });

    expect(seen).toEqual([false, true, true, false]);
  });

  it('does not fire while the simulator has nothing pending', async () => {
    const outcome = await runOne(
      async (sim) => {
        await new Promise((resolve) => setTimeout(resolve, 300));
        const task = sim.spawn(async () => 'late');
        return sim.runUntil(task);
      },
      { seed: 0 },
    );

    expect(outcome).toMatchObject({ ok: true, value: 'late' });
  });

  it('stallTimeoutMs: 0 turns the check off', async () => {
    let sim: { readyCount: number } | undefined;
    const outcome = runOne(
      async (s) => {
        sim = s;
        await s.spawn(async () => {});
      },
      { seed: 0, stallTimeoutMs: 0 },
    );

    const first = await Promise.race([outcome, new Promise((resolve) => setTimeout(() => resolve('pending'), 400))]);

    expect(first).toBe('pending');
    expect(sim?.readyCount).toBe(1);
  });
});
