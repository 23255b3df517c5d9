// The step driver's runs, seen through the simulator: what a step records about its choice,
// when jitter is drawn, timers that are steps and timers that are not, work made ready by native
// callbacks after the run went idle, failures between runs, and nested runs. Written against the
// survivors of a mutation run of src/stepping/ (docs/mutation.md).
import { InvalidArgumentError, type TaskInfo } from '@sched/core';
import { CallRunnable, hostInfo, TIMER_INFO } from '@sched/core/host';
import { EscapeError, Simulator } from '@sched/sim';
import { describe, expect, it } from 'vitest';

/** Resolves with what `run()` rejected with, whether it throws at once or returns a rejection. */
async function failureOf(run: () => Promise<unknown>): Promise<unknown> {
  return Promise.resolve()
    .then(run)
    .then(
      () => {
        throw new Error('expected a failure');
      },
      (error: unknown) => error,
    );
}

/** Three tasks that each yield twice: 9 steps, with 3, 2 or 1 candidates along the way. */
function spawnYielders(sim: Simulator): void {
  for (const label of ['a', 'b', 'c']) {
    sim.spawn(
      async (ctx) => {
        await ctx.yieldNow();
        await ctx.yieldNow();
      },
      { label },
    );
  }
}

describe('what a step records about its choice', () => {
  it.each([
    ['seed 0', { seed: 0 }],
    ['seed 5', { seed: 5 }],
    ['a schedule of zeros', { schedule: [0, 0, 0, 0, 0, 0, 0, 0, 0] }],
    ['a schedule of ones and zeros', { schedule: [1, 0, 1, 1, 0, 1, 0, 1, 0] }],
  ])('%s: a real choice records its index and candidate count, a single candidate records none', async (_, options) => {
    // Candidates at each step, seen by the observer just after the pick (the picked one left).
    const candidates: number[] = [];
    let sim: Simulator | undefined;
    sim = new Simulator({ ...options, observer: { onStep: () => candidates.push((sim?.readyCount ?? 0) + 1) } });
    spawnYielders(sim);

    await sim.runUntilIdle();

    const events = sim.trace.events;
    expect(events).toHaveLength(9);
    expect(candidates).toHaveLength(9);
    // Every choice of the schedule belongs to exactly one step, in order, and nothing else did.
    const chosen = events.filter((e) => e.choice !== undefined);
    expect(chosen.map((e) => e.choice?.index)).toEqual([...sim.schedule]);
    events.forEach((event, i) => {
      const count = candidates[i] as number;
      if (count === 1) expect(event.choice).toBeUndefined();
      else expect(event.choice).toEqual({ index: expect.any(Number), of: count });
    });
    // The first step picks among the three starts; the last step has one candidate left.
    expect(events[0]?.choice?.of).toBe(3);
    expect(events[8]?.choice).toBeUndefined();
  });

  it('a first choice of 0 is recorded as choice 0 (not as no choice)', async () => {
    const sim = new Simulator({ schedule: [0, 1] });
    spawnYielders(sim);
    await sim.step();
    expect(sim.trace.events[0]?.choice).toEqual({ index: 0, of: 3 });
    await sim.step();
    expect(sim.trace.events[1]?.choice).toEqual({ index: 1, of: 3 });
    expect(sim.schedule).toEqual([0, 1]);
  });

  it('steps after the choices of a run record no choice when they have a single candidate', async () => {
    // Two choices are made early; later single-candidate steps must not borrow any of them.
    const sim = new Simulator({ schedule: [1, 1] });
    const solo = sim.spawn(async (ctx) => {
      for (let i = 0; i < 4; i++) await ctx.yieldNow();
      return 'solo';
    });
    sim.spawn(async () => 'x');
    sim.spawn(async () => 'y');
    await sim.runUntilIdle();
    expect(await solo).toBe('solo');
    const choices = sim.trace.events.map((e) => e.choice);
    expect(sim.schedule).toEqual([1, 1]);
    expect(choices.filter((c) => c !== undefined)).toEqual([
      { index: 1, of: 3 },
      { index: 1, of: 2 },
    ]);
    expect(choices.slice(-3)).toEqual([undefined, undefined, undefined]);
  });
});

