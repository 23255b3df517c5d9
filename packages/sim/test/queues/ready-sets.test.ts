import type { Lane, Runnable, TaskInfo, TaskPriority } from '@sched/core';
import { hostInfo } from '@sched/core/host';
import { type DecisionSource, FifoSource, SeededSource } from '@sched/sim';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FifoReadySet } from '../../src/queues/fifo-ready-set.js';
import { RandomReadySet } from '../../src/queues/random-ready-set.js';
import type { ReadySet } from '../../src/queues/ready-set.js';

interface Spec {
  readonly name: string;
  readonly lane?: Lane;
  readonly priority?: TaskPriority;
  readonly session?: number;
}

let nextId = 1;

/** A Runnable that only carries metadata; its name is its label. */
function runnable(spec: Spec): Runnable {
  const task: TaskInfo = {
    ...hostInfo(spec.name, spec.lane ?? 'foreground'),
    id: nextId++,
    priority: spec.priority ?? 'normal',
    sessionId: spec.session,
  };
  return { task, kind: 'start', run: () => {} };
}

/** Pushes every spec, then picks until empty; returns the names in pick order. */
function drain(set: ReadySet, specs: readonly Spec[], source: DecisionSource): string[] {
  for (const spec of specs) set.push(runnable(spec));
  const order: string[] = [];
  for (let r = set.pick(source); r !== undefined; r = set.pick(source)) order.push(r.task.label as string);
  return order;
}

describe('FifoReadySet (order: fifo)', () => {
  it('runs the most urgent priority first, FIFO among equal priorities, across lanes and sessions', () => {
    const specs: Spec[] = [
      { name: 'bg-prio 1', priority: 'background' },
      { name: 'normal 1', lane: 'background' },
      { name: 'urgent 1', priority: 'user-blocking', session: 2 },
      { name: 'normal 2', session: 1 },
      { name: 'bg-prio 2', priority: 'background', lane: 'background' },
      { name: 'urgent 2', priority: 'user-blocking', lane: 'background' },
      { name: 'normal 3' },
    ];

    const order = drain(new FifoReadySet(), specs, new FifoSource());

    expect(order).toEqual(['urgent 1', 'urgent 2', 'normal 1', 'normal 2', 'normal 3', 'bg-prio 1', 'bg-prio 2']);
  });

  it('never asks the decision source', () => {
    const source: DecisionSource = {
      description: 'forbidden',
      choose: () => {
        throw new Error('FifoReadySet must not draw decisions');
      },
    };

    expect(drain(new FifoReadySet(), [{ name: 'a' }, { name: 'b', lane: 'background' }], source)).toEqual(['a', 'b']);
  });

  it('tracks its size and lists its runnables', () => {
    const set = new FifoReadySet();
    set.push(runnable({ name: 'a', priority: 'background' }));
    set.push(runnable({ name: 'b', priority: 'user-blocking' }));

    expect(set.size).toBe(2);
    expect(set.runnables().map((r) => r.task.label)).toEqual(['b', 'a']);
    set.pick();
    expect(set.size).toBe(1);
  });
});

