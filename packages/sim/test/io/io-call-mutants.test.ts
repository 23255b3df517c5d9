import { InvalidArgumentError } from '@sched/core';
import { Completion } from '@sched/core/host';
import { Simulator, simulateIo, simulateIoCallback } from '@sched/sim';
import { afterEach, describe, expect, it } from 'vitest';

// One simulated I/O call from every side: who awaits it (a task, test code, nobody), when the
// signal aborts (before, at, after the completion point), what the stub returns, and what the
// `then` handlers of a task return. Written for the mutants of io-call.ts, outcome.ts,
// owned-promise.ts and simulate-io.ts that the simulate-io tests let through.

/** A signal-like object (picked by the `signal` function option) that logs listener changes. */
function loggingSignal() {
  const log: string[] = [];
  const listeners = new Set<() => void>();
  const signal = {
    aborted: false,
    reason: undefined as unknown,
    addEventListener(type: string, listener: () => void) {
      log.push(`add ${type}`);
      listeners.add(listener);
    },
    removeEventListener(type: string, listener: () => void) {
      log.push(`remove ${type}${listeners.has(listener) ? '' : ' (unknown listener)'}`);
      if (type === 'abort') listeners.delete(listener);
    },
    abort(reason: unknown) {
      signal.aborted = true;
      signal.reason = reason;
      for (const listener of [...listeners]) listener();
    },
  };
  return { signal, log, listeners };
}

/** Unhandled rejections raised while `body` runs (vitest's own listeners are set aside meanwhile). */
async function unhandledDuring(body: () => Promise<void>): Promise<unknown[]> {
  const saved = process.listeners('unhandledRejection');
  const seen: unknown[] = [];
  const mine = (reason: unknown) => seen.push(reason);
  process.removeAllListeners('unhandledRejection');
  process.on('unhandledRejection', mine);
  try {
    await body();
    // Node reports unhandled rejections once the microtask queue drains after a macrotask.
    await new Promise((resolve) => setTimeout(resolve, 20));
  } finally {
    process.off('unhandledRejection', mine);
    for (const listener of saved) process.on('unhandledRejection', listener);
  }
  return seen;
}

afterEach(() => {
  expect(process.listeners('unhandledRejection').length).toBeGreaterThan(0);
});

describe('a task awaiting a call', () => {
  it('at zero latency is resumed from the ready lane, not from the timer heap', async () => {
    const sim = new Simulator({ schedule: [], autoAdvance: true });
    const io = simulateIo(sim, () => 1, { latency: 0 });
    const task = sim.spawn(async () => io());
    await sim.step(); // start: calls, then awaits at once
    expect(sim.pendingTimers).toBe(0);
    expect(sim.readyTasks()).toHaveLength(1);
    expect(await sim.runUntil(task)).toBe(1);
  });

  it('is resumed by a `resume` step of its own task', async () => {
    const kinds: string[] = [];
    const sim = new Simulator({
      seed: 1,
      autoAdvance: true,
      observer: { onStep: (r) => kinds.push(`${r.task.label}:${r.kind}`) },
    });
    const io = simulateIo(sim, () => 1, { latency: 5, label: 'db' });
    const task = sim.spawn(async () => io(), { label: 't' });
    await sim.runUntil(task);
    expect(kinds).toEqual(['t:start', 't:resume']);
  });

  it('gets the value when the signal aborts after the completion point, or at it', async () => {
    const sim = new Simulator({ seed: 1, autoAdvance: true });
    const controller = new AbortController();
    const io = simulateIo(sim, (x: number) => x, { latency: 4, signal: controller.signal });
    const task = sim.spawn(async (ctx) => {
      const call = io(7);
      await ctx.sleep(10); // the call completes at 4, with nobody awaiting it
      controller.abort(new Error('too late'));
      return call;
    });
    expect(await sim.runUntil(task)).toBe(7);

    const atOnce = new AbortController();
    const instant = simulateIo(sim, (x: number) => x, { latency: 0, signal: atOnce.signal });
    const second = sim.spawn(async () => {
      const call = instant(8);
      atOnce.abort(new Error('same instant')); // deadline = now: the call has completed already
      return call;
    });
    expect(await sim.runUntil(second)).toBe(8);
  });

  it('removes its abort listener when the call completes', async () => {
    const sim = new Simulator({ seed: 1, autoAdvance: true });
    const { signal, log, listeners } = loggingSignal();
    const io = simulateIo(sim, () => 'ok', { latency: 3, signal: () => signal as unknown as AbortSignal });
    expect(await sim.runUntil(sim.spawn(async () => io()))).toBe('ok');
    expect(log).toEqual(['add abort', 'remove abort']);
    expect(listeners.size).toBe(0);
  });
});

