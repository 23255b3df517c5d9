import { InvalidArgumentError, type Task } from '@sched/core';
import { formatTrace, Simulator, simulateIo, simulateIoCallback, type TraceEvent } from '@sched/sim';
import { describe, expect, it } from 'vitest';

const permutations = (n: number): string[] => {
  const out: string[] = [];
  const go = (prefix: number[]): void => {
    if (prefix.length === n) out.push(prefix.join(''));
    for (let i = 0; i < n; i++) if (!prefix.includes(i)) go([...prefix, i]);
  };
  go([]);
  return out;
};

const kinds = (events: readonly TraceEvent[]): string => events.map((e) => `${e.task}:${e.kind}`).join(' ');

describe('simulateIo: promise style', () => {
  it('a task awaiting a call is resumed at the completion point by one step: start, then resume', async () => {
    const sim = new Simulator({ seed: 3, autoAdvance: true });
    const query = simulateIo(sim, async (id: string) => `row ${id}`, { latency: [5, 50], label: 'db.query' });
    const task = sim.spawn(async () => {
      const row = await query('42');
      return { row, at: sim.now() };
    });

    const { row, at } = await sim.runUntil(task);

    expect(row).toBe('row 42');
    expect(at).toBeGreaterThanOrEqual(5);
    expect(at).toBeLessThanOrEqual(50);
    expect(kinds(sim.trace.events)).toBe('1:start 1:resume');
    expect(sim.trace.events[0]?.delays).toEqual([{ ms: at, min: 5, max: 50 }]);
    expect(sim.trace.events[1]?.time).toBe(at);
    expect(sim.pendingTimers).toBe(0); // the plain completion Runnable was swapped out, not left behind
  });

  it('N concurrent calls awaited by N tasks: exactly one step, and at most one pick, per completion', async () => {
    const n = 5;
    const sim = new Simulator({ seed: 11, autoAdvance: true });
    const io = simulateIo(sim, (i: number) => i, { latency: [1, 3], label: 'io' });
    const done: number[] = [];
    for (let i = 0; i < n; i++) sim.spawn(async () => void done.push(await io(i)));

    await sim.runUntilIdle();

    expect(done.sort()).toEqual([0, 1, 2, 3, 4]);
    const events = sim.trace.events;
    expect(events.filter((e) => e.kind === 'start')).toHaveLength(n);
    expect(events.filter((e) => e.kind === 'resume')).toHaveLength(n); // one step per completion
    expect(events).toHaveLength(2 * n); // no timer or call steps in between
    // Every recorded decision is either a pick (noted on its step) or a latency draw.
    const picks = events.filter((e) => e.choice !== undefined).length;
    const draws = events.reduce((sum, e) => sum + (e.delays?.length ?? 0), 0);
    expect(draws).toBe(n);
    expect(sim.schedule).toHaveLength(picks + draws);
    // Completions are picked among what is ready at their millisecond: fewer picks than resumes + 1.
    expect(events.filter((e) => e.kind === 'resume' && e.choice !== undefined).length).toBeLessThanOrEqual(n - 1);
  });

  it('consecutive seeds reach every completion order of 3 concurrent calls with overlapping latencies', async () => {
    const orders = new Map<string, number>();
    for (let seed = 0; seed < 60 && orders.size < 6; seed++) {
      const sim = new Simulator({ seed, autoAdvance: true });
      const io = simulateIo(sim, (i: number) => i, { latency: [1, 4] });
      const order: number[] = [];
      for (let i = 0; i < 3; i++) sim.spawn(async () => void order.push(await io(i)));
      await sim.runUntilIdle();
      if (!orders.has(order.join(''))) orders.set(order.join(''), seed);
    }
    expect([...orders.keys()].sort()).toEqual(permutations(3));
    expect(Math.max(...orders.values())).toBeLessThan(60);
  });

  it('with a fixed latency the ties are still explored (no draw, one pick per completion)', async () => {
    const orders = new Set<string>();
    for (let seed = 0; seed < 40; seed++) {
      const sim = new Simulator({ seed, autoAdvance: true });
      const io = simulateIo(sim, (i: number) => i, { latency: 7 });
      const order: number[] = [];
      for (let i = 0; i < 2; i++) sim.spawn(async () => void order.push(await io(i)));
      await sim.runUntilIdle();
      expect(sim.now()).toBe(7);
      expect(sim.trace.events.some((e) => e.delays !== undefined)).toBe(false);
      orders.add(order.join(''));
    }
    expect([...orders].sort()).toEqual(['01', '10']);
  });

  it.each([
    ['session-fifo', true],
    ['fifo', true],
    ['random', false],
  ] as const)("works under order '%s' (trace kept: %s)", async (order, trace) => {
    const sim = new Simulator({ seed: 1, autoAdvance: true, order, trace });
    const io = simulateIo(sim, async (i: number) => i, { latency: [1, 5] });
    const session = sim.session('request');
    const tasks = [0, 1, 2].map((i) => session.spawn(sim, async () => (await io(i)) * 2));
    await sim.runUntilIdle();
    expect(await Promise.all(tasks)).toEqual([0, 2, 4]);
    expect(sim.trace.steps).toBe(6);
    if (order === 'fifo') expect(sim.now()).toBe(1); // FIFO draws every latency as its minimum
  });

  it('replays a seed exactly from its schedule', async () => {
    const run = async (options: { seed?: number; schedule?: readonly number[] }) => {
      const sim = new Simulator({ autoAdvance: true, ...options });
      const io = simulateIo(sim, async (i: number) => i * 10, { latency: [0, 20], label: 'fetch' });
      for (let i = 0; i < 4; i++) sim.spawn(async () => sim.annotate(`got ${await io(i)}`), { label: `t${i}` });
      await sim.runUntilIdle();
      return sim;
    };
    const first = await run({ seed: 99 });
    const again = await run({ schedule: first.schedule });
    expect(formatTrace(again.trace.events)).toBe(formatTrace(first.trace.events));
  });

  it('a stub that throws or rejects delivers the error at the completion point', async () => {
    const sim = new Simulator({ seed: 0, autoAdvance: true });
    const throws = simulateIo(
      sim,
      (): number => {
        throw new Error('ECONNREFUSED');
      },
      { latency: 4 },
    );
    const rejects = simulateIo(sim, async (): Promise<number> => Promise.reject(new Error('timeout')), { latency: 6 });
    const task = sim.spawn(async () => {
      const seen: string[] = [];
      for (const call of [throws, rejects]) {
        try {
          await call();
        } catch (error) {
          seen.push(`${(error as Error).message} at ${sim.now()}`);
        }
      }
      return seen;
    });

    expect(await sim.runUntil(task)).toEqual(['ECONNREFUSED at 4', 'timeout at 10']);
  });

  it('test code gets a native promise settled by a labelled call step, even if it awaits after the run', async () => {
    const sim = new Simulator({ seed: 0, autoAdvance: true });
    const io = simulateIo(sim, (x: string) => x.toUpperCase(), { latency: 3, label: 'upper' });

    expect(await sim.runUntil(io('a'))).toBe('A');
    const later = io('b'); // nobody awaits it during the run: it completes anyway
    await sim.runUntilIdle();
    expect(await later).toBe('B');
    expect(sim.now()).toBe(6);
    expect(formatTrace(sim.trace.events)).toBe(
      '#1 t=3ms task 1 "upper" call (background)\n#2 t=6ms task 1 "upper" call (background)',
    );
  });

  it('a task that awaits a failed call after its completion point gets the error (and nothing is left unhandled)', async () => {
    const sim = new Simulator({ seed: 0, autoAdvance: true });
    const fails = simulateIo(sim, async (): Promise<number> => Promise.reject(new Error('EIO')), { latency: 2 });
    const task = sim.spawn(async (ctx) => {
      const pending = fails();
      await ctx.sleep(5); // the call completes (and fails) while nobody listens
      return pending.then(
        () => 'resolved',
        (error: Error) => `${error.message} at ${sim.now()}`,
      );
    });
    expect(await sim.runUntil(task)).toBe('EIO at 5');
  });

  it('keeps the Promise surface: then-chains, catch and finally, under a task', async () => {
    const sim = new Simulator({ seed: 5, autoAdvance: true });
    const io = simulateIo(sim, async (x: number) => x, { latency: [1, 2] });
    const fails = simulateIo(sim, async (): Promise<number> => Promise.reject(new Error('nope')), { latency: 1 });
    const log: string[] = [];
    const task = sim.spawn(async () => {
      const doubled = await io(21)
        .then((x) => x * 2)
        .then((x) => `${x}`);
      const recovered = await fails()
        .catch((e: Error) => e.message)
        .finally(() => log.push('finally'));
      const viaPromiseAll = await Promise.all([io(1), io(2)]);
      return { doubled, recovered, viaPromiseAll };
    });

    expect(await sim.runUntil(task)).toEqual({ doubled: '42', recovered: 'nope', viaPromiseAll: [1, 2] });
    expect(log).toEqual(['finally']);
    expect(Object.prototype.toString.call(io(0))).toBe('[object Promise]');
  });

  it('is assignable where real code expects a Promise-returning function', () => {
    interface Db {
      query(sql: string): Promise<string[]>;
    }
    const sim = new Simulator();
    const db: Db = { query: simulateIo(sim, async (sql: string) => [sql]) };
    expect(typeof db.query).toBe('function');
  });

  it('waits for a stub whose promise takes several microtasks, even at zero latency', async () => {
    const sim = new Simulator({ seed: 2, autoAdvance: true });
    const slow = simulateIo(
      sim,
      async (x: number) => {
        for (let i = 0; i < 5; i++) await Promise.resolve();
        return x + 1;
      },
      { latency: 0 },
    );
    const task = sim.spawn(async () => (await slow(1)) + (await slow(10)));
    expect(await sim.runUntil(task)).toBe(13);
  });

  it('runs the stub at call time, so its effects happen before the completion', async () => {
    const sim = new Simulator({ seed: 0, autoAdvance: true });
    const rows = new Map<string, number>();
    const write = simulateIo(sim, (k: string, v: number) => void rows.set(k, v), { latency: 10 });
    const task = sim.spawn(async () => {
      const pending = write('a', 1);
      const seenBefore = rows.get('a');
      await pending;
      return seenBefore;
    });
    expect(await sim.runUntil(task)).toBe(1);
  });

  it('rejects bad arguments with InvalidArgumentError', () => {
    const sim = new Simulator();
    expect(() => simulateIo(sim, () => 1, { latency: [5, 1] })).toThrow(InvalidArgumentError);
    expect(() => simulateIo(sim, () => 1, { latency: -1 })).toThrow(InvalidArgumentError);
    expect(() => simulateIo(sim, () => 1, { latency: [1] as never })).toThrow(InvalidArgumentError);
    expect(() => simulateIo(sim, 'nope' as never)).toThrow(InvalidArgumentError);
    expect(() => simulateIo({} as never, () => 1)).toThrow(InvalidArgumentError);
    expect(() => simulateIo(sim, () => 1, { signal: {} as never })).toThrow(InvalidArgumentError);
    const returnsTimer = simulateIo(sim, () => sim.timer(1));
    expect(() => returnsTimer()).toThrow(InvalidArgumentError);
  });
});

