// Simulator step throughput: N tasks, each hitting M interleaving points, under a controlling
// scheduler that picks the order. Peer: fast-check's fc.scheduler() on the same scenario.
// Floor: a raw `await null` loop of the same step count (no scheduling decisions at all).

import { Simulator } from '@sched/sim';
import fc from 'fast-check';
import { floorCase } from '../lib/floors.mjs';

/** @param {{ tasks: number, points: number }} p */
const interleavingPoints = (p) => p.tasks * p.points;

/** @param {{ counter: number }} result @param {{ tasks: number, points: number }} p */
function checkCount(result, p) {
  if (result.counter !== interleavingPoints(p)) {
    throw new Error(`expected ${interleavingPoints(p)} completed points, got ${result.counter}`);
  }
}

export const group = {
  name: 'sim-steps',
  description:
    'N tasks × M interleaving points each, every point a scheduler-chosen step. @sched/sim (seeded random order, `await ctx.yieldNow()` per point) vs fast-check `fc.scheduler()` (`await s.schedule(Promise.resolve())` per point, `waitIdle()`), floor: `await null` × N·M.',
  // A forced full GC before each 20k-step run makes every case pay for regrowing the young
  // generation (the simulator ~2.4x, the floor ~1.5x); a test suite never does that.
  gcBetweenRuns: false,
  params: {
    full: { tasks: 10, points: 2_000, ops: 20_000 },
    smoke: { tasks: 4, points: 25, ops: 100 },
  },
  cases: [
    {
      name: '@sched/sim',
      role: 'subject',
      run: async (p) => {
        const sim = new Simulator({ seed: 1, trace: false });
        const state = { counter: 0 };
        for (let t = 0; t < p.tasks; t++) {
          sim
            .spawn(
              async (ctx) => {
                for (let m = 0; m < p.points; m++) {
                  await ctx.yieldNow();
                  state.counter++;
                }
              },
              { lane: 'background' },
            )
            .detach();
        }
        await sim.runUntilIdle();
        return { counter: state.counter, steps: sim.trace.steps };
      },
      check: (result, p) => {
        checkCount(result, p);
        const expected = p.tasks * (p.points + 1); // one start + one resume per point, per task
        if (result.steps !== expected) throw new Error(`expected ${expected} steps, got ${result.steps}`);
      },
    },
    {
      name: 'fast-check fc.scheduler()',
      role: 'peer',
      run: async (p) => {
        const [s] = fc.sample(fc.scheduler(), { numRuns: 1, seed: 1 });
        const state = { counter: 0 };
        const done = [];
        for (let t = 0; t < p.tasks; t++) {
          done.push(
            (async () => {
              for (let m = 0; m < p.points; m++) {
                await s.schedule(Promise.resolve());
                state.counter++;
              }
            })(),
          );
        }
        await s.waitIdle();
        await Promise.all(done);
        return { counter: state.counter };
      },
      check: checkCount,
    },
    floorCase('await null', interleavingPoints, 'await null × N·M (floor)'),
  ],
};