describe('what the handlers of `then` return, under a task', () => {
  const setup = () => {
    const sim = new Simulator({ seed: 2, autoAdvance: true });
    const ok = simulateIo(sim, (x: number) => x, { latency: 2 });
    const fails = simulateIo(
      sim,
      (): number => {
        throw new Error('EIO');
      },
      { latency: 2 },
    );
    return { sim, ok, fails };
  };

  it('a missing handler passes the outcome on; a throwing one rejects with what it threw', async () => {
    const { sim, ok, fails } = setup();
    const task = sim.spawn(async () => {
      const passed = await fails()
        .then((x) => x + 1)
        .catch((e: Error) => e.message);
      const thrown = await ok(1)
        .then(() => {
          throw new Error('handler');
        })
        .catch((e: Error) => e.message);
      const fulfilled = await ok(3).catch(() => -1);
      return [passed, thrown, fulfilled];
    });
    expect(await sim.runUntil(task)).toEqual(['EIO', 'handler', 3]);
  });

  it('adopts a thenable result (an object or a function with `then`), and keeps other results as they are', async () => {
    const { sim, ok } = setup();
    // Minimal thenables (only `then(resolve)`), typed as PromiseLike for the handlers' signature.
    const thenableFunction = Object.assign(() => 'called', {
      then: (resolve: (v: number) => void) => resolve(9),
    }) as unknown as PromiseLike<number>;
    const thenableObject = { then: (resolve: (v: number) => void) => resolve(5) } as unknown as PromiseLike<number>;
    const plainFunction = () => 'plain';
    const task = sim.spawn(async () => {
      const seen: unknown[] = [];
      await ok(1)
        .then(() => thenableObject)
        .then((v) => seen.push(v));
      await ok(1)
        .then(() => thenableFunction)
        .then((v) => seen.push(v));
      await ok(1)
        .then(() => plainFunction)
        .then((v) => seen.push(v));
      await ok(1)
        .then(() => null)
        .then((v) => seen.push(v));
      await ok(1)
        .then(() => ({ value: 2 }))
        .then((v) => seen.push(v));
      return seen;
    });
    expect(await sim.runUntil(task)).toEqual([5, 9, plainFunction, null, { value: 2 }]);
  });

  it('settles every chain made on one result, before or after it is known', async () => {
    const { sim, ok, fails } = setup();
    const task = sim.spawn(async (ctx) => {
      const doubled = ok(4).then((x) => x * 2);
      const a = doubled.then((x) => x + 1);
      const b = doubled.then((x) => x + 2);
      const early = [await a, await b];
      const later = ok(5).then((x) => x * 10);
      const failing = fails().then((x) => x);
      await ctx.sleep(20); // both results are known before anyone chains on them
      const late = [
        await later.then((x) => x + 1),
        await failing.then(
          () => 'no',
          (e: Error) => e.message,
        ),
      ];
      return [...early, ...late];
    });
    expect(await sim.runUntil(task)).toEqual([9, 10, 51, 'EIO']);
  });

  it('runs a handler nobody chains on, and the run passes', async () => {
    const { sim, ok } = setup();
    const seen: number[] = [];
    const task = sim.spawn(async (ctx) => {
      ok(6).then((x) => {
        seen.push(x);
      });
      await ctx.sleep(10);
    });
    await sim.runUntil(task);
    expect(seen).toEqual([6]);
  });

  it('keeps the Promise surface on every object it hands out', async () => {
    const { sim, ok } = setup();
    const log: string[] = [];
    const task = sim.spawn(async () => {
      const call = ok(1);
      const chained = call.then((x) => x);
      const twice = chained.then((x) => x);
      const tags = [call, chained, twice].map((p) => Object.prototype.toString.call(p));
      const viaFinally = await ok(2).finally(() => log.push('call'));
      const chainedFinally = await ok(3)
        .then((x) => x)
        .finally(() => log.push('delivery'));
      const ownedFinally = await ok(4)
        .then((x) => x)
        .then((x) => x)
        .finally(() => log.push('owned'));
      const ownedCatch = await ok(5)
        .then((x) => x)
        .then((): number => {
          throw new Error('late');
        })
        .catch((e: Error) => e.message);
      await Promise.all([call, chained, twice]);
      return [tags, viaFinally, chainedFinally, ownedFinally, ownedCatch];
    });
    expect(await sim.runUntil(task)).toEqual([
      ['[object Promise]', '[object Promise]', '[object Promise]'],
      2,
      3,
      4,
      'late',
    ]);
    expect(log).toEqual(['call', 'delivery', 'owned']);
  });

  it('finally keeps the outcome, waits for a thenable its callback returns, and passes without a callback', async () => {
    const { sim, ok, fails } = setup();
    const log: string[] = [];
    const task = sim.spawn(async (ctx) => {
      const rejected = await fails()
        .then((x) => x)
        .then((x) => x)
        .finally(() => log.push('ran'))
        .then(
          () => 'resolved',
          (e: Error) => `rejected ${e.message}`,
        );
      // A callback's Completion (owned thenable) is waited for. (A bare thenable whose `then`
      // returns nothing loses the value here, unlike native `finally`: see docs/mutation.md.)
      const completion = new Completion<void>(sim);
      const waited = await ok(1)
        .then((x) => x)
        .then((x) => x)
        .finally(() => {
          log.push('completion');
          sim.spawn(async () => completion.resolve()).detach();
          return completion;
        });
      const waitedOnTimer = await ok(2)
        .finally(() => ctx.sleep(5))
        .then((x) => `${x} at ${sim.now()}`);
      const afterNull = await ok(5)
        .then((x) => x)
        .then((x) => x)
        .finally(() => null);
      const afterObject = await ok(6)
        .then((x) => x)
        .then((x) => x)
        .finally(() => ({ then: 'not a function' }));
      const none = await ok(3).finally(undefined);
      const noneChained = await ok(4)
        .then((x) => x)
        .then((x) => x)
        .finally(null);
      return [rejected, waited, waitedOnTimer, none, noneChained, afterNull, afterObject];
    });
    // Three calls of 2 ms, then the 5 ms sleep.
    expect(await sim.runUntil(task)).toEqual(['rejected EIO', 1, '2 at 11', 3, 4, 5, 6]);
    expect(log).toEqual(['ran', 'completion']);
  });
});

