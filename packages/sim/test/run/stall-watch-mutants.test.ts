// The stalled-body watch in detail (docs/mutation.md, "sim: `run/`"). The watch captures the real
// setTimeout when its module loads; here it loads while a recording setTimeout is installed, so
// each check runs when the test fires it, and what the watch does with its timer is visible.
// Outside the test's own calls, the recording setTimeout forwards to the real one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BodySettled } from '../../src/run/stall-watch.js';
import type { Simulator as SimulatorType } from '../../src/simulator.js';

interface Armed {
  readonly callback: () => void;
  readonly ms: number;
  readonly calls: string[];
}

const realSetTimeout = globalThis.setTimeout;
const armed: Armed[] = [];
let manual = false;
const recording = function (this: unknown, callback: () => void, ms: number, ...rest: unknown[]) {
  if (!manual) return (realSetTimeout as (...args: unknown[]) => unknown)(callback, ms, ...rest);
  const timer: Armed & { ref(): unknown; unref(): unknown } = {
    callback,
    ms,
    calls: [],
    ref() {
      timer.calls.push('ref');
      return timer;
    },
    unref() {
      timer.calls.push('unref');
      return timer;
    },
  };
  armed.push(timer);
  return timer;
};

let watchBody: <T>(sim: SimulatorType, body: PromiseLike<T>, ms: number, settle: BodySettled<T>) => void;
let Simulator: typeof SimulatorType;
let StalledBodyError: typeof import('../../src/errors/stalled-body-error.js').StalledBodyError;
let DeadlockError: typeof import('../../src/errors/deadlock-error.js').DeadlockError;

beforeAll(async () => {
  globalThis.setTimeout = recording as unknown as typeof setTimeout;
  try {
    ({ watchBody } = await import('../../src/run/stall-watch.js'));
    ({ Simulator } = await import('../../src/simulator.js'));
    ({ StalledBodyError } = await import('../../src/errors/stalled-body-error.js'));
    ({ DeadlockError } = await import('../../src/errors/deadlock-error.js'));
  } finally {
    globalThis.setTimeout = realSetTimeout;
  }
});
afterAll(() => {
  globalThis.setTimeout = realSetTimeout;
});

/** Runs `fn` with the recording setTimeout keeping what it is given. */
function recorded<R>(fn: () => R): R {
  manual = true;
  try {
    return fn();
  } finally {
    manual = false;
  }
}

/** Fires the one armed timer of the watch (with re-arming recorded); returns it. */
function fire(): Armed {
  const timer = armed.shift();
  if (timer === undefined) throw new Error('no timer armed');
  recorded(() => timer.callback());
  return timer;
}

type Settled = { ok: boolean; value: unknown } | undefined;
function watch(sim: SimulatorType, body: PromiseLike<unknown>, ms: number): () => Settled {
  let settled: Settled;
  let calls = 0;
  recorded(() =>
    watchBody(sim, body, ms, (ok, value) => {
      calls++;
      settled = { ok, value };
    }),
  );
  return () => {
    if (calls > 1) throw new Error(`settled ${calls} times`);
    return settled;
  };
}

const never = new Promise<never>(() => {});
const flush = (): Promise<void> => new Promise((resolve) => realSetTimeout(resolve, 0));

