// Every task starts through the scheduler in both (a spawn's start is a step; fast-check tasks
// await one scheduled promise first), so both explore the same orders.
// Exploration throughput: whole schedules per second on small scenarios, the simulator's set-up
// and teardown per seed included (what a user of `many` waits for), side by side with
// fast-check's runs per second on the same scenario (`fc.scheduler()` inside `fc.check`).
// Each set is one scenario; a run explores `runs` schedules (seeds 0..runs-1 for @sched/sim,
// `numRuns` for fast-check); per op = per schedule.

import { setSpawnLocationCapture } from '@sched/core';
import { findFailure, many } from '@sched/sim';
import fc from 'fast-check';

/**
 * @typedef {{ runs: number }} Params
 * @typedef {{ runs: number, outcomes: Map<string, number>, decisions?: number }} Result
 */

// ---- scenario "lost update": 3 tasks × 1 yield ----------------------------------------------
// Each task reads a shared counter, yields, writes it back + 1. The outcome is the final value:
// 3 in the serial orders, less when updates are lost.

/** @param {import('@sched/sim').Simulator} sim */
async function lostUpdateSim(sim) {
  const state = { counter: 0 };
  const tasks = [];
  for (let t = 0; t < 3; t++) {
    tasks.push(
      sim.spawn(async (ctx) => {
        const seen = state.counter;
        await ctx.yieldNow();
        state.counter = seen + 1;
      }),
    );
  }
  await sim.runUntil(Promise.all(tasks));
  return String(state.counter);
}

/** @param {import('fast-check').Scheduler} s */
async function lostUpdateFc(s) {
  const state = { counter: 0 };
  const tasks = [];
  for (let t = 0; t < 3; t++) {
    tasks.push(
      (async () => {
        await s.schedule(Promise.resolve()); // the start is a scheduled step too, as a spawn is
        const seen = state.counter;
        await s.schedule(Promise.resolve());
        state.counter = seen + 1;
      })(),
    );
  }
  await s.waitFor(Promise.all(tasks));
  return String(state.counter);
}

// ---- scenario "cache fill": a small real-world port --------------------------------------------
// Three requests read through a cache: on a miss each fetches (a simulated backend call taking
// 1–3 ms) and stores the value; an invalidation runs once in between. The outcome is how many
// fetches happened and whether the cache ended holding the fresh version (~10 decisions each).

/** @param {import('@sched/sim').Simulator} sim */
async function cacheFillSim(sim) {
  const cache = new Map();
  const backend = { version: 1, fetches: 0 };
  const fetchValue = async (ctx) => {
    backend.fetches++;
    const version = backend.version;
    await ctx.sleep(sim.delay(1, 3));
    return version;
  };
  const read = async (ctx) => {
    const hit = cache.get('k');
    if (hit !== undefined) return hit;
    const value = await fetchValue(ctx);
    cache.set('k', value);
    return value;
  };
  const tasks = [
    sim.spawn(read),
    sim.spawn(read),
    sim.spawn(async (ctx) => {
      await ctx.yieldNow();
      backend.version = 2;
      cache.delete('k');
    }),
    sim.spawn(read),
  ];
  await sim.runUntil(Promise.all(tasks));
  return `${backend.fetches} fetches, cache v${cache.get('k') ?? '-'}`;
}

/** @param {import('fast-check').Scheduler} s */
async function cacheFillFc(s) {
  const cache = new Map();
  const backend = { version: 1, fetches: 0 };
  // The backend call resolves when the scheduler releases it (fast-check's form of "1–3 ms").
  const call = s.scheduleFunction(async (version) => version);
  const fetchValue = async () => {
    backend.fetches++;
    return call(backend.version);
  };
  const read = async () => {
    await s.schedule(Promise.resolve()); // scheduled start, as a spawn
    const hit = cache.get('k');
    if (hit !== undefined) return hit;
    const value = await fetchValue();
    cache.set('k', value);
    return value;
  };
  const invalidate = async () => {
    await s.schedule(Promise.resolve()); // scheduled start, as a spawn
    await s.schedule(Promise.resolve());
    backend.version = 2;
    cache.delete('k');
  };
  const tasks = [read(), read(), invalidate(), read()];
  await s.waitFor(Promise.all(tasks));
  return `${backend.fetches} fetches, cache v${cache.get('k') ?? '-'}`;
}