describe('jitter', () => {
  it('without jitterMs, setting a timer draws nothing: the schedule holds only the picks', async () => {
    const sim = new Simulator({ seed: 9, autoAdvance: true });
    const task = sim.spawn(async (ctx) => {
      await ctx.sleep(5);
      await ctx.sleep(7);
      return sim.now();
    });
    await sim.runUntilIdle();
    expect(await task).toBe(12);
    expect(sim.schedule).toEqual([]);
    expect(sim.trace.events.map((e) => e.jitter)).toEqual([undefined, undefined, undefined]);
  });

  it('with jitterMs, each timer set inside a step draws once and the step records it', async () => {
    const sim = new Simulator({ seed: 4, autoAdvance: true, jitterMs: 3 });
    const task = sim.spawn(async (ctx) => {
      await ctx.sleep(10);
      return sim.now();
    });
    await sim.runUntilIdle();
    const woke = await task;
    expect(sim.schedule).toHaveLength(1);
    expect(woke).toBe(10 + (sim.schedule[0] as number));
    expect(sim.trace.events[0]?.jitter).toBe(sim.schedule[0] === 0 ? undefined : sim.schedule[0]);
  });
});

describe('timers', () => {
  it('a host timer Runnable is a step of its own, at its deadline', async () => {
    const sim = new Simulator({ autoAdvance: true });
    const fired: number[] = [];
    sim.dispatchAfter(5, new CallRunnable(hostInfo('tick'), () => fired.push(sim.now()), 'timer'));
    await sim.runUntilIdle();
    expect(fired).toEqual([5]);
    expect(sim.trace.events.map((e) => [e.kind, e.time, e.label, e.task])).toEqual([['timer', 5, 'tick', 0]]);
  });

  it("a core timer's fire is not a step: whoever awaits it is resumed by the next step", async () => {
    const sim = new Simulator({ autoAdvance: true });
    const task = sim.spawn(async (ctx) => {
      await ctx.sleep(5);
      return sim.now();
    });
    await sim.runUntilIdle();
    expect(await task).toBe(5);
    expect(sim.trace.events.map((e) => [e.kind, e.time])).toEqual([
      ['start', 0],
      ['resume', 5],
    ]);
  });

  it("a core timer's fire that throws fails the run with that error", async () => {
    const sim = new Simulator({ autoAdvance: true });
    const boom = new Error('timer fire failed');
    sim.dispatchAfter(
      3,
      new CallRunnable(
        TIMER_INFO,
        () => {
          throw boom;
        },
        'timer',
      ),
    );
    expect(await failureOf(() => sim.runUntilIdle())).toBe(boom);
    expect(sim.now()).toBe(3);
    expect(sim.pendingTimers).toBe(0);
    await sim.runUntilIdle(); // the failure was delivered once
  });
});

describe('work made ready by native callbacks after the run went idle', () => {
  /** A task whose body sets off a native chain that calls `then` after many microtask hops. */
  function later(sim: Simulator, then: () => void): void {
    sim.spawn(async () => {
      void (async () => {
        for (let i = 0; i < 30; i++) await null;
        then();
      })();
    });
  }

  it('a task spawned by it still runs within the same run call', async () => {
    const sim = new Simulator();
    let late: PromiseLike<string> & { isFinished: boolean } = Object.assign(Promise.resolve(''), { isFinished: false });
    later(sim, () => {
      late = sim.spawn(async () => 'late', { label: 'late' });
    });
    await sim.runUntilIdle();
    expect(late.isFinished).toBe(true);
    expect(await late).toBe('late');
    expect(sim.readyCount).toBe(0);
    expect(sim.trace.events.map((e) => e.label)).toEqual([undefined, 'late']);
  });

  it('a timer due now fires within the same run call, without autoAdvance', async () => {
    const sim = new Simulator({ startTime: 20 });
    const fired: number[] = [];
    later(sim, () => sim.dispatchAfter(0, new CallRunnable(hostInfo('now'), () => fired.push(sim.now()), 'timer')));
    await sim.runUntilIdle();
    expect(fired).toEqual([20]);
    expect(sim.pendingTimers).toBe(0);
  });

  it('a timer in the future waits without autoAdvance, and fires with it', async () => {
    const sim = new Simulator();
    const fired: number[] = [];
    later(sim, () => sim.dispatchAfter(5, new CallRunnable(hostInfo('soon'), () => fired.push(sim.now()), 'timer')));
    await sim.runUntilIdle();
    expect(fired).toEqual([]);
    expect(sim.pendingTimers).toBe(1);
    expect(sim.now()).toBe(0);

    await sim.runUntilIdle({ autoAdvance: true });
    expect(fired).toEqual([5]);
    expect(sim.pendingTimers).toBe(0);
  });

  it('with autoAdvance, a future timer set by it fires within the same run call', async () => {
    const sim = new Simulator({ autoAdvance: true });
    const fired: number[] = [];
    later(sim, () => sim.dispatchAfter(5, new CallRunnable(hostInfo('soon'), () => fired.push(sim.now()), 'timer')));
    await sim.runUntilIdle();
    expect(fired).toEqual([5]);
  });
});

