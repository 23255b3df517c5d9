// Simulator step throughput: N tasks, each hitting M interleaving points, under a controlling
// scheduler that picks the order, in two shapes side by side (A: few long tasks, B: many short
// ones). Subject: @sched/sim with its default options (trace on) and with `trace: false`.
// Peer: fast-check's fc.scheduler() on the same scenario. Floor: a raw `await null` loop of the
// same step count (no scheduling decisions at all). Ratios are drawn within each shape.

import { Simulator } from '@sched/sim';
import fc from 'fast-check';
import { floorCase } from '../lib/floors.mjs';

/**
 * @typedef {{ tasks: number, points: number }} Shape
 * @typedef {{ A: Shape, B: Shape }} Params
 * @typedef {{ perTask: number[], steps?: number, events?: number }} Result
 */

/** @param {Shape} s */
const interleavingPoints = (s) => s.tasks * s.points;

/**
 * Every task ran all its points.
 * @param {Result} result
 * @param {Shape} s
 */
function checkPoints(result, s) {
  if (result.perTask.length !== s.tasks) {
    throw new Error(`expected ${s.tasks} tasks, got ${result.perTask.length}`);
  }
  result.perTask.forEach((done, t) => {
    if (done !== s.points) throw new Error(`task ${t} completed ${done} of ${s.points} points`);
  });
}

/**
 * @param {Shape} s
 * @param {{ trace?: boolean, attribution?: 'exact' }} options  on top of the defaults (seed 1 so the schedule is fixed)
 * @returns {Promise<Result>}
 */
async function runSim(s, options) {
  const sim = new Simulator({ seed: 1, ...options });
  const perTask = new Array(s.tasks).fill(0);
  for (let t = 0; t < s.tasks; t++) {
    sim
      .spawn(async (ctx) => {
        for (let m = 0; m < s.points; m++) {
          await ctx.yieldNow();
          perTask[t]++;
        }
      })
      .detach();
  }
  await sim.runUntilIdle();
  return { perTask, steps: sim.trace.steps, events: sim.trace.eventCount };
}

/**
 * @param {Result} result
 * @param {Shape} s
 * @param {boolean} trace
 */
function checkSim(result, s, trace) {
  checkPoints(result, s);
  const expected = s.tasks * (s.points + 1); // one start + one resume per point, per task
  if (result.steps !== expected) throw new Error(`expected ${expected} steps, got ${result.steps}`);
  const events = trace ? expected : 0;
  if (result.events !== events) throw new Error(`expected ${events} trace events kept, got ${result.events}`);
}

/**
 * @param {Shape} s
 * @returns {Promise<Result>}
 */
async function runFastCheck(s) {
  const [sched] = fc.sample(fc.scheduler(), { numRuns: 1, seed: 1 });
  if (!sched) throw new Error('fc.sample gave no scheduler');
  const perTask = new Array(s.tasks).fill(0);
  const done = [];
  for (let t = 0; t < s.tasks; t++) {
    done.push(
      (async () => {
        for (let m = 0; m < s.points; m++) {
          await sched.schedule(Promise.resolve());
          perTask[t]++;
        }
      })(),
    );
  }
  await sched.waitIdle();
  await Promise.all(done);
  return { perTask };
}

/**
 * The four cases of one shape; ratios are drawn within the set.
 * @param {'A' | 'B'} set
 */
function shapeCases(set) {
  /** @param {Params} p */
  const shape = (p) => p[set];
  /** @param {Params} p */
  const ops = (p) => interleavingPoints(shape(p));
  const floor = floorCase('await null', ops, `${set} · await null × N·M (floor)`);
  return [
    {
      name: `${set} · @sched/sim (defaults, trace on)`,
      role: 'subject',
      set,
      ops,
      run: (/** @type {Params} */ p) => runSim(shape(p), {}),
      check: (/** @type {Result} */ r, /** @type {Params} */ p) => checkSim(r, shape(p), true),
    },
    {
      name: `${set} · @sched/sim (trace: false)`,
      role: 'subject',
      set,
      ops,
      run: (/** @type {Params} */ p) => runSim(shape(p), { trace: false }),
      check: (/** @type {Result} */ r, /** @type {Params} */ p) => checkSim(r, shape(p), false),
    },
    {
      // What exact attribution costs on this Node (AsyncLocalStorage; cheap only on Node >= 24).
      name: `${set} · @sched/sim (attribution: 'exact')`,
      role: 'subject',
      set,
      ops,
      run: (/** @type {Params} */ p) => runSim(shape(p), { attribution: 'exact' }),
      check: (/** @type {Result} */ r, /** @type {Params} */ p) => checkSim(r, shape(p), true),
    },
    {
      name: `${set} · fast-check fc.scheduler()`,
      role: 'peer',
      set,
      ops,
      run: (/** @type {Params} */ p) => runFastCheck(shape(p)),
      check: (/** @type {Result} */ r, /** @type {Params} */ p) => checkPoints(r, shape(p)),
    },
    { ...floor, set, ops },
  ];
}

export const group = {
  name: 'sim-steps',
  description:
    'N tasks × M interleaving points each, every point a scheduler-chosen step, in two shapes: A = 10 tasks × 2000 points, B = 100 tasks × 100 points (ratios within each shape, per op = per point). @sched/sim with default options (seeded random order over every ready Runnable, trace on), with `{ trace: false }` and with `{ attribution: "exact" }` (AsyncLocalStorage), `sim.spawn(fn)` and `await ctx.yieldNow()` per point; peer: fast-check `fc.scheduler()` (`await s.schedule(Promise.resolve())` per point, `waitIdle()`); floor: `await null` × N·M. Checks every task ran all its points (and the step and trace-event counts).',
  // A forced full GC before each 20k-step run makes every case pay for regrowing the young
  // generation (the simulator ~2.4x, the floor ~1.5x); a test suite never does that.
  gcBetweenRuns: false,
  // A full run takes ~2 s at the harness defaults (2 + 10); more rounds steady the ratios of
  // these short runs on a shared machine.
  warmup: 5,
  samples: 30,
  params: {
    full: { A: { tasks: 10, points: 2_000 }, B: { tasks: 100, points: 100 } },
    smoke: { A: { tasks: 4, points: 25 }, B: { tasks: 20, points: 5 } },
  },
  cases: [...shapeCases('A'), ...shapeCases('B')],
};
