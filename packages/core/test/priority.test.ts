import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPriority, priorityRank } from '../src/host.js';
import type { Lane, TaskPriority } from '../src/index.js';
import { InvalidArgumentError, PRIORITIES, spawn, spawnWithPriority } from '../src/index.js';
import { TestHost } from './support/test-host.js';

const priority = fc.constantFrom<TaskPriority>('user-blocking', 'normal', 'background');

describe('priorities', () => {
  it('PRIORITIES lists every priority, most urgent first, and is frozen; the index is the rank', () => {
    expect(PRIORITIES).toEqual(['user-blocking', 'normal', 'background']);
    expect(Object.isFrozen(PRIORITIES)).toBe(true);
    PRIORITIES.forEach((p, index) => expect(priorityRank(p)).toBe(index));
  });

  it('checkPriority: undefined means normal; known values pass through', () => {
    expect(checkPriority(undefined)).toBe('normal');
    for (const p of PRIORITIES) expect(checkPriority(p)).toBe(p);
  });

  it('property: anything else throws InvalidArgumentError naming the argument and value', () => {
    fc.assert(
      fc.property(
        fc.anything().filter((v) => v !== undefined && !(PRIORITIES as readonly unknown[]).includes(v)),
        (value) => {
          let error: unknown;
          try {
            checkPriority(value);
          } catch (e) {
            error = e;
          }
          expect(error).toBeInstanceOf(InvalidArgumentError);
          expect((error as InvalidArgumentError).argument).toBe('priority');
          expect(Object.is((error as InvalidArgumentError).value, value)).toBe(true);
          expect((error as Error).message).toContain('expected one of user-blocking, normal, background');
        },
      ),
    );
  });

  it('spawn with an unknown priority throws InvalidArgumentError and dispatches nothing', () => {
    const host = new TestHost();
    expect(() => spawn(host, () => 1, { priority: 'urgent' as TaskPriority })).toThrow(InvalidArgumentError);
    expect(() => spawnWithPriority(host, 'HIGH' as TaskPriority, () => 1)).toThrow(/Invalid priority: "HIGH"/);
    expect(host.dispatched).toEqual([]);
  });

  it('spawned tasks carry their priority onto their start Runnable', () => {
    const host = new TestHost();
    const t = spawnWithPriority(host, 'background', () => 1, { label: 'bg' });
    expect(t.priority).toBe('background');
    expect(host.dispatched[0]).toMatchObject({ kind: 'start', taskId: t.id, priority: 'background' });
  });

  it.each([false, true])('resume/yield Runnables keep the task priority (probe: %s)', async (probe) => {
    const host = new TestHost({ probe });
    const t = spawn(
      host,
      async (ctx) => {
        await ctx.yieldNow();
        await ctx.sleep(1);
      },
      { priority: 'user-blocking', lane: 'background' },
    );
    await host.advance(1);
    const own = host.dispatched.filter((d) => d.taskId === t.id);
    // start and yield; under a probe also the resume after the sleep (natively, the timer's own
    // Runnable wakes the task and its continuation runs as a microtask).
    expect(own.map((d) => d.kind)).toEqual(probe ? ['start', 'resume', 'resume'] : ['start', 'call']);
    for (const d of own) expect([d.priority, d.lane]).toEqual(['user-blocking', 'background']);
    expect(t.state).toBe('succeeded');
  });

  for (const lane of ['foreground', 'background'] as const satisfies readonly Lane[]) {
    it(`property (${lane}): run order is the stable sort of spawn order by rank (FIFO among equals)`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(priority, { maxLength: 40 }), async (priorities) => {
          const host = new TestHost();
          const ran: number[] = [];
          priorities.forEach((p, i) => {
            spawn(
              host,
              () => {
                ran.push(i);
              },
              { priority: p, lane },
            );
          });

          await host.runAll();

          const expected = priorities
            .map((p, i) => ({ rank: priorityRank(p), i }))
            .sort((a, b) => a.rank - b.rank || a.i - b.i)
            .map((x) => x.i);
          expect(ran).toEqual(expected);
        }),
        { numRuns: 60 },
      );
    });
  }
});