describe('watchBody', () => {
  it('checks every stallTimeoutMs / 5 ms (rounded up, at least 1) and fails on the sixth unchanged check', async () => {
    armed.length = 0;
    const sim = new Simulator({ seed: 1 });
    sim.spawn(async () => {}, { label: 'forgotten' });
    const settled = watch(sim, never, 100);
    expect(armed.map((t) => t.ms)).toEqual([20]);

    for (let check = 1; check <= 5; check++) {
      const timer = fire();
      expect(timer.calls).toEqual([]);
      expect(settled()).toBeUndefined();
      expect(armed).toHaveLength(1); // re-armed, and kept referenced: the body may be stuck
      expect(armed[0]?.calls).toEqual([]);
    }
    fire();

    const result = settled();
    expect(result?.ok).toBe(false);
    expect(result?.value).toBeInstanceOf(StalledBodyError);
    expect((result as { value: InstanceType<typeof StalledBodyError> }).value.ready.map((t) => t.label)).toEqual([
      'forgotten',
    ]);
    expect(armed).toEqual([]); // nothing left to watch: not re-armed
  });

  it.each([
    [7, 2],
    [3, 1],
    [0.5, 1],
    [10, 2],
  ])('stallTimeoutMs %d checks every %d ms', (ms, interval) => {
    armed.length = 0;
    const sim = new Simulator({ seed: 1 });
    let body: (value: unknown) => void = () => {};
    const settled = watch(
      sim,
      new Promise((resolve) => {
        body = resolve;
      }),
      ms,
    );
    expect(armed.map((t) => t.ms)).toEqual([interval]);
    body(undefined);
    return flush().then(() => {
      expect(settled()).toEqual({ ok: true, value: undefined });
      // Left to fire once and stop, unreferenced.
      expect(armed[0]?.calls).toEqual(['unref']);
      fire();
      expect(armed).toEqual([]);
    });
  });

  it('a step between checks starts the count again', async () => {
    armed.length = 0;
    const sim = new Simulator({ seed: 1 });
    sim.spawn(async () => {}, { label: 'a' });
    sim.spawn(async () => {}, { label: 'b' });
    const settled = watch(sim, never, 55); // every 11 ms
    expect(armed.map((t) => t.ms)).toEqual([11]);
    for (let i = 0; i < 4; i++) fire();
    await sim.step(); // one task runs: the state changed
    for (let i = 0; i < 5; i++) fire();
    expect(settled()).toBeUndefined();
    fire();
    expect(settled()?.value).toBeInstanceOf(StalledBodyError);
  });

  it('a body waiting on unfinished tasks with no work left fails with DeadlockError', async () => {
    armed.length = 0;
    const sim = new Simulator({ seed: 1, allowForeign: true });
    const task = sim.spawn(async () => await never, { label: 'parked' });
    await sim.runUntilIdle();
    const settled = watch(sim, never, 60); // every 12 ms
    for (let i = 0; i < 5; i++) {
      fire();
      expect(armed[0]?.calls).toEqual([]); // unfinished tasks keep the check referenced
    }
    fire();
    const value = settled()?.value;
    expect(value).toBeInstanceOf(DeadlockError);
    expect((value as InstanceType<typeof DeadlockError>).blocked).toEqual([task]);
  });

  it('a pending timer alone is a stall (StalledBodyError with the timer counted)', async () => {
    armed.length = 0;
    const sim = new Simulator({ seed: 1, autoAdvance: false });
    sim.spawn((ctx) => ctx.sleep(10), { label: 'sleeper' });
    await sim.runUntilIdle();
    expect(sim.pendingTimers).toBe(1);
    const settled = watch(sim, never, 65); // every 13 ms
    for (let i = 0; i < 5; i++) {
      fire();
      expect(armed[0]?.calls).toEqual([]); // a pending timer keeps the check referenced
    }
    fire();
    const value = settled()?.value as InstanceType<typeof StalledBodyError>;
    expect(value).toBeInstanceOf(StalledBodyError);
    expect(value.pendingTimers).toBe(1);
  });

  it('a simulator with nothing to do never stalls, and its timer does not keep the process alive', () => {
    armed.length = 0;
    const sim = new Simulator({ seed: 1 });
    const settled = watch(sim, never, 70); // every 14 ms
    for (let i = 0; i < 12; i++) {
      fire();
      expect(armed).toHaveLength(1);
      expect(armed[0]?.calls).toEqual(['unref']);
    }
    expect(settled()).toBeUndefined();
  });

  it('never counts checks while a run is in progress', async () => {
    armed.length = 0;
    const sim = new Simulator({ seed: 1 });
    sim.spawn(async () => {}, { label: 'a' });
    const settled = watch(sim, never, 75); // every 15 ms
    const run = sim.runUntilIdle();
    // Checks that happen while the run is in progress (it has not yielded yet).
    expect(sim.running).toBe(true);
    expect(sim.readyCount + sim.liveTasks().length).toBeGreaterThan(0); // work the check would see
    for (let i = 0; i < 8; i++) {
      fire();
      expect(armed[0]?.calls).toEqual([]); // a run in progress keeps the check referenced
    }
    expect(settled()).toBeUndefined();
    await run;
  });

  it('bodies with the same interval share one timer; the first body after an idle spell references it again', async () => {
    armed.length = 0;
    const sim = new Simulator({ seed: 1 });
    let endA: (value: string) => void = () => {};
    let endB: (value: string) => void = () => {};
    const a = watch(
      sim,
      new Promise<string>((resolve) => {
        endA = resolve;
      }),
      80,
    );
    const b = watch(
      sim,
      new Promise<string>((resolve) => {
        endB = resolve;
      }),
      80,
    );
    expect(armed.map((t) => t.ms)).toEqual([16]); // one timer for both
    endA('a');
    await flush();
    expect(a()).toEqual({ ok: true, value: 'a' });
    expect(armed[0]?.calls).toEqual([]); // b is still watched
    endB('b');
    await flush();
    expect(b()).toEqual({ ok: true, value: 'b' });
    expect(armed[0]?.calls).toEqual(['unref']);

    // A new body while that timer is still armed: no second timer, the first is referenced again.
    const c = watch(sim, never, 80);
    expect(armed).toHaveLength(1);
    expect(armed[0]?.calls).toEqual(['unref', 'ref']);
    const d = watch(sim, never, 80);
    expect(armed[0]?.calls).toEqual(['unref', 'ref']); // not the first body: no second ref
    expect(c()).toBeUndefined();
    expect(d()).toBeUndefined();
  });

  it('a rejected body settles as failed with its error; a body that settles after a stall is ignored', async () => {
    armed.length = 0;
    const sim = new Simulator({ seed: 1 });
    const boom = new Error('boom');
    const failed = watch(sim, Promise.reject(boom), 85);
    await flush();
    expect(failed()).toEqual({ ok: false, value: boom });

    sim.spawn(async () => {});
    let late: (value: string) => void = () => {};
    const settled = watch(
      sim,
      new Promise<string>((resolve) => {
        late = resolve;
      }),
      90,
    );
    while (armed.length > 0 && settled() === undefined) fire();
    expect(settled()?.value).toBeInstanceOf(StalledBodyError);
    late('too late');
    await flush();
    expect(settled()?.value).toBeInstanceOf(StalledBodyError); // still the stall, called once
  });

  it('a thenable body is adopted', async () => {
    const sim = new Simulator({ seed: 1 });
    const thenable: PromiseLike<number> = {
      then: (resolve) => {
        resolve?.(5);
        return thenable as never;
      },
    };
    const settled = watch(sim, thenable, 0);
    await flush();
    expect(settled()).toEqual({ ok: true, value: 5 });
  });

  it.each([0, -5, Number.NaN])('stallTimeoutMs %d arms no timer and still reports the body', async (ms) => {
    armed.length = 0;
    const sim = new Simulator({ seed: 1 });
    sim.spawn(async () => {});
    const ok = watch(sim, Promise.resolve('v'), ms);
    const ko = watch(sim, Promise.reject(new Error('e')), ms);
    expect(armed).toEqual([]);
    await flush();
    expect(ok()).toEqual({ ok: true, value: 'v' });
    expect(ko()?.ok).toBe(false);
  });
});
