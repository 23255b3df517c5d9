// How long a step lasts: until its task's next scheduler-owned await or its end, even after a
// step whose task called `then` on an owned thenable without awaiting it. Written against the
// survivors of a mutation run of src/stepping/ (docs/mutation.md).
import type { TaskContext } from '@sched/core';
import { Simulator, type SimulatorOptions } from '@sched/sim';
import { describe, expect, it } from 'vitest';

describe.each(['step', 'exact'] as const)('step segments, attribution %s', (attribution) => {
  const make = (log: string[], options: SimulatorOptions = {}): Simulator =>
    new Simulator({
      order: 'fifo',
      autoAdvance: true,
      attribution,
      observer: { onStep: (r) => log.push(`step ${r.task.label}:${r.kind}`) },
      ...options,
    });

  it("a step after one whose task called then() without awaiting still lasts until its task's owned await", async () => {
    const log: string[] = [];
    const sim = make(log);
    // A sets off a sleep with then() and finishes at once, without awaiting anything.
    sim.spawn(
      (ctx: TaskContext) => {
        void ctx.sleep(5).then(() => log.push('A woke'));
        log.push('A body');
        return 'a';
      },
      { label: 'A' },
    );
    // B's step goes through native hops before its first owned await: all of it is B's step.
    sim.spawn(
      async (ctx) => {
        log.push('B body');
        await null;
        await null;
        await null;
        log.push('B mid');
        await ctx.yieldNow();
        log.push('B after');
      },
      { label: 'B' },
    );
    sim.spawn(
      async (ctx) => {
        log.push('C body');
        await ctx.yieldNow();
        log.push('C after');
      },
      { label: 'C' },
    );

    await sim.runUntilIdle();

    expect(log).toEqual([
      'step A:start',
      'A body',
      'step B:start',
      'B body',
      'B mid',
      'step C:start',
      'C body',
      'step B:resume',
      'B after',
      'step C:resume',
      'C after',
      'step A:resume',
      'A woke',
    ]);
    expect(sim.trace.events.map((e) => `${e.label}:${e.kind}@${e.time}`)).toEqual([
      'A:start@0',
      'B:start@0',
      'C:start@0',
      'B:resume@0',
      'C:resume@0',
      'A:resume@5',
    ]);
    expect(sim.escapes).toEqual([]);
  });

  it('every later step also lasts until its own owned await (nothing from the then() step lingers)', async () => {
    const log: string[] = [];
    const sim = make(log);
    sim.spawn(
      (ctx: TaskContext) => {
        void ctx.sleep(1).then(() => log.push('A woke'));
        return 'a';
      },
      { label: 'A' },
    );
    for (const label of ['B', 'C', 'D']) {
      sim.spawn(
        async (ctx) => {
          for (let round = 0; round < 2; round++) {
            await null;
            await null;
            log.push(`${label}${round}`);
            await ctx.yieldNow();
          }
        },
        { label },
      );
    }

    await sim.runUntilIdle();

    expect(log.filter((entry) => !entry.startsWith('step'))).toEqual(['B0', 'C0', 'D0', 'B1', 'C1', 'D1', 'A woke']);
    // Each task's native hops finish inside its own step: every entry follows its task's step.
    log.forEach((entry, i) => {
      if (entry.startsWith('step') || entry === 'A woke') return;
      expect(log[i - 1]).toMatch(new RegExp(`^step ${entry[0]}:`));
    });
  });

  it("the very first step of a simulator lasts until its task's owned await, through native hops", async () => {
    const log: string[] = [];
    const sim = make(log);
    for (const label of ['B', 'C']) {
      sim.spawn(
        async (ctx) => {
          log.push(`${label} body`);
          await null;
          await null;
          log.push(`${label} mid`);
          await ctx.yieldNow();
          log.push(`${label} after`);
        },
        { label },
      );
    }
    await sim.runUntilIdle();
    expect(log).toEqual([
      'step B:start',
      'B body',
      'B mid',
      'step C:start',
      'C body',
      'C mid',
      'step B:resume',
      'B after',
      'step C:resume',
      'C after',
    ]);
  });

  it('a body that returns an owned thenable (not awaited) is resumed once it is due', async () => {
    const log: string[] = [];
    const sim = make(log);
    const task = sim.spawn((ctx: TaskContext) => ctx.sleep(4).then(() => sim.now()), { label: 'R' });
    const other = sim.spawn(
      async (ctx) => {
        await ctx.yieldNow();
        return 'other';
      },
      { label: 'O' },
    );
    await sim.runUntilIdle();
    expect(await task).toBe(4);
    expect(await other).toBe('other');
    const trace = sim.trace.events.map((e) => `${e.label}:${e.kind}@${e.time}`);
    // R's step ends with its body; O runs in between; R is resumed (then() and adoption) at 4.
    expect(trace.slice(0, 4)).toEqual(['R:start@0', 'O:start@0', 'O:resume@0', 'R:resume@4']);
    expect(new Set(trace.slice(4))).toEqual(trace.length > 4 ? new Set(['R:resume@4']) : new Set());
    expect(sim.escapes).toEqual([]);
  });
});
