import type { Lane, Session, TaskPriority } from '@sched/core';
import { Simulator } from '@sched/sim';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

describe('Simulator order: random (the default)', () => {
  const shape = fc.record({
    session: fc.integer({ min: 0, max: 3 }), // 0: no session
    lane: fc.constantFrom<Lane>('foreground', 'foreground', 'background'),
    yields: fc.integer({ min: 0, max: 2 }),
  });

  it("with order 'session-fifo' keeps foreground work of each session FIFO (start order = spawn order) for every seed (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(shape, { minLength: 1, maxLength: 16 }), fc.nat(), async (shapes, seed) => {
        const sim = new Simulator({ seed, order: 'session-fifo' });
        const sessions: Array<Session | undefined> = [
          undefined,
          sim.session('s1'),
          sim.session('s2'),
          sim.session('s3'),
        ];
        const started: number[] = [];
        const steps: Array<[number, number]> = []; // [task, segment]
        shapes.forEach((s, i) => {
          sim.spawn(
            async (ctx) => {
              started.push(i);
              steps.push([i, 0]);
              for (let y = 1; y <= s.yields; y++) {
                await ctx.yieldNow();
                steps.push([i, y]);
              }
            },
            { lane: s.lane, session: sessions[s.session] },
          );
        });

        await sim.runUntilIdle();

        expect([...started].sort((a, b) => a - b)).toEqual(shapes.map((_, i) => i));
        for (let session = 0; session <= 3; session++) {
          const members = shapes.flatMap((s, i) => (s.lane === 'foreground' && s.session === session ? [i] : []));
          expect(started.filter((i) => members.includes(i))).toEqual(members);
          // Every resume goes to the back of the session's queue: a strict round-robin.
          const expected: Array<[number, number]> = [];
          const most = Math.max(0, ...members.map((i) => shapes[i]?.yields ?? 0));
          for (let y = 0; y <= most; y++)
            for (const i of members) if ((shapes[i]?.yields ?? 0) >= y) expected.push([i, y]);
          expect(steps.filter(([i]) => members.includes(i))).toEqual(expected);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('interleaves different sessions differently depending on the seed', async () => {
    const orders = new Set<string>();
    for (let seed = 0; seed < 20; seed++) {
      const sim = new Simulator({ seed });
      const order: string[] = [];
      for (const name of ['a', 'b', 'c']) {
        const session = sim.session(name);
        for (let i = 0; i < 2; i++) session.spawn(sim, () => void order.push(`${name}${i}`));
      }
      await sim.runUntilIdle();
      orders.add(order.join(' '));
    }

    expect(orders.size).toBeGreaterThan(5);
  });

  it('ignores priorities (exploring unlikely orders is the point)', async () => {
    const firsts = new Set<string>();
    for (let seed = 0; seed < 30; seed++) {
      const sim = new Simulator({ seed });
      const order: string[] = [];
      sim.spawn(() => void order.push('background'), { lane: 'background', priority: 'background' });
      sim.spawn(() => void order.push('urgent'), { lane: 'background', priority: 'user-blocking' });
      await sim.runUntilIdle();
      firsts.add(order[0] as string);
    }

    expect(firsts).toEqual(new Set(['background', 'urgent']));
  });
});

describe("Simulator order: 'fifo'", () => {
  it('runs by priority, then FIFO, whatever the lane or session', async () => {
    const sim = new Simulator({ order: 'fifo' });
    const order: string[] = [];
    const session = sim.session('s');
    const spawnAs = (name: string, priority: TaskPriority, lane: Lane, inSession = false): void => {
      sim.spawn(() => void order.push(name), { priority, lane, session: inSession ? session : undefined });
    };
    spawnAs('low 1', 'background', 'foreground');
    spawnAs('normal 1', 'normal', 'background');
    spawnAs('urgent 1', 'user-blocking', 'foreground', true);
    spawnAs('normal 2', 'normal', 'foreground', true);
    spawnAs('low 2', 'background', 'background');
    spawnAs('urgent 2', 'user-blocking', 'background');
    spawnAs('normal 3', 'normal', 'foreground');

    await sim.runUntilIdle();

    expect(order).toEqual(['urgent 1', 'urgent 2', 'normal 1', 'normal 2', 'normal 3', 'low 1', 'low 2']);
    expect(sim.schedule).toEqual([]);
    expect(sim.description).toBe('fifo');
    expect(sim.trace.events.every((e) => e.choice === undefined)).toBe(true);
  });

  it('resumes go to the back of their priority queue', async () => {
    const sim = new Simulator({ order: 'fifo' });
    const log: string[] = [];
    for (const name of ['a', 'b']) {
      sim.spawn(
        async (ctx) => {
          log.push(`${name}1`);
          await ctx.yieldNow();
          log.push(`${name}2`);
        },
        { lane: 'background' },
      );
    }

    await sim.runUntilIdle();

    expect(log).toEqual(['a1', 'b1', 'a2', 'b2']);
  });

  it('ignores the seed', async () => {
    const run = async (seed: number): Promise<string> => {
      const sim = new Simulator({ order: 'fifo', seed });
      const order: number[] = [];
      for (let i = 0; i < 6; i++) sim.spawn(() => void order.push(i), { lane: 'background' });
      await sim.runUntilIdle();
      return order.join(',');
    };

    expect(await run(1)).toBe('0,1,2,3,4,5');
    expect(await run(99)).toBe('0,1,2,3,4,5');
  });
});
