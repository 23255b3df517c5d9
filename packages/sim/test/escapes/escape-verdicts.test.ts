import { stat } from 'node:fs';
import { stat as statPromise } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { TaskContext } from '@sched/core';
import { EscapeError, type EscapeKind, many, Simulator } from '@sched/sim';
import { describe, expect, it } from 'vitest';

const here = fileURLToPath(import.meta.url);

/** Busy-waits `ms` of real time (the case that used to outrun the watchdog). */
function burn(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // spin
  }
}

type Phase = 'microtask' | 'setTimeout' | 'setImmediate' | 'nextTick' | 'io';

/** Calls `fn` from the given phase of the event loop and resolves with its result. */
function fromPhase<T>(phase: Phase, fn: () => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const go = (): void => void fn().then(resolve, reject);
    if (phase === 'microtask') queueMicrotask(go);
    else if (phase === 'setTimeout') setTimeout(go, 0);
    else if (phase === 'setImmediate') setImmediate(go);
    else if (phase === 'nextTick') process.nextTick(go);
    else stat(here, go);
  });
}

const PHASES: readonly Phase[] = ['microtask', 'setTimeout', 'setImmediate', 'nextTick', 'io'];

/** Runs `body` on a fresh simulator and returns the escape kind it ends with ('none' if it passes). */
async function verdict(body: (ctx: TaskContext) => Promise<unknown>): Promise<EscapeKind | 'none' | string> {
  const sim = new Simulator({ autoAdvance: true });
  sim.spawn(body, { label: 'case' });
  try {
    await sim.runUntilIdle();
    return 'none';
  } catch (error) {
    return error instanceof EscapeError ? error.kind : String(error);
  }
}

/** The verdict of `body` from every phase, 8 times each. */
async function verdicts(body: (ctx: TaskContext) => Promise<unknown>): Promise<Set<string>> {
  const seen = new Set<string>();
  for (let round = 0; round < 8; round++) {
    for (const phase of PHASES) seen.add(await fromPhase(phase, () => verdict(body)));
  }
  await new Promise((resolve) => setTimeout(resolve, 10)); // let the real work of the cases finish
  return seen;
}