// ---- runners --------------------------------------------------------------------------------

/**
 * @param {(sim: import('@sched/sim').Simulator) => Promise<string>} scenario
 * @param {Params} p
 * @param {import('@sched/sim').SeedlessOptions} options
 * @returns {Promise<Result>}
 */
async function runMany(scenario, p, options) {
  const outcomes = new Map();
  let decisions = 0;
  const results = await many(
    p.runs,
    async (sim) => {
      const outcome = await scenario(sim);
      decisions += sim.schedule.length;
      return outcome;
    },
    options,
  );
  for (const outcome of results) outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
  return { runs: results.length, outcomes, decisions };
}

/**
 * @param {(s: import('fast-check').Scheduler) => Promise<string>} scenario
 * @param {Params} p
 * @returns {Promise<Result>}
 */
async function runFastCheck(scenario, p) {
  const outcomes = new Map();
  let runs = 0;
  const details = await fc.check(
    fc.asyncProperty(fc.scheduler(), async (s) => {
      const outcome = await scenario(s);
      runs++;
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      return true;
    }),
    { numRuns: p.runs, seed: 1 },
  );
  if (details.failed) throw new Error(`fast-check run failed: ${String(details.errorInstance)}`);
  return { runs, outcomes };
}

/**
 * What a failing seed costs: `findFailure` on one seed whose body always throws after the lost
 * update scenario, seed after seed. With defaults that is a lean run plus the rich re-run that
 * reports it (checked to repeat the run); with `trace: true`, one rich run.
 * @param {Params} p
 * @param {import('@sched/sim').SeedlessOptions} options
 * @returns {Promise<{ failures: number }>}
 */
async function runFailingSeeds(p, options) {
  let failures = 0;
  const failing = async (/** @type {import('@sched/sim').Simulator} */ sim) => {
    await lostUpdateSim(sim);
    throw new Error('always fails');
  };
  for (let seed = 0; seed < failingSeeds(p); seed++) {
    const failure = await findFailure(failing, { from: seed, count: 1 }, options);
    if (failure?.seed === seed && failure.outcome.simulator.trace.eventCount > 0) failures++;
  }
  return { failures };
}

/** Failing seeds per run: fewer than schedules, each costs a thrown error and a re-run. */
const failingSeeds = (/** @type {Params} */ p) => Math.max(1, Math.round(p.runs / 10));

/**
 * Every schedule ran, every outcome is a possible one, and the runs explored more than one order.
 * @param {Result} result
 * @param {Params} p
 * @param {readonly string[]} possible
 */
function check(result, p, possible) {
  if (result.runs !== p.runs) throw new Error(`expected ${p.runs} schedules, got ${result.runs}`);
  for (const outcome of result.outcomes.keys()) {
    if (!possible.includes(outcome)) throw new Error(`impossible outcome ${JSON.stringify(outcome)}`);
  }
  if (p.runs >= 20 && result.outcomes.size < 2) {
    throw new Error(`${p.runs} schedules reached only ${[...result.outcomes.keys()].join(', ')}`);
  }
}

const scenarios = [
  {
    set: 'lost update',
    title: '3 tasks × 1 yield',
    sim: lostUpdateSim,
    fc: lostUpdateFc,
    possible: ['1', '2', '3'],
  },
  {
    set: 'cache fill',
    title: '3 readers + 1 invalidation',
    sim: cacheFillSim,
    fc: cacheFillFc,
    // 1–3 fetches (each reader at most one); the cache may end stale (v1), fresh (v2) or empty.
    possible: [1, 2, 3].flatMap((f) => ['v1', 'v2', 'v-'].map((v) => `${f} fetches, cache ${v}`)),
  },
];

