import { InvalidArgumentError } from '@sched/core';
import { checkDeterminism, MAX_SEED, many, Simulator } from '@sched/sim';
import { describe, expect, it } from 'vitest';

describe('regressions found in review', () => {
  it('a waitUntil-registered task that fails is reported (it fails the run), not swallowed', async () => {
    const sim = new Simulator({ seed: 1 });
    const session = sim.session('request');
    const task = session.spawn(sim, async () => {
      throw new Error('audit write failed');
    });
    session.waitUntil(task);

    await expect(sim.endSession(session)).rejects.toThrow('audit write failed');
    expect(sim.unobservedErrors.map((e) => (e.error as Error).message)).toEqual(['audit write failed']);
  });

  it('a waitUntil-registered promise that rejects makes endSession reject with its reason', async () => {
    const sim = new Simulator({ seed: 1 });
    const session = sim.session('request');
    const task = session.spawn(sim, async (ctx) => ctx.sleep(1));
    session.waitUntil(
      task.then(() => {
        throw new Error('follow-up failed');
      }),
    );

    await expect(sim.endSession(session, { autoAdvance: true })).rejects.toThrow('follow-up failed');
  });

  it('a task that calls then() without awaiting, then goes on through native awaits, is not a foreign wake', async () => {
    for (let seed = 0; seed < 20; seed++) {
      const sim = new Simulator({ seed, autoAdvance: true });
      const a = sim.spawn(
        async (ctx) => {
          void ctx.sleep(0).then(() => undefined);
          await Promise.resolve();
          await Promise.resolve();
          await Promise.resolve();
          return 'a';
        },
        { label: 'a' },
      );
      const b = sim.spawn(async (ctx) => ctx.yieldNow(), { label: 'b' });

      await sim.runUntilIdle();

      expect(sim.escapes).toEqual([]);
      await expect(a).resolves.toBe('a');
      await b;
    }
  });

  it('an error thrown in a then() callback under the simulator reaches whoever chains on it', async () => {
    const sim = new Simulator({ seed: 2 });
    const child = sim.spawn(async () => 1);
    const parent = sim.spawn(async () => {
      const chained = child.then(() => {
        throw new Error('bug in callback');
      });
      return chained.then(
        () => 'no error?',
        (error: unknown) => (error as Error).message,
      );
    });

    await sim.runUntilIdle();

    await expect(parent).resolves.toBe('bug in callback');
  });

  it('checkDeterminism rethrows the error of a body that always fails', async () => {
    await expect(
      checkDeterminism(
        async () => {
          throw new Error('always');
        },
        { seed: 3 },
      ),
    ).rejects.toThrow('always');
  });

  it('a seed range that would run past the largest seed is refused before anything runs', async () => {
    let runs = 0;
    const run = many(3, () => void runs++, { from: MAX_SEED, log: () => undefined });

    await expect(run).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(runs).toBe(0);
  });
});