describe('failures between runs', () => {
  /** A simulator whose task `label` waits on a gate that only the test opens. */
  function gated(sim: Simulator, label: string): { open: () => void; task: PromiseLike<string> } {
    let open: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const task = sim.spawn(
      async () => {
        await gate;
        return label;
      },
      { label },
    );
    return { open, task };
  }

  it('a task woken from outside between runs fails the next run call, once, with the first foreign wake', async () => {
    const sim = new Simulator();
    const first = gated(sim, 'first');
    const second = gated(sim, 'second');
    const parked = await failureOf(() => sim.runUntilIdle());
    expect(parked).toBeInstanceOf(EscapeError);
    expect((parked as EscapeError).kind).toBe('parked-on-foreign');

    first.open();
    expect(await first.task).toBe('first');
    second.open();
    expect(await second.task).toBe('second');

    const woken = await failureOf(() => sim.runUntilIdle());
    expect(woken).toBeInstanceOf(EscapeError);
    expect((woken as EscapeError).kind).toBe('foreign-wake');
    expect((woken as EscapeError).message).toContain('"first"');
    expect((woken as EscapeError).message).toContain('finished outside its own step');
    await sim.runUntilIdle();
    expect(sim.liveTasks()).toEqual([]);
  });

  it('with allowForeign, the wake is recorded and the next run call goes on', async () => {
    const sim = new Simulator({ allowForeign: true });
    const first = gated(sim, 'first');
    await sim.runUntilIdle();
    first.open();
    expect(await first.task).toBe('first');
    await sim.runUntilIdle();
    expect(sim.escapes.map((e) => e.kind)).toEqual(['parked-on-foreign', 'foreign-wake']);
  });

  it('a task that finishes inside a run is no foreign wake, even when the test awaits it', async () => {
    const sim = new Simulator();
    const task = sim.spawn(async (ctx) => {
      await ctx.yieldNow();
      return 'inside';
    });
    const run = sim.runUntilIdle();
    expect(await task).toBe('inside');
    await run;
    await sim.runUntilIdle();
    expect(sim.escapes).toEqual([]);
  });
});

describe('run calls', () => {
  it('a second run call while one is in progress is refused with a typed error naming the nesting', async () => {
    const sim = new Simulator();
    sim.spawn(async (ctx) => ctx.yieldNow());
    const first = sim.runUntilIdle();
    const nested = await failureOf(() => sim.runUntilIdle());
    expect(nested).toBeInstanceOf(InvalidArgumentError);
    expect((nested as InvalidArgumentError).argument).toBe('run');
    expect((nested as InvalidArgumentError).value).toBe('nested');
    expect((nested as Error).message).toBe('Invalid run: "nested"; expected one run call at a time per simulator.');
    await first;
    expect(sim.trace.steps).toBe(2);
  });

  it("a bad per-call maxSteps is refused with a typed error naming 'maxSteps'", async () => {
    const sim = new Simulator();
    for (const maxSteps of [0, -1, 1.5]) {
      const error = await failureOf(() => sim.runUntilIdle({ maxSteps }));
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).argument).toBe('maxSteps');
    }
    expect(sim.running).toBe(false);
  });
});

describe('readyTasks', () => {
  it('lists each task with a ready Runnable once, started or not', async () => {
    const sim = new Simulator({ order: 'fifo' });
    const a = sim.spawn(
      async (ctx) => {
        await ctx.yieldNow();
      },
      { label: 'a' },
    );
    const b = sim.spawn(async (ctx) => ctx.sleep(10), { label: 'b' });
    const ids = (tasks: TaskInfo[]): number[] => tasks.map((t) => t.id).sort((x, y) => x - y);
    expect(ids(sim.readyTasks())).toEqual([a.id, b.id].sort((x, y) => x - y));

    await sim.step(); // a starts and yields: its resume is ready
    await sim.step(); // b starts and sleeps: not ready
    expect(ids(sim.readyTasks())).toEqual([a.id]);
    expect(sim.readyTasks()[0]?.label).toBe('a');

    await sim.runUntilIdle();
    expect(sim.readyTasks()).toEqual([]);
    expect(ids(sim.liveTasks())).toEqual([b.id]);
  });
});