describe('RandomReadySet (order: random)', () => {
  const spec = fc.record({
    lane: fc.constantFrom<Lane>('foreground', 'background'),
    session: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
  });

  it('with foregroundFifo keeps the foreground work of each session FIFO, whatever the seed', () => {
    fc.assert(
      fc.property(fc.array(spec, { maxLength: 40 }), fc.nat(), (shapes, seed) => {
        const specs = shapes.map((s, i) => ({ ...s, name: `${i}` }));
        const order = drain(new RandomReadySet({ foregroundFifo: true }), specs, new SeededSource(seed)).map(Number);

        expect([...order].sort((a, b) => a - b)).toEqual(specs.map((_, i) => i));
        for (const session of [undefined, 1, 2, 3]) {
          const picked = order.filter((i) => specs[i]?.lane === 'foreground' && specs[i]?.session === session);
          expect(picked).toEqual([...picked].sort((a, b) => a - b));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('by default offers every ready runnable, foreground or background, as a candidate', () => {
    const counts: number[] = [];
    const source: DecisionSource = {
      description: 'last',
      choose: (n) => {
        counts.push(n);
        return n - 1;
      },
    };
    const specs: Spec[] = [
      { name: 'fg s1 a', session: 1 },
      { name: 'fg s1 b', session: 1 },
      { name: 'fg none' },
      { name: 'bg', lane: 'background' },
    ];

    const order = drain(new RandomReadySet(), specs, source);

    expect(counts).toEqual([4, 3, 2]);
    // The pick trades places with the oldest: 'bg' first, then the one moved into its place.
    expect(order).toEqual(['bg', 'fg s1 a', 'fg s1 b', 'fg none']);
  });

  it('with foregroundFifo offers one candidate per non-empty foreground queue plus every background runnable', () => {
    const counts: number[] = [];
    const source: DecisionSource = {
      description: 'spy',
      choose: (n) => {
        counts.push(n);
        return 0;
      },
    };
    const specs: Spec[] = [
      { name: 'fg s1 a', session: 1 },
      { name: 'fg s1 b', session: 1 },
      { name: 'fg s2', session: 2 },
      { name: 'fg none' },
      { name: 'bg 1', lane: 'background', session: 1 },
      { name: 'bg 2', lane: 'background' },
    ];

    const order = drain(new RandomReadySet({ foregroundFifo: true }), specs, source);

    // 3 foreground heads + 2 background; after 'fg s1 a' its queue still has a head.
    expect(counts).toEqual([5, 5, 4, 3, 2]);
    expect(order).toEqual(['fg s1 a', 'fg s1 b', 'fg s2', 'fg none', 'bg 1', 'bg 2']);
  });

  it.each([false, true])(
    'names its candidates: at(i) over 0..n-1 is each offered runnable once, and at(choice) is the one picked (foregroundFifo %s, property)',
    (foregroundFifo) => {
      const spec = fc.record({
        name: fc.string(),
        lane: fc.constantFrom<Lane>('foreground', 'background'),
        session: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
      });
      fc.assert(
        fc.property(fc.array(spec, { maxLength: 30 }), fc.nat(), (specs, seed) => {
          const set = new RandomReadySet({ foregroundFifo });
          for (const s of specs) set.push(runnable(s));
          const seeded = new SeededSource(seed);
          for (let left = specs.length; left > 0; left--) {
            let offered: Runnable[] = [];
            let chosen = -1;
            const source: DecisionSource = {
              description: 'spy',
              choose: (n, candidates) => {
                offered = Array.from({ length: n }, (_, i) => candidates?.at(i) as Runnable);
                chosen = seeded.choose(n);
                return chosen;
              },
            };
            const all = set.runnables();

            const picked = set.pick(source);

            if (chosen < 0) {
              // A single candidate: no choice (with foregroundFifo, one session's queue head).
              expect(all.includes(picked as Runnable)).toBe(true);
              if (!foregroundFifo) expect(all).toEqual([picked]);
              continue;
            }
            expect(new Set(offered).size).toBe(offered.length);
            expect(offered.every((r) => all.includes(r))).toBe(true);
            if (!foregroundFifo) expect(offered.length).toBe(all.length);
            expect(picked).toBe(offered[chosen]);
          }
          expect(set.size).toBe(0);
        }),
        { numRuns: 200 },
      );
    },
  );

  it('does not ask the source when there is a single candidate', () => {
    const source: DecisionSource = {
      description: 'forbidden',
      choose: () => {
        throw new Error('no choice to make');
      },
    };

    expect(drain(new RandomReadySet({ foregroundFifo: true }), [{ name: 'a' }, { name: 'b' }], source)).toEqual([
      'a',
      'b',
    ]);
    expect(drain(new RandomReadySet(), [{ name: 'a' }], source)).toEqual(['a']);
  });

  it('ignores priorities, so an urgent background runnable can run after a normal one', () => {
    const source: DecisionSource = { description: 'last', choose: (n) => n - 1 };

    const order = drain(
      new RandomReadySet(),
      [
        { name: 'urgent', lane: 'background', priority: 'user-blocking' },
        { name: 'normal', lane: 'background' },
      ],
      source,
    );

    expect(order).toEqual(['normal', 'urgent']);
  });

  it('tracks its size and lists its runnables', () => {
    const set = new RandomReadySet();
    set.push(runnable({ name: 'fg', session: 1 }));
    set.push(runnable({ name: 'bg', lane: 'background' }));

    expect(set.size).toBe(2);
    expect(
      set
        .runnables()
        .map((r) => r.task.label)
        .sort(),
    ).toEqual(['bg', 'fg']);
    expect(set.pick(new FifoSource())?.task.label).toBe('fg');
    expect(set.size).toBe(1);
  });
});
