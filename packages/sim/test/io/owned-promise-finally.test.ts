import { Simulator, simulateIo } from '@sched/sim';
import { describe, expect, it } from 'vitest';

// `finally` on what a simulated call's `then` returns must behave as native `finally` does when
// its callback returns a bare thenable: one whose `then` settles through its callbacks and returns
// nothing. Native `Promise.resolve(1).finally(() => ({ then: (r) => r() }))` resolves to 1.

type Bare = { then(resolve: (value?: unknown) => void, reject: (reason: unknown) => void): void };

function setup() {
  const sim = new Simulator({ schedule: [], autoAdvance: true });
  const ok = simulateIo(sim, (x: number) => x, { latency: 1 });
  const fails = simulateIo(
    sim,
    () => {
      throw new Error('down');
    },
    { latency: 1 },
  );
  return { sim, ok, fails };
}

describe('finally with a bare thenable from its callback', () => {
  it('keeps the value, whether the thenable settles at once or later', async () => {
    const native = await Promise.resolve(1).finally(() => ({ then: (r: () => void) => r() }) as unknown as Bare);
    expect(native).toBe(1);
    const { sim, ok } = setup();
    const task = sim.spawn(async () => {
      const atOnce = await ok(1)
        .then((x) => x)
        .finally(() => ({ then: (resolve: () => void) => resolve() }) as unknown as void);
      let later: (() => void) | undefined;
      const pending = ok(2)
        .then((x) => x)
        .finally(
          () =>
            ({
              then: (resolve: () => void) => {
                later = resolve;
              },
            }) as unknown as void,
        );
      await ok(0); // let the call complete and the callback run
      expect(later).toBeTypeOf('function');
      later?.();
      return [atOnce, await pending];
    });
    await sim.runUntil(task);
    expect(await task).toEqual([1, 2]);
  });

  it("rejects with the thenable's reason, or keeps the original rejection when it resolves", async () => {
    const { sim, ok, fails } = setup();
    const task = sim.spawn(async () => {
      const byThenable = await ok(1)
        .then((x) => x)
        .finally(
          () => ({ then: (_: unknown, reject: (e: Error) => void) => reject(new Error('cleanup')) }) as unknown as void,
        )
        .then(
          (x) => `resolved ${x}`,
          (e: Error) => `rejected ${e.message}`,
        );
      const original = await fails()
        .then((x) => x)
        .finally(() => ({ then: (resolve: () => void) => resolve() }) as unknown as void)
        .then(
          (x) => `resolved ${String(x)}`,
          (e: Error) => `rejected ${e.message}`,
        );
      return [byThenable, original];
    });
    await sim.runUntil(task);
    expect(await task).toEqual(['rejected cleanup', 'rejected down']);
  });

  it('follows a misbehaving thenable as native finally does: the first call wins, a late throw is ignored, callbacks never throw', async () => {
    // Each case runs natively first, so the expectation is what Promise.prototype.finally gives.
    type Then = (resolve: () => void, reject: (e: Error) => void) => void;
    const cases: Record<string, Then> = {
      'resolve, then throw': (resolve) => {
        resolve();
        throw new Error('then threw');
      },
      'resolve, then reject': (resolve, reject) => {
        resolve();
        reject(new Error('late'));
      },
      'reject, then resolve': (resolve, reject) => {
        reject(new Error('first'));
        resolve();
      },
    };
    const outcome = (p: PromiseLike<unknown>) =>
      Promise.resolve(p).then(
        (v) => `resolved ${String(v)}`,
        (e: Error) => `rejected ${e.message}`,
      );
    const native: Record<string, string> = {};
    for (const [name, then] of Object.entries(cases)) {
      native[name] = await outcome(Promise.resolve(1).finally(() => ({ then }) as unknown as void));
    }
    expect(native).toEqual({
      'resolve, then throw': 'resolved 1',
      'resolve, then reject': 'resolved 1',
      'reject, then resolve': 'rejected first',
    });
    const { sim, ok } = setup();
    const task = sim.spawn(async () => {
      const seen: Record<string, string> = {};
      for (const [name, then] of Object.entries(cases)) {
        seen[name] = await outcome(
          ok(1)
            .then((x) => x)
            .finally(() => ({ then }) as unknown as void),
        );
      }
      return seen;
    });
    await sim.runUntil(task);
    expect(await task).toEqual(native);
  });

  it('a later resolve on a rejected chain does not throw the rejection at its caller', async () => {
    const { sim, fails } = setup();
    let later: (() => void) | undefined;
    const task = sim.spawn(async (ctx) => {
      const pending = fails()
        .then((x) => x)
        .finally(
          () =>
            ({
              then: (resolve: () => void) => {
                later = resolve;
              },
            }) as unknown as void,
        );
      const result = pending.then(
        () => 'resolved',
        (e: Error) => `rejected ${e.message}`,
      );
      await ctx.sleep(5);
      expect(later).toBeTypeOf('function');
      expect(() => later?.()).not.toThrow();
      return result;
    });
    await sim.runUntil(task);
    expect(await task).toBe('rejected down');
  });
});