describe('simulateIo: cancellation', () => {
  it('an abort before the completion point rejects the awaiting task at once and drops the pending Runnable', async () => {
    const sim = new Simulator({ seed: 0, autoAdvance: true });
    const controller = new AbortController();
    const io = simulateIo(sim, async () => 'data', { latency: 100, signal: controller.signal });
    const waiter = sim.spawn(async () => {
      try {
        return await io();
      } catch (error) {
        return `${String(error)} at ${sim.now()}`;
      }
    });
    sim.spawn(async (ctx) => {
      await ctx.sleep(10);
      controller.abort('user left');
    });

    expect(await sim.runUntil(waiter)).toBe('user left at 10');
    expect(sim.pendingTimers).toBe(0);
  });

  it('picks the signal out of each call, skips the stub when already aborted, and ignores a late abort', async () => {
    const sim = new Simulator({ seed: 0, autoAdvance: true });
    let calls = 0;
    const fetch = simulateIo(
      sim,
      async (url: string, _init?: { signal?: AbortSignal }) => {
        calls++;
        return url;
      },
      { latency: [1, 9], signal: (_url, init) => init?.signal },
    );
    const aborted = AbortSignal.abort(new Error('gone'));
    const late = new AbortController();
    const task = sim.spawn(async () => {
      const first = await fetch('/a', { signal: aborted }).catch((e: Error) => e.message);
      const second = await fetch('/b', { signal: late.signal });
      late.abort();
      return [first, second];
    });

    expect(await sim.runUntil(task)).toEqual(['gone', '/b']);
    expect(calls).toBe(1);
    expect(sim.schedule).toHaveLength(1); // no latency was drawn for the aborted call
  });

  it('test code awaiting an aborted call sees the rejection', async () => {
    const sim = new Simulator({ seed: 0, autoAdvance: true });
    const controller = new AbortController();
    const io = simulateIo(sim, () => 1, { latency: 50, signal: controller.signal });
    const pending = io();
    sim.spawn(async (ctx) => {
      await ctx.sleep(5);
      controller.abort(new Error('stop'));
    });
    await expect(sim.runUntil(pending)).rejects.toThrow('stop');
    expect(sim.now()).toBe(5);
  });
});

