// Exploration strategies side by side on planted concurrency bugs: for each bug (a set), every
// @sched/sim strategy (the default portfolio first, then random, PCT, delay-bounded, coverage-guided and
// bounded-exhaustive search, one run: it draws nothing at random) and fast-check's fc.scheduler() peer look for the bug from
// `seeds` outer seeds. The row's value is the median number of schedules run up to and
// including the first failing one (lower is better); the details table printed after the runs
// adds found/total, the max, schedules/s and the shrunk length. Every run must find the bug,
// and each case also runs the bug-free twin over its whole budget, which must raise no alarm.
// The bugs live in packages/sim/test/fixtures/planted/ (shared with the tests).

import { explore } from '@sched/sim';
import fc from 'fast-check';
import { plantedBugs } from '../../../packages/sim/test/fixtures/planted/index.mjs';

/**
 * @typedef {{ seeds: number, budget: number, twinBudget: number, shrinkRuns: number }} Params
 * @typedef {{ toFirst: number[], found: number, total: number, schedules: number, ms: number,
 *   shrunk: number[], falseAlarms: number }} Result
 */

const STRATEGIES = /** @type {const} */ (['portfolio', 'random', 'pct', 'delay', 'coverage', 'exhaustive']);
const quiet = { replayCommand: () => 'replay' };

/** @type {Map<string, Result>} */
const details = new Map();

/**
 * @param {import('../../../packages/sim/test/fixtures/planted/index.mjs').PlantedBug} bug
 * @param {(typeof STRATEGIES)[number]} strategy
 * @param {Params} p
 * @returns {Promise<Result>}
 */
async function runSim(bug, strategy, p) {
  // Depth-first search draws nothing at random: every outer seed would repeat the same run.
  const seeds = strategy === 'exhaustive' ? 1 : p.seeds;
  const result = { toFirst: [], found: 0, total: seeds, schedules: 0, ms: 0, shrunk: [], falseAlarms: 0 };
  const t0 = performance.now();
  for (let seed = 0; seed < seeds; seed++) {
    const r = await explore(bug.buggy, {
      strategy,
      seed,
      budget: { schedules: p.budget },
      shrinkRuns: p.shrinkRuns,
      ...quiet,
    });
    result.schedules += r.schedules;
    if (r.found) {
      result.found++;
      result.toFirst.push(r.failure.schedule);
      result.shrunk.push(r.failure.shrunk.length);
    }
  }
  result.ms = performance.now() - t0;
  const twin = await explore(bug.fixed, {
    strategy,
    seed: 0,
    budget: { schedules: p.twinBudget },
    shrinkRuns: 0,
    ...quiet,
  });
  if (twin.found) result.falseAlarms++;
  return result;
}

/**
 * @param {import('../../../packages/sim/test/fixtures/planted/index.mjs').PlantedBug} bug
 * @param {Params} p
 * @returns {Promise<Result>}
 */
async function runFastCheck(bug, p) {
  const result = { toFirst: [], found: 0, total: p.seeds, schedules: 0, ms: 0, shrunk: [], falseAlarms: 0 };
  const t0 = performance.now();
  for (let seed = 0; seed < p.seeds; seed++) {
    const details = await fc.check(
      fc.asyncProperty(fc.scheduler(), (s) => bug.fc.buggy(s)),
      { numRuns: p.budget, seed },
    );
    if (details.failed) {
      result.found++;
      result.toFirst.push(details.numRuns);
      result.schedules += details.numRuns;
      const [s] = /** @type {[import('fast-check').Scheduler]} */ (details.counterexample ?? []);
      result.shrunk.push(s?.report().length ?? 0);
    } else {
      result.schedules += p.budget;
    }
  }
  result.ms = performance.now() - t0;
  const twin = await fc.check(
    fc.asyncProperty(fc.scheduler(), (s) => bug.fc.fixed(s)),
    { numRuns: p.twinBudget, seed: 0 },
  );
  if (twin.failed) result.falseAlarms++;
  return result;
}

/** @param {number[]} values */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length === 0 ? Number.NaN : sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * @param {string} name
 * @returns {(r: Result) => void}
 */
const checkFound = (name) => (r) => {
  details.set(name, r);
  if (r.found !== r.total) throw new Error(`found the bug from ${r.found} of ${r.total} seeds`);
  if (r.falseAlarms !== 0) throw new Error('false alarm on the bug-free twin');
};

/** @param {Result} r */
const metric = (r) => ({ value: median(r.toFirst), unit: 'schedules', better: /** @type {const} */ ('lower') });

function cases() {
  return plantedBugs.flatMap((bug) => {
    const set = bug.name;
    const sim = STRATEGIES.map((strategy) => {
      const name = `${set} · @sched/sim ${strategy}`;
      return {
        name,
        role: /** @type {const} */ ('subject'),
        set,
        run: (/** @type {Params} */ p) => runSim(bug, strategy, p),
        check: checkFound(name),
        metric,
      };
    });
    const peerName = `${set} · fast-check fc.scheduler()`;
    const peer = {
      name: peerName,
      role: /** @type {const} */ ('peer'),
      set,
      run: (/** @type {Params} */ p) => runFastCheck(bug, p),
      check: checkFound(peerName),
      metric,
    };
    return [...sim, peer];
  });
}

function printDetails() {
  const rows = [['case', 'found', 'median', 'max', 'schedules/s', 'shrunk (median)']];
  for (const [name, r] of details) {
    rows.push([
      name,
      `${r.found}/${r.total}`,
      String(median(r.toFirst)),
      String(Math.max(...r.toFirst)),
      String(Math.round((r.schedules / r.ms) * 1000)),
      String(median(r.shrunk)),
    ]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  console.log('\nexplore details (schedules to the first failure over the outer seeds):');
  for (const row of rows)
    console.log(`  ${row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ')}`);
}

export const group = {
  name: 'explore',
  description:
    'Schedules to the first failure (median over the outer seeds; lower is better) on eight planted concurrency bugs (packages/sim/test/fixtures/planted), each a set: @sched/sim explore() with the default portfolio, random, pct (depth 3), delay (at most 2 delays from the non-preemptive order), coverage (greybox tape mutation) and exhaustive (depth-first) strategies, and fast-check fc.scheduler() (fc.check, same budget) as the peer. Checks: every outer seed finds the bug within the budget, and the bug-free twin raises no alarm over its whole budget. Details (found/total, max, schedules/s, shrunk length) are printed after the runs.',
  // Seeded and deterministic: the value of a case is the same in every run, so one is enough.
  warmup: 0,
  samples: 1,
  params: {
    full: { seeds: 20, budget: 20_000, twinBudget: 2_000, shrinkRuns: 200 },
    smoke: { seeds: 1, budget: 5_000, twinBudget: 10, shrinkRuns: 0 },
  },
  teardown: printDetails,
  cases: cases(),
};