export const group = {
  name: 'sim-schedules',
  description:
    'Schedules explored per second on small scenarios, set-up and teardown per seed included: "lost update" (3 tasks × 1 yield, a read-yield-write counter) and "cache fill" (3 read-through readers whose miss is a 1–3 ms simulated fetch, plus one invalidation: ~10 decisions). @sched/sim: `many(runs, scenario)` with default options (passing seeds lean: trace events and spawn-location capture off, a failing seed re-run with both on), with `{ trace: true }` (events on every seed, capture on), with `{ trace: false }` (capture on), and with `{ trace: false }` and capture off (`setSpawnLocationCapture(false)`); peer: fast-check `fc.check(fc.asyncProperty(fc.scheduler(), scenario), { numRuns })`. Per op = per schedule. Set "failing seed": what one failing seed costs in `findFailure` (the lost update body, then a throw; runs/10 seeds): with defaults a lean run plus the rich re-run that reports it, with `trace: true` one rich run; per op = per failing seed. Checks the run count, that every outcome is a possible one and that several outcomes were reached.',
  gcBetweenRuns: false,
  warmup: 3,
  samples: 15,
  params: {
    full: { runs: 2_000, ops: 2_000 },
    smoke: { runs: 40, ops: 40 },
  },
  cases: scenarios
    .flatMap((sc) => [
      {
        // The headline: passing seeds run lean (no trace events, no spawn-location capture).
        name: `${sc.set} · @sched/sim many (defaults)`,
        role: 'subject',
        set: sc.set,
        run: (/** @type {Params} */ p) => runMany(sc.sim, p, {}),
        check: (/** @type {Result} */ r, /** @type {Params} */ p) => check(r, p, sc.possible),
      },
      {
        // What the old default cost: every seed keeps its events and captures spawn sites.
        name: `${sc.set} · @sched/sim many (trace: true)`,
        role: 'subject',
        set: sc.set,
        run: (/** @type {Params} */ p) => runMany(sc.sim, p, { trace: true }),
        check: (/** @type {Result} */ r, /** @type {Params} */ p) => check(r, p, sc.possible),
      },
      {
        name: `${sc.set} · @sched/sim many (trace: false)`,
        role: 'subject',
        set: sc.set,
        run: (/** @type {Params} */ p) => runMany(sc.sim, p, { trace: false }),
        check: (/** @type {Result} */ r, /** @type {Params} */ p) => check(r, p, sc.possible),
      },
      {
        // `trace: false` alone keeps spawn-location capture on (one stack capture per spawn);
        // this row turns it off too, as the defaults do on passing seeds.
        name: `${sc.set} · @sched/sim many (trace: false, spawn-location capture off)`,
        role: 'subject',
        set: sc.set,
        run: async (/** @type {Params} */ p) => {
          const previous = setSpawnLocationCapture(false);
          try {
            return await runMany(sc.sim, p, { trace: false });
          } finally {
            setSpawnLocationCapture(previous);
          }
        },
        check: (/** @type {Result} */ r, /** @type {Params} */ p) => check(r, p, sc.possible),
      },
      {
        name: `${sc.set} · fast-check fc.scheduler() in fc.check`,
        role: 'peer',
        set: sc.set,
        run: (/** @type {Params} */ p) => runFastCheck(sc.fc, p),
        check: (/** @type {Result} */ r, /** @type {Params} */ p) => check(r, p, sc.possible),
      },
    ])
    .concat(
      [
        ['defaults: lean run + rich re-run', {}],
        ['trace: true: one rich run', { trace: true }],
      ].map(([label, options]) => ({
        name: `failing seed · findFailure (${label})`,
        role: 'subject',
        set: 'failing seed',
        ops: failingSeeds,
        run: (/** @type {Params} */ p) => runFailingSeeds(p, /** @type {object} */ (options)),
        check: (/** @type {{ failures: number }} */ r, /** @type {Params} */ p) => {
          // Every seed failed and was reported from a run that kept its trace events.
          if (r.failures !== failingSeeds(p))
            throw new Error(`expected ${failingSeeds(p)} reported failures, got ${r.failures}`);
        },
      })),
    ),
};