describe('simulateIoCallback: callback style', () => {
  type ReadCallback = (error: Error | null, data?: string) => void;
  const files = new Map([
    ['/a', 'alpha'],
    ['/b', 'beta'],
  ]);
  const readFileStub = (path: string, cb: ReadCallback): void => {
    const data = files.get(path);
    if (data === undefined) cb(new Error(`ENOENT: ${path}`));
    else cb(null, data);
  };

  it('runs each callback as its own labelled call step at the completion point (one step per completion)', async () => {
    const sim = new Simulator({ seed: 4, autoAdvance: true });
    const readFile = simulateIoCallback(sim, readFileStub, { latency: [2, 8], label: 'fs.readFile' });
    const got: string[] = [];
    readFile('/a', (err, data) => got.push(`${err?.message ?? data} at ${sim.now()}`));
    readFile('/missing', (err, data) => got.push(`${err?.message ?? data} at ${sim.now()}`));

    await sim.runUntilIdle();

    expect(got).toHaveLength(2);
    expect(got.some((g) => /^alpha at [2-8]$/.test(g))).toBe(true);
    expect(got.some((g) => /^ENOENT: \/missing at [2-8]$/.test(g))).toBe(true);
    expect(sim.trace.events.map((e) => `${e.label} ${e.kind} (${e.lane})`)).toEqual([
      'fs.readFile call (background)',
      'fs.readFile call (background)',
    ]);
  });

  it('explores every completion order of 3 concurrent reads over consecutive seeds', async () => {
    const orders = new Set<string>();
    for (let seed = 0; seed < 60 && orders.size < 6; seed++) {
      const sim = new Simulator({ seed, autoAdvance: true });
      const readFile = simulateIoCallback(sim, (i: number, cb: (e: null, v: number) => void) => cb(null, i), {
        latency: [1, 4],
      });
      const order: number[] = [];
      for (let i = 0; i < 3; i++) readFile(i, (_e, v) => order.push(v));
      await sim.runUntilIdle();
      orders.add(order.join(''));
    }
    expect([...orders].sort()).toEqual(permutations(3));
  });

  it('delivers a thrown stub error as the first argument, and an error thrown by the callback fails the run', async () => {
    const sim = new Simulator({ seed: 0, autoAdvance: true });
    const broken = simulateIoCallback(
      sim,
      (_cb: (e: unknown) => void): void => {
        throw new Error('EBADF');
      },
      { latency: 1 },
    );
    const seen: unknown[] = [];
    broken((e) => seen.push(e));
    await sim.runUntilIdle();
    expect(String(seen[0])).toBe('Error: EBADF');

    const readFile = simulateIoCallback(sim, readFileStub, { latency: 1 });
    readFile('/a', () => {
      throw new Error('callback bug');
    });
    await expect(sim.runUntilIdle()).rejects.toThrow('callback bug');
  });

  it('an abort calls the callback at once with the reason, as its own step, and never at the completion point', async () => {
    const sim = new Simulator({ seed: 0, autoAdvance: true });
    const controller = new AbortController();
    const readFile = simulateIoCallback(sim, readFileStub, { latency: 30, signal: controller.signal });
    const seen: string[] = [];
    readFile('/a', (err, data) => seen.push(`${String(err ?? data)} at ${sim.now()}`));
    sim.spawn(async (ctx) => {
      await ctx.sleep(3);
      controller.abort('closed');
    });
    await sim.runUntilIdle();
    expect(seen).toEqual(['closed at 3']);
    expect(sim.now()).toBe(3);

    readFile('/b', (err) => seen.push(`again: ${String(err)}`)); // already aborted: no I/O, still async
    expect(seen).toHaveLength(1);
    await sim.runUntilIdle();
    expect(seen).toEqual(['closed at 3', 'again: closed']);
  });

  it('requires a callback as the last argument', () => {
    const sim = new Simulator();
    const readFile = simulateIoCallback(sim, readFileStub);
    expect(() => (readFile as (p: string) => void)('/a')).toThrow(InvalidArgumentError);
  });

  it('callback code can start promise-style I/O and tasks, and it is all explored', async () => {
    const sim = new Simulator({ seed: 8, autoAdvance: true });
    const readFile = simulateIoCallback(sim, readFileStub, { latency: [1, 3] });
    const parse = simulateIo(sim, (s: string) => s.length, { latency: [1, 3] });
    const results: number[] = [];
    let task: Task<void> | undefined;
    readFile('/b', (_err, data) => {
      task = sim.spawn(async () => void results.push(await parse(data ?? '')));
    });
    await sim.runUntilIdle();
    expect(task?.isFinished).toBe(true);
    expect(results).toEqual([4]);
  });
});