describe('escape verdicts do not depend on real time', () => {
  it('a real setTimeout(r, 0) awaited after 3 ms of CPU work is real-async, from every event-loop phase', async () => {
    const seen = await verdicts(async () => {
      burn(3);
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
    expect([...seen]).toEqual(['real-async']);
  });

  it('a real fs.promises.stat is parked-on-foreign, from every event-loop phase', async () => {
    const seen = await verdicts(async () => (await statPromise(here)).size);
    expect([...seen]).toEqual(['parked-on-foreign']);
  });

  it('a real fs.promises.stat after CPU work and a simulated sleep is parked-on-foreign every time', async () => {
    const seen = await verdicts(async (ctx) => {
      await ctx.sleep(5);
      burn(2);
      return (await statPromise(here)).size;
    });
    expect([...seen]).toEqual(['parked-on-foreign']);
  });

  it('a real timer created and never awaited is real-async', async () => {
    const seen = await verdicts(async (ctx) => {
      setTimeout(() => {}, 0);
      await ctx.sleep(1);
    });
    expect([...seen]).toEqual(['real-async']);
  });

  it.each([
    ['process.nextTick', (f: () => void) => process.nextTick(f)],
    ['setImmediate', (f: () => void) => void setImmediate(f)],
    ['setTimeout', (f: () => void) => void setTimeout(f, 0)],
  ])(
    '%s called inside a step is reported, and runUntilIdle does not resolve as idle with it pending',
    async (api, call) => {
      const sim = new Simulator();
      let ran = false;
      sim.spawn(
        async () => {
          call(() => {
            ran = true;
          });
        },
        { label: 'schedules real work' },
      );

      const error = await sim.runUntilIdle().catch((e: unknown) => e);

      expect(error).toBeInstanceOf(EscapeError);
      expect((error as EscapeError).kind).toBe('real-async');
      expect((error as EscapeError).message).toContain(`called the real ${api}`);
      expect((error as EscapeError).message).toContain('"schedules real work"');
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect(ran).toBe(true); // the call itself still went through
    },
  );

  it('console.log inside a step is not an escape', async () => {
    const sim = new Simulator();
    const log = console.log;
    const task = sim.spawn(async (ctx) => {
      console.log('inside a step');
      await ctx.yieldNow();
      return 'logged';
    });
    await sim.runUntilIdle();
    expect(await task).toBe('logged');
    expect(console.log).toBe(log);
  });

  it('the same seed gives the same verdict and the same trace hash, run from any phase', async () => {
    const run = async (): Promise<string> => {
      const sim = new Simulator({ seed: 7, autoAdvance: true });
      for (let i = 0; i < 4; i++) {
        sim.spawn(async (ctx) => {
          await ctx.sleep(i % 2);
          burn(0.2);
          if (i === 3) await statPromise(here);
        });
      }
      const error = await sim.runUntilIdle().catch((e: unknown) => e);
      return `${error instanceof EscapeError ? error.kind : 'none'} ${sim.trace.hash}`;
    };
    const seen = new Set<string>();
    for (const phase of PHASES) for (let i = 0; i < 4; i++) seen.add(await fromPhase(phase, run));
    expect(seen.size).toBe(1);
    expect([...seen][0]).toMatch(/^parked-on-foreign \d+$/);
  });
});

describe('no false escapes on correct code', () => {
  /** Several tasks share one in-flight connection promise (a native promise made by one of them). */
  async function sharedConnection(sim: Simulator): Promise<string[]> {
    let connecting: Promise<string> | undefined;
    let connects = 0;
    const connect = async (ctx: TaskContext): Promise<string> => {
      connects++;
      await ctx.sleep(3);
      await ctx.yieldNow();
      return 'conn';
    };
    const tasks = ['a', 'b', 'c'].map((name) =>
      sim.spawn(
        async (ctx) => {
          await ctx.yieldNow();
          connecting ??= connect(ctx);
          const conn = await connecting;
          await ctx.sleep(1);
          return `${name}:${conn}`;
        },
        { label: name },
      ),
    );
    await sim.runUntilIdle();
    expect(connects).toBe(1);
    return Promise.all(tasks);
  }

  it('tasks awaiting one shared native promise pass on every seed (default attribution)', async () => {
    const results = await many(300, sharedConnection);
    for (const r of results) expect(r).toEqual(['a:conn', 'b:conn', 'c:conn']);
  });

  it("tasks awaiting one shared native promise pass on every seed (attribution: 'exact')", async () => {
    const results = await many(100, sharedConnection, { attribution: 'exact' });
    for (const r of results) expect(r).toEqual(['a:conn', 'b:conn', 'c:conn']);
  });

  it("with attribution: 'exact', every await of concurrent flows inside one task is credited to that task, however deep", async () => {
    for (const seed of [0, 1, 2, 3, 4, 5, 6, 7]) {
      const sim = new Simulator({ seed, autoAdvance: true, attribution: 'exact' });
      const deep = sim.spawn(
        async (ctx) => {
          await Promise.all([
            ctx.sleep(5),
            (async () => {
              await null;
              await null;
              await null;
              await ctx.sleep(3);
            })(),
          ]);
          return 'deep';
        },
        { label: 'deep' },
      );
      const other = sim.spawn(
        async (ctx) => {
          for (let i = 0; i < 4; i++) await ctx.yieldNow();
          return 'other';
        },
        { label: 'other' },
      );

      await sim.runUntilIdle();

      expect([await deep, await other]).toEqual(['deep', 'other']);
      const deepResumes = sim.trace.events.filter((e) => e.label === 'deep' && e.kind === 'resume');
      const otherSteps = sim.trace.events.filter((e) => e.label === 'other');
      // deep: one resume per sleep (5 and 3); other: start + 4 yields, never one of deep's.
      expect(deepResumes.map((e) => e.time).sort((x, y) => x - y)).toEqual([3, 5]);
      expect(otherSteps).toHaveLength(5);
      expect(sim.escapes).toEqual([]);
    }
  });

  it('rejects an unknown attribution with a typed error', () => {
    expect(() => new Simulator({ attribution: 'magic' as never })).toThrow(/attribution/);
  });
});