describe('test code (not a task) using a call', () => {
  it('gets the rejection of a call made with an already aborted signal', async () => {
    const sim = new Simulator({ seed: 1, autoAdvance: true });
    const io = simulateIo(sim, () => 1, { signal: AbortSignal.abort(new Error('gone')) });
    await expect(sim.runUntil(io())).rejects.toThrow('gone');
    await expect(io()).rejects.toThrow('gone');
  });

  it('every `then` made before the completion point is settled', async () => {
    const sim = new Simulator({ seed: 1, autoAdvance: true });
    const io = simulateIo(sim, (x: number) => x, { latency: 3 });
    const call = io(2);
    const a = call.then((x) => x + 1);
    const b = call.then((x) => x + 2);
    await sim.runUntilIdle();
    expect([await a, await b]).toEqual([3, 4]);
    expect(await call.finally(() => {})).toBe(2);
  });
});

describe('a stub result', () => {
  it('a plain object, null or a non-thenable function is the value; the first settlement of a thenable wins', async () => {
    const sim = new Simulator({ seed: 1, autoAdvance: true });
    const fn = () => 'f';
    const values: unknown[] = [{ a: 1 }, null, fn];
    const results: unknown[] = [];
    for (const value of values) {
      const io = simulateIo(sim, () => value, { latency: 1 });
      results.push(await sim.runUntil(io()));
    }
    const twice = simulateIo(
      sim,
      () =>
        ({
          then(resolve: (v: number) => void, reject: (e: unknown) => void) {
            resolve(1);
            reject(new Error('second'));
            resolve(2);
          },
        }) as PromiseLike<number>,
      { latency: 1 },
    );
    results.push(await sim.runUntil(twice()));
    const thenableFn = simulateIo(sim, () => Object.assign(() => 0, { then: (r: (v: string) => void) => r('tf') }), {
      latency: 1,
    });
    results.push(await sim.runUntil(thenableFn()));
    // A task's handler sees the settled value itself (no await in between to unwrap it).
    const seenByHandler = sim.spawn(async () => thenableFn().then((v) => typeof v));
    results.push(await sim.runUntil(seenByHandler));
    expect(results).toEqual([{ a: 1 }, null, fn, 1, 'tf', 'string']);
  });

  it('a Completion or a task is refused: the stub must not await the simulator', () => {
    const sim = new Simulator({ seed: 1 });
    const completion = simulateIo(sim, () => new Completion<number>(sim));
    const task = simulateIo(sim, () => sim.spawn(async () => 1));
    for (const call of [completion, task]) {
      try {
        call();
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidArgumentError);
        expect((error as InvalidArgumentError).argument).toBe('stub result');
        expect((error as Error).message).toMatch(
          /; expected a plain value or a promise: a stub must not await the simulator \(its latency is declared instead\)\.$/,
        );
      }
    }
  });
});

describe('failures nobody handles', () => {
  it('a failed call nobody ever listens to is raised as an unhandled rejection, once', async () => {
    const error = new Error('lost');
    const seen = await unhandledDuring(async () => {
      const sim = new Simulator({ seed: 1, autoAdvance: true });
      const io = simulateIo(
        sim,
        (): number => {
          throw error;
        },
        { latency: 2 },
      );
      io();
      await sim.runUntilIdle();
    });
    expect(seen).toEqual([error]);
  });

  it('a handler that throws with nothing chained on it is raised as an unhandled rejection', async () => {
    const error = new Error('handler bug');
    const seen = await unhandledDuring(async () => {
      const sim = new Simulator({ seed: 1, autoAdvance: true });
      const io = simulateIo(sim, () => 1, { latency: 2 });
      const task = sim.spawn(async (ctx) => {
        io().then(() => {
          throw error;
        });
        await ctx.sleep(5);
      });
      await sim.runUntil(task);
    });
    expect(seen).toEqual([error]);
  });

  it('nothing is raised once a task chains on that failure, even later', async () => {
    const seen = await unhandledDuring(async () => {
      const sim = new Simulator({ seed: 1, autoAdvance: true });
      const io = simulateIo(sim, () => 1, { latency: 2 });
      const task = sim.spawn(async (ctx) => {
        const failed = io().then((): number => {
          throw new Error('handled later');
        });
        await ctx.sleep(5);
        return failed.then(
          () => 'no',
          (e: Error) => e.message,
        );
      });
      expect(await sim.runUntil(task)).toBe('handled later');
      const awaited = simulateIo(
        sim,
        (): number => {
          throw new Error('awaited');
        },
        { latency: 1 },
      );
      const second = sim.spawn(async () => awaited().catch((e: Error) => e.message));
      expect(await sim.runUntil(second)).toBe('awaited');
    });
    expect(seen).toEqual([]);
  });
});

describe('simulateIoCallback: the signal and the arguments', () => {
  it('removes its abort listener when the callback runs', async () => {
    const sim = new Simulator({ seed: 1, autoAdvance: true });
    const { signal, log, listeners } = loggingSignal();
    const read = simulateIoCallback(sim, (cb: (e: null, v: string) => void) => cb(null, 'data'), {
      latency: 3,
      signal: () => signal as unknown as AbortSignal,
    });
    const got: unknown[] = [];
    read((e, v) => got.push(e, v));
    await sim.runUntilIdle();
    expect(got).toEqual([null, 'data']);
    expect(log).toEqual(['add abort', 'remove abort']);
    expect(listeners.size).toBe(0);
  });

  it('an abort at the completion instant is too late: the callback gets the result', async () => {
    const sim = new Simulator({ seed: 1, autoAdvance: true });
    const controller = new AbortController();
    const read = simulateIoCallback(sim, (cb: (e: null, v: string) => void) => cb(null, 'data'), {
      latency: 0,
      signal: controller.signal,
    });
    const got: unknown[] = [];
    read((e, v) => got.push(e, v));
    controller.abort('now');
    await sim.runUntilIdle();
    expect(got).toEqual([null, 'data']);
  });

  it('hands the stub every argument but the callback', async () => {
    const sim = new Simulator({ seed: 1, autoAdvance: true });
    const seen: unknown[] = [];
    const read = simulateIoCallback(sim, (a: number, b: string, c: boolean, cb: (e: null, v: string) => void) => {
      seen.push(a, b, c, typeof cb);
      cb(null, `${a}${b}${c}`);
    });
    const got: unknown[] = [];
    read(1, 'x', true, (_e, v) => got.push(v));
    await sim.runUntilIdle();
    expect(seen).toEqual([1, 'x', true, 'function']);
    expect(got).toEqual(['1xtrue']);
  });
});
